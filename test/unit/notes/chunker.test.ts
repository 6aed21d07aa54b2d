import assert from 'node:assert/strict';
import { CHUNKER_VERSION, chunkIndexText, chunkNote, formatForPath, type NoteChunk } from '../../../src/core/notes/chunker';
import { approximateTokenCount } from '../../../src/core/notes/tokenEstimate';

const lf = (...lines: string[]): string => lines.join('\n');
/** Every line of `source` that a chunk covers, to check line ranges point at the right text. */
const linesOf = (source: string, chunk: NoteChunk): string[] => source.split(/\r\n|\r|\n/).slice(chunk.startLine, chunk.endLine + 1);

describe('chunkNote', () => {
  it('follows headings and records the heading path and 0-based inclusive line range', () => {
    const source = lf('# Guide', '', 'Intro text.', '', '## Install', '', 'Run the installer.', '', '### Linux', '', 'Use the tarball.', '', '## Use', '', 'Open it.');
    const chunks = chunkNote('guide.md', source);
    assert.deepEqual(
      chunks.map((c) => [c.headingPath, c.startLine, c.endLine, c.text]),
      [
        [['Guide'], 0, 2, 'Intro text.'],
        [['Guide', 'Install'], 4, 6, 'Run the installer.'],
        [['Guide', 'Install', 'Linux'], 8, 10, 'Use the tarball.'],
        [['Guide', 'Use'], 12, 14, 'Open it.'],
      ],
    );
    assert.ok(chunks.every((c) => c.title === 'Guide' && c.file === 'guide.md'));
  });

  it('treats headings inside fenced code as code and never cuts a fence', () => {
    const code = ['```markdown', '# Not a heading', '', '## Also not', 'text', '```'];
    const source = lf('# Real', '', 'Before the fence.', '', ...code, '', 'After.');
    const chunks = chunkNote('a.md', source);
    assert.deepEqual([...new Set(chunks.map((c) => c.headingPath.join('/')))], ['Real']);
    const withFence = chunks.find((c) => c.text.includes('```markdown'))!;
    assert.ok(withFence.text.includes(code.join('\n')), 'the whole fence is in one chunk');
  });

  it('keeps an oversized code block and an oversized table whole', () => {
    const bigCode = ['```js', ...Array.from({ length: 120 }, (_, i) => `const value${i} = compute(${i}, "some text here");`), '```'];
    const bigTable = ['| key | value |', '|-----|-------|', ...Array.from({ length: 120 }, (_, i) => `| row ${i} | some cell text number ${i} |`)];
    const source = lf('# Big', '', 'Intro.', '', ...bigCode, '', ...bigTable, '', 'Outro.');
    const chunks = chunkNote('big.md', source, { maxTokens: 100 });
    const codeChunks = chunks.filter((c) => c.text.includes('const value'));
    const tableChunks = chunks.filter((c) => c.text.includes('| row'));
    assert.equal(codeChunks.length, 1);
    assert.ok(codeChunks[0].text.includes(bigCode.join('\n')));
    assert.equal(tableChunks.length, 1);
    assert.ok(tableChunks[0].text.includes(bigTable.join('\n')));
    assert.ok(approximateTokenCount(codeChunks[0].text) > 100, 'the test really exceeds maxTokens');
  });

  it('keeps nested list items with their parent when a long list is cut between items', () => {
    const items: string[] = [];
    for (let i = 0; i < 30; i++) {
      items.push(`- item ${i} has a few words of its own to make the list long enough`);
      items.push(`  - child ${i} a`, `  - child ${i} b`);
    }
    const source = lf('# List', '', ...items);
    const chunks = chunkNote('list.md', source, { maxTokens: 120, minTokens: 40 });
    assert.ok(chunks.length > 1, 'the list is cut');
    for (const chunk of chunks) {
      const lines = chunk.text.split('\n');
      assert.match(lines[0], /^- item \d+/, 'each chunk starts at a top-level item');
      for (const line of lines) {
        const child = /child (\d+)/.exec(line);
        if (child) assert.ok(chunk.text.includes(`- item ${child[1]} has`), `child ${child[1]} stays with its parent`);
      }
      assert.ok(approximateTokenCount(chunk.text) <= 120);
    }
    assert.equal(chunks.map((c) => c.text).join('\n'), items.join('\n'));
  });

  it('reads YAML front matter (title, tags) and starts the body after it', () => {
    const source = lf('---', 'title: "Release: plan"', 'tags:', '  - work', '  - q3', 'draft: true', '---', '', 'Body text here.');
    const [chunk] = chunkNote('plan.md', source);
    assert.equal(chunk.title, 'Release: plan');
    assert.deepEqual(chunk.tags, ['work', 'q3']);
    assert.equal(chunk.startLine, 8);
    assert.equal(chunk.text, 'Body text here.');
    assert.match(chunkIndexText(chunk), /^Release: plan\n#work #q3\n\nBody text here\.$/);
  });

  it('gives CRLF, CR and LF files the same chunks and line numbers', () => {
    const lines = ['---', 'title: T', '---', '# A', '', 'one', 'two', '', '## B', '', '```', '# code', '```'];
    const ids = (eol: string): unknown => chunkNote('x.md', lines.join(eol)).map((c) => [c.id, c.startLine, c.endLine, c.text]);
    assert.deepEqual(ids('\r\n'), ids('\n'));
    assert.deepEqual(ids('\r'), ids('\n'));
    const chunks = chunkNote('x.md', lines.join('\r\n'));
    assert.ok(chunks.every((c) => !c.text.includes('\r')));
    assert.deepEqual(chunks.map((c) => c.headingPath), [['A'], ['A', 'B']]);
  });

  it('cuts a huge paragraph at sentence ends into chunks within the token limit, losing no word', () => {
    const sentences = Array.from({ length: 200 }, (_, i) => `Sentence number ${i} talks about topic ${i % 7} at some length.`);
    // Wrapped over several lines, as an editor would, so line ranges can be checked.
    const wrapped: string[] = [];
    for (let i = 0; i < sentences.length; i += 5) wrapped.push(sentences.slice(i, i + 5).join(' '));
    const source = lf('# Essay', '', ...wrapped);
    const chunks = chunkNote('essay.md', source, { maxTokens: 300, minTokens: 200 });
    assert.ok(chunks.length >= 4, `expected several chunks, got ${chunks.length}`);
    for (const chunk of chunks) {
      const tokens = approximateTokenCount(chunk.text);
      assert.ok(tokens <= 300, `chunk of ${tokens} tokens`);
      assert.match(chunk.text, /^Sentence number \d+ /);
      assert.match(chunk.text, /length\.$/);
      const covered = linesOf(source, chunk).join(' ');
      assert.ok(covered.includes(chunk.text.slice(0, 30)) && covered.includes(chunk.text.slice(-30)), 'the line range covers the text');
    }
    assert.equal(chunks.map((c) => c.text).join(' ').replace(/\s+/g, ' '), sentences.join(' '));
    // Balanced: no tiny remainder chunk.
    const sizes = chunks.map((c) => approximateTokenCount(c.text));
    assert.ok(Math.min(...sizes) > 0.5 * Math.max(...sizes), `sizes ${sizes.join(',')}`);
  });

  it('cuts a single endless sentence between words', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `w${i}`);
    const chunks = chunkNote('run.txt', words.join(' '), { maxTokens: 250 });
    assert.ok(chunks.length >= 10);
    assert.ok(chunks.every((c) => approximateTokenCount(c.text) <= 250));
    assert.deepEqual(chunks.map((c) => c.text).join(' ').split(' '), words);
  });

  it('packs small blocks of one section together up to the limit', () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} with about ten words of filler text in it.`);
    const chunks = chunkNote('p.md', lf('# P', '', ...paragraphs.flatMap((p) => [p, ''])), { maxTokens: 100, minTokens: 50 });
    assert.ok(chunks.length < 40 && chunks.length > 1);
    assert.ok(chunks.every((c) => approximateTokenCount(c.text) <= 100));
    assert.equal(chunks.map((c) => c.text).join('\n\n'), paragraphs.join('\n\n'));
  });

  it('keeps chunk ids when an unrelated section changes and changes the edited one', () => {
    const before = lf('# N', '', '## A', '', 'alpha text', '', '## B', '', 'beta text');
    const after = lf('# N', '', 'new intro line', '', '## A', '', 'alpha text', '', '## B', '', 'beta text edited');
    const a = chunkNote('n.md', before);
    const b = chunkNote('n.md', after);
    assert.equal(b.find((c) => c.text === 'alpha text')!.id, a.find((c) => c.text === 'alpha text')!.id);
    assert.equal(b.find((c) => c.text === 'alpha text')!.startLine, 4);
    assert.notEqual(b.find((c) => c.headingPath.includes('B'))!.id, a.find((c) => c.headingPath.includes('B'))!.id);
    assert.notEqual(chunkNote('other.md', before)[0].id, a[0].id, 'the file is part of the id');
    assert.match(a[0].id, /^[0-9a-f]{20}$/);
  });

  it('gives identical sections distinct ids', () => {
    const chunks = chunkNote('d.md', lf('## Same', '', 'text', '', '## Same', '', 'text'));
    assert.equal(chunks.length, 2);
    assert.notEqual(chunks[0].id, chunks[1].id);
  });

  it('uses the tokenizer it is given, minus the special tokens it adds to every call', () => {
    // Counts characters, plus 2 for [CLS]/[SEP] as a real tokenizer would.
    const countChars = (text: string): number => text.length + 2;
    // 49 characters each: two fit in 100 only when the +2 per call is not counted twice.
    const paragraphs = Array.from({ length: 10 }, (_, i) => `p${i} ${'x'.repeat(46)}`);
    const chunks = chunkNote('c.md', paragraphs.join('\n\n'), { countTokens: countChars, maxTokens: 100, minTokens: 10 });
    assert.ok(chunks.every((c) => c.text.length <= 100), chunks.map((c) => c.text.length).join(','));
    assert.equal(chunks.length, 5);
  });

  it('reads setext headings, and thematic breaks are not headings', () => {
    const chunks = chunkNote('s.md', lf('Title', '=====', '', 'one', '', '---', '', 'Part', '----', '', 'two'));
    assert.deepEqual(chunks.map((c) => [c.headingPath, c.text]), [[['Title'], 'one'], [['Title', 'Part'], 'two']]);
  });

  it('handles Org headings, keywords, blocks and tables', () => {
    const source = lf('#+TITLE: Trip', '#+FILETAGS: :travel:japan:', '', '* TODO Plan :urgent:', 'Book hotel.', '** Budget', '| a | b |', '| 1 | 2 |', '#+BEGIN_SRC sh', '* not a heading', '#+END_SRC');
    const chunks = chunkNote('trip.org', source);
    assert.equal(chunks[0].title, 'Trip');
    assert.deepEqual(chunks[0].tags, ['travel', 'japan']);
    assert.deepEqual(chunks.map((c) => c.headingPath), [['Plan'], ['Plan', 'Budget']]);
    assert.ok(chunks[1].text.includes('* not a heading'));
  });

  it('handles reStructuredText titles, literal blocks and levels by first appearance', () => {
    const source = lf('=====', 'Book', '=====', '', 'Part', '----', '', 'Text::', '', '    code line', '    Heading?', '    -------', '', 'Sub', '~~~', '', 'More.');
    const chunks = chunkNote('b.rst', source);
    assert.equal(chunks[0].title, 'Book');
    assert.deepEqual(chunks.map((c) => c.headingPath), [['Book', 'Part'], ['Book', 'Part', 'Sub']]);
    assert.ok(chunks[0].text.includes('    -------'), 'the literal block stays whole');
  });

  it('splits plain text by paragraphs and names it after the file', () => {
    const chunks = chunkNote('dir/inbox.txt', 'one\ntwo\n\nthree');
    assert.equal(chunks.length, 1);
    assert.equal(chunks[0].title, 'inbox');
    assert.equal(chunks[0].text, 'one\ntwo\n\nthree');
    assert.deepEqual([chunks[0].startLine, chunks[0].endLine], [0, 3]);
  });

  it('indexes a note of headings only by its headings, and an empty note not at all', () => {
    assert.deepEqual(chunkNote('h.md', '# Only\n## Headings').map((c) => c.text), ['Only\nHeadings']);
    assert.deepEqual(chunkNote('e.md', '---\ntitle: x\n---\n\n'), []);
  });

  it('maps extensions to formats and has a version', () => {
    assert.deepEqual(['a.md', 'b.MDX', 'c.org', 'd.rst', 'e.txt', 'f'].map(formatForPath), ['markdown', 'markdown', 'org', 'rst', 'text', 'text']);
    assert.equal(typeof CHUNKER_VERSION, 'number');
  });
});

describe('chunkNote on one huge paragraph', () => {
  it('counts a long text word by word through a cache: the same chunks, few tokenizer calls, none on the whole text', () => {
    // No sentence end: one endless sentence, cut between words (the 3.9 MB one-line note of the stress test).
    const words = ['lantern', 'orchard', 'copper', 'meadow', 'harbor', 'signal', 'ledger', 'quartz', 'willow', 'ember,', 'Kinkakuji'];
    const text = Array.from({ length: 60_000 }, (_, i) => words[(i * 7) % words.length]).join(' ');
    const calls: number[] = [];
    const spy = (t: string): number => {
      calls.push(t.length);
      return approximateTokenCount(t);
    };
    const chunks = chunkNote('one-line.md', `${text}\n`, { countTokens: spy });
    assert.ok(Math.max(...calls) <= 20_000, `longest text given to the tokenizer: ${Math.max(...calls)} characters`);
    assert.ok(calls.length < 200, `${calls.length} tokenizer calls for 60,000 words`);
    // The per-word sum is the whole text's count: every chunk within the limit, all words kept in order.
    const total = chunks.reduce((n, c) => n + approximateTokenCount(c.text), 0);
    assert.equal(total, approximateTokenCount(text));
    assert.ok(chunks.every((c) => approximateTokenCount(c.text) <= 400), 'no chunk over the token limit');
    assert.equal(chunks.map((c) => c.text).join(' '), text);
  });
});
