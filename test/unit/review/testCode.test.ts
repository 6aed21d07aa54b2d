import assert from 'node:assert/strict';
import { runHeuristics } from '../../../src/core/review/heuristics';
import { isTestCodePath } from '../../../src/core/review/testCode';

describe('test code', () => {
  it('knows test files by their folders and the test runners\' file names', () => {
    for (const p of ['tests/test_api.py', 'pkg/api_test.go', 'src/__tests__/view.tsx', 'lib/util_test.py', 'conftest.py', 'web/app.spec.ts', 'x/y.test.mjs', 'spec/helper.rb', 'Testing/run.py', 'a\\test\\b.c']) {
      assert.equal(isTestCodePath(p), true, p);
    }
    for (const p of ['src/api.py', 'contest.py', 'latest/notes.py', 'testutils.go', 'attest/sign.py', 'cmd/test.go', 'protest_test.txt', 'test', '']) {
      assert.equal(isTestCodePath(p), false, p);
    }
  });

  it('lowers the findings of the checks that tests trip on purpose, and only those, to info', () => {
    const python = ['def t():', '    try:', '        f()', '    except:', '        log()', '    assert x is 1'].join('\n');
    const severities = (testCode: boolean) => runHeuristics(python, { languageId: 'python', testCode }).map((f) => [f.rule, f.severity]);
    assert.deepEqual(severities(false), [['bare-except', 'warning'], ['is-literal', 'warning']]);
    assert.deepEqual(severities(true), [['bare-except', 'info'], ['is-literal', 'warning']]);
    const go = ['package p', 'func f(names []string) {', '\tfor _, n := range names {', '\t\tf, _ := os.Open(n)', '\t\tdefer f.Close()', '\t}', '}'].join('\n');
    const goRules = (testCode: boolean) => runHeuristics(go, { languageId: 'go', testCode, rules: ['defer-in-loop'] }).map((f) => f.severity);
    assert.deepEqual(goRules(false), ['warning']);
    assert.deepEqual(goRules(true), ['info']);
  });
});
