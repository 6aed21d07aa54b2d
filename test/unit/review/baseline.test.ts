import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fingerprintFindings, matchBaseline, serializeBaseline, withoutEntry, replacingPaths, type BaselineEntry } from '../../../src/core/review/baseline';
import { parseBaseline, readBaseline, updateBaseline } from '../../../src/core/review/baselineFile';
import { LocalFocusError } from '../../../src/core/errors';
import { runHeuristics } from '../../../src/core/review/heuristics';

const CODE = [
  'export function total(items) {', // 1
  '  let sum = 0;',
  '  for (const x of items) sum += x;',
  '  debugger;',
  '  return sum;', // 5
  '}',
  '',
  'export function mean(items) {',
  '  debugger;',
  '  return total(items) / items.length;', // 10
  '}',
  '',
].join('\n');

/** The heuristics' findings on `text` as a file at `file`, split by the baseline. */
function review(text: string, baseline: readonly BaselineEntry[], file = 'src/sum.js') {
  const findings = runHeuristics(text, { languageId: 'javascript' });
  return matchBaseline(fingerprintFindings(findings, text, file), baseline);
}

const entriesOf = (text: string, file = 'src/sum.js') => fingerprintFindings(runHeuristics(text, { languageId: 'javascript' }), text, file).map((f) => f.entry);

describe('review baseline', () => {
  it('fingerprints a finding by file, check, enclosing function and normalised line, not by line number', () => {
    const [first, second] = entriesOf(CODE);
    assert.deepEqual(first, { path: 'src/sum.js', rule: 'debugger', context: 'total', code: 'debugger;', message: first.message });
    assert.equal(second.context, 'mean', 'the same line in another function is another finding');
  });

  it('keeps a dismissed finding dismissed when lines move above it and other lines change, and brings it back when its line changes', () => {
    const baseline = entriesOf(CODE).filter((e) => e.context === 'total');
    const moved = '// header\n\n' + CODE.replace('let sum = 0;', 'let sum = 0; // running total').replace('  debugger;\n  return sum;', '    debugger;  \n  return sum;');
    const after = review(moved, baseline);
    assert.deepEqual(after.dismissed.map((f) => [f.finding.line, f.entry.context]), [[6, 'total']], 're-indented and moved two lines down: still dismissed');
    assert.deepEqual(after.fresh.map((f) => f.entry.context), ['mean']);

    const changed = CODE.replace('  debugger;\n  return sum;', '  debugger; // why\n  return sum;');
    assert.deepEqual(review(changed, baseline).fresh.map((f) => f.entry.context), ['total', 'mean'], 'its line changed: reported again');
  });

  it('counts: one entry covers one finding, so a copy of a dismissed line is reported', () => {
    const text = 'function f() {\n  debugger;\n  debugger;\n}\n';
    const one = entriesOf(text).slice(0, 1);
    const split = review(text, one);
    assert.deepEqual([split.dismissed.length, split.fresh.length], [1, 1]);
    assert.deepEqual(split.fresh.map((f) => f.finding.line), [3], 'the later one in file order is the new one');
    assert.equal(review(text, entriesOf(text)).fresh.length, 0, 'two entries cover both');
  });

  it('serialises sorted and pretty-printed, one entry per finding, with no time or absolute path', () => {
    const entries = [...entriesOf(CODE, 'b.js'), ...entriesOf(CODE, 'a.js')];
    const text = serializeBaseline(entries);
    const parsed = JSON.parse(text);
    assert.equal(parsed.version, 1);
    assert.deepEqual(parsed.findings.map((e: BaselineEntry) => `${e.path}:${e.context}`), ['a.js:mean', 'a.js:total', 'b.js:mean', 'b.js:total']);
    assert.deepEqual(Object.keys(parsed.findings[0]), ['path', 'rule', 'context', 'code', 'message']);
    assert.ok(text.endsWith('}\n') && text.includes('\n    {\n      "path": "a.js",'), text);
    assert.equal(serializeBaseline([...entries].reverse()), text, 'the order of dismissal does not matter');
  });

  it('removes one entry of a fingerprint at a time, and replaces only the recorded files\' entries', () => {
    const text = 'function f() {\n  debugger;\n  debugger;\n}\n';
    const two = entriesOf(text);
    assert.equal(withoutEntry(two, two[0]).length, 1);
    assert.equal(withoutEntry(two, { ...two[0], code: 'other' }).length, 2);
    const mixed = [...two, ...entriesOf(CODE, 'keep.js')];
    assert.deepEqual(replacingPaths(mixed, new Set(['src/sum.js']), []).map((e) => e.path), ['keep.js', 'keep.js']);
  });
});

describe('review baseline file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-baseline-'));
    file = path.join(dir, '.localfocus', 'review-baseline.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads an absent file as empty, writes atomically, and reads back what it wrote', async () => {
    assert.deepEqual(await readBaseline(file), []);
    const entries = entriesOf(CODE);
    await updateBaseline(file, (current) => [...current, ...entries]);
    assert.deepEqual(await readBaseline(file), [...entries].sort((a, b) => a.context.localeCompare(b.context)));
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['review-baseline.json'], 'no temporary file is left');
  });

  it('names the broken place and never writes over a broken file', async () => {
    fs.mkdirSync(path.dirname(file));
    const cases: [string, RegExp][] = [
      ['{\n  "version": 1,\n  "findings": [\n<<<<<<< HEAD\n', /is not valid JSON at line 4, column 1/],
      ['{"version": 2, "findings": []}', /version 2, written by a newer Local Focus; update Local Focus/],
      ['{"version": 1, "findings": {}}', /"findings" must be a list/],
      ['{"version": 1, "findings": [{"path": "a.js", "rule": "debugger", "context": "", "code": 3}]}', /findings\[0\]\.code must be a string/],
      ['{"version": 1, "findings": [{"path": "/home/me/a.js", "rule": "debugger", "context": "", "code": ""}]}', /findings\[0\]\.path must be a file's path inside the project folder/],
    ];
    for (const [text, expected] of cases) {
      fs.writeFileSync(file, text);
      await assert.rejects(readBaseline(file), (err: LocalFocusError) => err.code === 'bad-input' && expected.test(err.message) && /git checkout -- \.localfocus\/review-baseline\.json/.test(err.message));
      await assert.rejects(updateBaseline(file, (e) => [...e, ...entriesOf(CODE)]), expected);
      assert.equal(fs.readFileSync(file, 'utf8'), text, 'the broken file is kept as it was');
    }
  });

  it('accepts an entry written by hand without a message', () => {
    const entries = parseBaseline('{"version": 1, "findings": [{"path": "a.js", "rule": "debugger", "context": "f", "code": "debugger;"}]}');
    assert.deepEqual(entries, [{ path: 'a.js', rule: 'debugger', context: 'f', code: 'debugger;', message: '' }]);
  });

  it('applies a change to the file as it is on disk, so another writer\'s entries stay', async () => {
    const [a, b] = entriesOf(CODE);
    await updateBaseline(file, () => [a]);
    // Another window adds b between this writer's read and its write: the change is applied again.
    let calls = 0;
    await updateBaseline(file, (current) => {
      if (calls++ === 0) fs.writeFileSync(file, serializeBaseline([...current, b]));
      return withoutEntry(current, a);
    });
    assert.equal(calls, 2);
    assert.deepEqual((await readBaseline(file)).map((e) => e.context), ['mean']);
  });
});
