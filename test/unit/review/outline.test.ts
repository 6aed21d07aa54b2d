import assert from 'node:assert/strict';
import { classifyHeader, flattenBlocks, outlineCode } from '../../../src/core/review/outline';

function summary(text: string, languageId: string): string[] {
  return flattenBlocks(outlineCode(text, languageId).blocks).map((b) => `${b.kind}:${b.name ?? '-'}:${b.startLine}-${b.endLine}`);
}

describe('review outline', () => {
  it('finds functions, classes and control blocks in TypeScript', () => {
    const text = [
      'class Store extends Base {', // 1
      '  get(key: string): number {', // 2
      '    if (key) { return 1; }', // 3
      '    return 0;', // 4
      '  }', // 5
      '}', // 6
      'const add = (a: number) => {', // 7
      '  return { a };', // 8
      '};', // 9
    ].join('\n');
    assert.deepEqual(summary(text, 'typescript'), [
      'container:Store:1-6',
      'function:get:2-5',
      'control:-:3-3',
      'function:add:7-9',
      'other:-:8-8',
    ]);
  });

  it('spans multi-line and Allman-style headers, ignoring braces in strings', () => {
    const text = ['public void run(int a,', '                int b)', '{', '    String s = "}";', '}'].join('\n');
    assert.deepEqual(summary(text, 'java'), ['function:run:1-5']);
  });

  it('reads Go functions whose for header has semicolons', () => {
    const text = ['func (s *S) Sum(n int) int {', '\tt := 0', '\tfor i := 0; i < n; i++ {', '\t\tt += i', '\t}', '\treturn t', '}'].join('\n');
    assert.deepEqual(summary(text, 'go'), ['function:Sum:1-7', 'control:-:3-5']);
  });

  it('follows Python indentation, decorators and one-line suites', () => {
    const text = [
      'import os', // 1
      '', // 2
      '@cache', // 3
      'def load(path,', // 4
      '         mode):', // 5
      '    if path:', // 6
      '        return 1', // 7
      '    s = """', // 8
      'def fake():', // 9
      '"""', // 10
      '    return 2', // 11
      '', // 12
      'class K:', // 13
      '    def m(self): return 1', // 14
    ].join('\n');
    assert.deepEqual(summary(text, 'python'), ['function:load:3-11', 'control:-:6-7', 'container:K:13-14', 'function:m:14-14']);
    const load = outlineCode(text, 'python').blocks[0];
    assert.equal(load.headerLine, 4);
  });

  it('classifies headers by keyword', () => {
    assert.equal(classifyHeader('} else if (x > 1)').kind, 'control');
    assert.equal(classifyHeader('impl<T> Display for Wrapper<T>').kind, 'container');
    assert.equal(classifyHeader('module.exports =').kind, 'other');
    assert.equal(classifyHeader('const x = foo(bar)').kind, 'other');
    assert.deepEqual(classifyHeader('export async function fetchAll(urls)'), { kind: 'function', name: 'fetchAll' });
    assert.deepEqual(classifyHeader('static int parse(const char *s)'), { kind: 'function', name: 'parse' });
  });
});
