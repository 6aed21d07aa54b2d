import assert from 'node:assert/strict';
import { chunkForReview, codeBudgetForContext, type ReviewChunk } from '../../../src/core/review/chunking';

/** Counting lines instead of characters makes budgets in tests easy to reason about. */
const lineTokens = (text: string): number => text.split('\n').length;

function jsFunction(name: string, bodyLines: number): string[] {
  const lines = [`function ${name}(a) {`];
  for (let i = 0; i < bodyLines; i++) lines.push(`  a = a + ${i}; // ${name} {`);
  lines.push('}');
  return lines;
}

function assertCoversInOrder(chunks: ReviewChunk[], lines: string[]): void {
  let expected = 1;
  for (const chunk of chunks) {
    assert.equal(chunk.startLine, expected);
    assert.equal(chunk.text, lines.slice(chunk.startLine - 1, chunk.endLine).join('\n'));
    expected = chunk.endLine + 1;
  }
  assert.equal(expected, lines.length + 1);
}

describe('review chunking', () => {
  it('returns the whole text as one chunk when it fits', () => {
    const lines = jsFunction('a', 3);
    const chunks = chunkForReview(lines.join('\n'), { languageId: 'javascript', maxTokens: 100, countTokens: lineTokens, lineOverheadTokens: 0 });
    assert.equal(chunks.length, 1);
    assert.deepEqual([chunks[0].startLine, chunks[0].endLine, chunks[0].partial], [1, 5, false]);
  });

  it('cuts only between top-level functions and keeps a doc comment with its function', () => {
    const lines = [
      ...jsFunction('a', 6), // 1-8
      '', // 9
      '/** Adds. */', // 10
      ...jsFunction('b', 6), // 11-18
      '', // 19
      ...jsFunction('c', 6), // 20-27
    ];
    const chunks = chunkForReview(lines.join('\n'), { languageId: 'javascript', maxTokens: 12, countTokens: lineTokens, lineOverheadTokens: 0 });
    assertCoversInOrder(chunks, lines);
    assert.deepEqual(chunks.map((c) => [c.startLine, c.endLine]), [[1, 9], [10, 19], [20, 27]]);
    assert.ok(chunks.every((c) => !c.partial && c.tokens <= 12));
  });

  it('packs several small functions into one chunk up to the budget', () => {
    const lines = [...jsFunction('a', 1), ...jsFunction('b', 1), ...jsFunction('c', 1), ...jsFunction('d', 1)];
    const chunks = chunkForReview(lines.join('\n'), { languageId: 'typescript', maxTokens: 7, countTokens: lineTokens, lineOverheadTokens: 0 });
    assert.deepEqual(chunks.map((c) => [c.startLine, c.endLine]), [[1, 6], [7, 12]]);
  });

  it('splits a class too big for one chunk between its methods, never inside one', () => {
    const lines = [
      'class Big {', // 1
      '  one() {', // 2
      '    return 1;', // 3
      '  }', // 4
      '  two() {', // 5
      '    const s = "}";', // 6
      '    return 2;', // 7
      '  }', // 8
      '  three() {', // 9
      '    return 3;', // 10
      '  }', // 11
      '}', // 12
    ];
    const chunks = chunkForReview(lines.join('\n'), { languageId: 'typescript', maxTokens: 5, countTokens: lineTokens, lineOverheadTokens: 0 });
    assertCoversInOrder(chunks, lines);
    assert.deepEqual(chunks.map((c) => [c.startLine, c.endLine]), [[1, 4], [5, 8], [9, 12]]);
    assert.ok(chunks.every((c) => !c.partial));
  });

  it('splits a function larger than the budget at blank lines and marks the pieces partial', () => {
    const lines = ['function huge() {', '  a();', '  b();', '', '  c();', '  d();', '', '  e();', '}'];
    const chunks = chunkForReview(lines.join('\n'), { languageId: 'javascript', maxTokens: 4, countTokens: lineTokens, lineOverheadTokens: 0 });
    assertCoversInOrder(chunks, lines);
    assert.deepEqual(chunks.map((c) => [c.startLine, c.endLine]), [[1, 4], [5, 7], [8, 9]]);
    assert.ok(chunks.every((c) => c.partial));
  });

  it('cuts a module wrapper too big for one chunk between the functions inside it', () => {
    const inner = (name: string): string[] => [`  function ${name}() {`, '    a();', '', '    b();', '  }'];
    const lines = [
      'function requireLib() {', // 1
      '  if (cached) return cached;', // 2
      '  (function (module) {', // 3
      ...inner('one'), // 4-8
      ...inner('two'), // 9-13
      ...inner('three'), // 14-18
      '  })(lib);', // 19
      '  return lib;', // 20
      '}', // 21
    ];
    const chunks = chunkForReview(lines.join('\n'), { languageId: 'javascript', maxTokens: 8, countTokens: lineTokens, lineOverheadTokens: 0 });
    assertCoversInOrder(chunks, lines);
    assert.deepEqual(chunks.map((c) => [c.startLine, c.endLine]), [[1, 8], [9, 13], [14, 21]]);
    assert.ok(chunks.every((c) => c.partial));
  });

  it('never cuts inside a multi-line string even at a blank line', () => {
    const lines = ['function t() {', '  const s = `a', '', 'b`;', '  x();', '', '  y();', '}'];
    const chunks = chunkForReview(lines.join('\n'), { languageId: 'javascript', maxTokens: 5, countTokens: lineTokens, lineOverheadTokens: 0 });
    assertCoversInOrder(chunks, lines);
    assert.ok(!chunks.some((c) => c.startLine === 3 || c.startLine === 4), JSON.stringify(chunks.map((c) => c.startLine)));
  });

  it('cuts Python at definitions, keeping decorators and comments with them, and splits a big class at its methods', () => {
    const lines = [
      'import os', // 1
      '', // 2
      '# loads', // 3
      '@cache', // 4
      'def load(p):', // 5
      '    if p:', // 6
      '        return 1', // 7
      '    return 2', // 8
      '', // 9
      'class K:', // 10
      '    def a(self):', // 11
      '        return 1', // 12
      '', // 13
      '    def b(self):', // 14
      '        return 2', // 15
      '', // 16
      '    def c(self):', // 17
      '        return 3', // 18
    ];
    const chunks = chunkForReview(lines.join('\n'), { languageId: 'python', maxTokens: 7, countTokens: lineTokens, lineOverheadTokens: 0 });
    assertCoversInOrder(chunks, lines);
    assert.deepEqual(chunks.map((c) => [c.startLine, c.endLine]), [[1, 2], [3, 9], [10, 16], [17, 18]]);
  });

  it('counts the line-number overhead against the budget', () => {
    const text = jsFunction('a', 8).join('\n');
    const without = chunkForReview(text, { languageId: 'javascript', maxTokens: 12, countTokens: lineTokens, lineOverheadTokens: 0 });
    const withOverhead = chunkForReview(text, { languageId: 'javascript', maxTokens: 12, countTokens: lineTokens, lineOverheadTokens: 1 });
    assert.equal(without.length, 1);
    assert.ok(withOverhead.length > 1);
  });

  it('derives the code budget from the context size, keeping room for instructions and the answer', () => {
    assert.equal(codeBudgetForContext(8192), 8192 - 1024 - 800);
    assert.equal(codeBudgetForContext(1024, 512, 600), 256);
  });

  it('returns nothing for blank text and flags a single line larger than the budget', () => {
    assert.deepEqual(chunkForReview('  \n', { languageId: 'javascript' }), []);
    const long = 'function f() {\n  const s = "' + 'x'.repeat(400) + '";\n}';
    const chunks = chunkForReview(long, { languageId: 'javascript', maxTokens: 20 });
    assert.ok(chunks.some((c) => c.oversize && c.startLine === 2));
    assertCoversInOrder(chunks, long.split('\n'));
  });
});

describe('review chunking on generated files', () => {
  it('keeps every function whole across budgets (Go, random sizes)', () => {
    let seed = 3;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const lines: string[] = ['package main', ''];
    for (let f = 0; f < 40; f++) {
      lines.push(`func f${f}(n int) int {`);
      const body = 1 + Math.floor(random() * 12);
      for (let i = 0; i < body; i++) lines.push(i % 4 === 3 ? '\tif n > 0 {\n\t\tn--\n\t}' : `\tn += ${i} // {`);
      lines.push('\treturn n', '}', '');
    }
    const text = lines.join('\n');
    const all = text.split('\n');
    // The largest generated function is 22 lines with its blank line: every budget here fits it.
    for (const budget of [25, 45, 90]) {
      const chunks = chunkForReview(text, { languageId: 'go', maxTokens: budget, countTokens: lineTokens, lineOverheadTokens: 0 });
      assertCoversInOrder(chunks, all);
      for (const c of chunks) {
        const code = c.text.replace(/\/\/.*$/gm, '');
        assert.equal((code.match(/{/g) ?? []).length, (code.match(/}/g) ?? []).length, `budget ${budget}: chunk ${c.startLine}-${c.endLine} cuts a function`);
        assert.ok(c.tokens <= budget);
        assert.equal(c.partial, false);
      }
    }
  });
});
