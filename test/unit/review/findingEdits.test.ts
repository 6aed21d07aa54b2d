import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/review/findings';
import { adjustFindingsForChange, lineDelta, modifiedLines, sameFinding, type LineChange } from '../../../src/extension/review/findingEdits';

const finding = (line: number, endLine?: number, message = `at ${line}`): Finding => ({
  line,
  ...(endLine !== undefined ? { endLine } : {}),
  severity: 'warning',
  category: 'bug',
  message,
  source: 'heuristics',
});

const change = (fromLine: number, fromColumn: number, toLine: number, toColumn: number, text: string): LineChange => ({ fromLine, fromColumn, toLine, toColumn, text });
const lines = (fs: Finding[]) => fs.map((f) => (f.endLine !== undefined ? `${f.line}-${f.endLine}` : `${f.line}`));

describe('review findings across edits', function () {
  const findings = [finding(14), finding(21), finding(22), finding(27, 28)];

  it('deleting a whole line (the quick fix for debugger) drops its finding and moves the ones below up', function () {
    // VS Code's range for deleting line 22: (21,0)-(22,0) 0-based, i.e. 22:0 to 23:0 here.
    const out = adjustFindingsForChange(findings, change(22, 0, 23, 0, ''));
    assert.deepEqual(lines(out), ['14', '21', '26-27']);
  });

  it('rewriting a line in place drops only that line\'s finding', function () {
    const out = adjustFindingsForChange(findings, change(14, 0, 14, 17, '  if (Number.isNaN(total)) {'));
    assert.deepEqual(lines(out), ['21', '22', '27-28']);
  });

  it('inserting whole lines above moves findings down without dropping any', function () {
    const out = adjustFindingsForChange(findings, change(20, 0, 20, 0, '// a\n// b\n'));
    assert.deepEqual(lines(out), ['14', '23', '24', '29-30']);
  });

  it('inserting lines inside a multi-line finding drops it (its code changed) and moves the rest', function () {
    const out = adjustFindingsForChange(findings, change(27, 12, 27, 12, '\n    log(e);'));
    assert.deepEqual(lines(out), ['14', '21', '22']);
  });

  it('an edit that moves and touches no finding returns the same array', function () {
    assert.equal(adjustFindingsForChange(findings, change(40, 0, 40, 3, 'xyz')), findings);
    assert.equal(adjustFindingsForChange(findings, change(15, 2, 15, 4, 'ab')), findings, 'typing on a line without a finding');
    assert.notEqual(adjustFindingsForChange(findings, change(15, 0, 15, 0, 'a\n')), findings);
  });

  it('computes the modified lines and the line delta of a change', function () {
    assert.equal(modifiedLines(change(5, 0, 5, 0, 'a\n')), undefined);
    assert.deepEqual(modifiedLines(change(5, 0, 5, 0, 'a')), { from: 5, to: 5 });
    assert.deepEqual(modifiedLines(change(5, 3, 8, 0, '')), { from: 5, to: 7 });
    assert.equal(lineDelta(change(5, 3, 8, 0, 'x\ny')), -2);
  });

  it('names a finding by its line and message', function () {
    assert.ok(sameFinding(finding(3, undefined, 'm'), { line: 3, message: 'm' }));
    assert.ok(!sameFinding(finding(3, undefined, 'm'), { line: 4, message: 'm' }));
  });
});
