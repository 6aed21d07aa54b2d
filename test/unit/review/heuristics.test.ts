import assert from 'node:assert/strict';
import { HEURISTIC_RULE_IDS, runHeuristics } from '../../../src/core/review/heuristics';

const SAMPLE = [
  'function handler(req) {', // 1
  '  debugger;', // 2
  '  try { parse(req); } catch (e) {}', // 3
  '  if (req.count === NaN) return;', // 4
  '  console.log(req);', // 5
  '  return req;', // 6
  '  audit(req);', // 7
  '}', // 8
].join('\n');

describe('heuristics runner', () => {
  it('runs every rule and labels each finding with its rule and the heuristics source', () => {
    const findings = runHeuristics(SAMPLE, { languageId: 'javascript' });
    assert.deepEqual(
      findings.map((f) => [f.line, f.rule, f.source]),
      [
        [2, 'debugger', 'heuristics'],
        [3, 'empty-catch', 'heuristics'],
        [4, 'nan-comparison', 'heuristics'],
        [5, 'console-log', 'heuristics'],
        [7, 'unreachable-code', 'heuristics'],
      ],
    );
  });

  it('keeps only findings on changed lines in a diff review', () => {
    const findings = runHeuristics(SAMPLE, { languageId: 'javascript', changedLines: new Set([4, 7]) });
    assert.deepEqual(findings.map((f) => f.line), [4, 7]);
  });

  it('runs only the rules asked for', () => {
    assert.deepEqual(runHeuristics(SAMPLE, { languageId: 'javascript', rules: ['debugger'] }).map((f) => f.rule), ['debugger']);
  });

  it('orders findings by line, then errors before warnings', () => {
    const findings = runHeuristics('if (x === NaN) { debugger; }', { languageId: 'javascript' });
    assert.deepEqual(findings.map((f) => f.severity), ['error', 'warning']);
  });

  it('runs no rule on a language it cannot read, and never throws on odd input', () => {
    assert.deepEqual(runHeuristics('debugger; x == NaN', { languageId: 'plaintext' }), []);
    for (const odd of ['}}}{{{', '"unterminated', '/* open comment', '`${', 'if (', "def f(:\n  '''"]) {
      for (const languageId of ['javascript', 'python', 'rust', 'go', 'cpp']) assert.ok(Array.isArray(runHeuristics(odd, { languageId })));
    }
  });

  it('reads a file whose lines are a unified diff as a patch, not as code of its extension', () => {
    const code = ['int f(int c) {', '  switch (c) {', "  case 1: a = 't'; break;", "  b = 'r';", '  }', '}'];
    assert.deepEqual(runHeuristics(code.join('\n'), { languageId: 'c' }).map((f) => f.rule), ['unreachable-code']);
    const patch = ['--- a/Expat/Expat.xs', '+++ b/Expat/Expat.xs', '@@ -20,6 +20,7 @@', ...code.map((line) => '+' + line)];
    assert.deepEqual(runHeuristics(patch.join('\n'), { languageId: 'c' }), []);
    const quoted = ['PATCH = """', '--- a/x.py', '+++ b/x.py', '@@ -1 +1 @@', '"""', 'try:', '    run()', 'except:', '    log()'];
    assert.deepEqual(runHeuristics(quoted.join('\n'), { languageId: 'python' }).map((f) => f.rule), ['bare-except']);
  });

  it('lists its rule ids', () => {
    assert.ok(HEURISTIC_RULE_IDS.includes('empty-catch') && HEURISTIC_RULE_IDS.includes('todo-added') && HEURISTIC_RULE_IDS.includes('long-function'));
  });
});
