// Fuzz of the comment finder (issue 7, part 5): random text and mutations of real source files and
// real TODO texts, in every comment syntax the table knows. Each call must not throw, must return
// well-formed matches (positions inside the text and consistent with each other, the tag at its
// offset) and must take under 5 ms; a CRLF copy of an input must give the same TODOs on the same
// lines; and inputs built to trigger quadratic paths must stay linear. The seed is printed:
// LOCAL_FOCUS_FUZZ_SEED=<seed> reproduces a run, LOCAL_FOCUS_FUZZ_ITERATIONS changes its length.
// test/stress/fuzz.stress.ts runs the same checks with a fresh seed, on larger inputs and in every syntax.
import assert from 'node:assert/strict';
import { fuzzIterations, fuzzSeed } from '../../support/fuzz';
import { CALL_LIMIT_MS, checkLinearTodos, everySyntax, fuzzFindTodos, REPRESENTATIVE_SYNTAXES } from '../../support/fuzz.targets';

describe('fuzz: findTodos', function () {
  this.timeout(120_000);

  it('random and mutated inputs in every comment syntax: no exception, well-formed, under 5 ms, CRLF-invariant', function () {
    const seed = fuzzSeed(0x5eed_f1d0);
    const iterations = fuzzIterations(100_000);
    const started = performance.now();
    const r = fuzzFindTodos(seed, iterations, { maxWindow: 2_000, crlfEvery: 10 });
    const confirmed = r.times.confirmSlow('findTodos-slow');
    console.log(
      `    findTodos fuzz: seed ${seed}, ${r.calls} calls (${r.byKind.random} random, ${r.byKind.source} mutated source, ${r.byKind.todo} mutated TODO texts), ` +
        `${everySyntax().length} syntaxes, ${r.matches} TODOs found, ${r.crlfChecks} CRLF comparisons, ${r.times.summary()}, ` +
        `${r.times.slow.length} over ${CALL_LIMIT_MS} ms once, ${confirmed.length} slow on 3 re-runs; ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    assert.equal(r.calls, iterations);
    assert.ok(r.matches > iterations / 10, `the inputs reach the TODO paths (${r.matches} TODOs in ${iterations} inputs)`);
    assert.deepEqual(
      confirmed.map((c) => `${c.bestOf3.toFixed(1)} ms: ${c.describe()}`),
      [],
      'inputs slower than the limit on every re-run',
    );
  });

  it('inputs built for quadratic paths stay linear (20 KB against 200 KB, representative syntaxes)', function () {
    const r = checkLinearTodos(20_000, 10, 40, REPRESENTATIVE_SYNTAXES);
    console.log(
      `    findTodos adversarial: ${r.patterns} patterns × ${r.syntaxes} syntaxes on 200 KB, slowest ${r.worst.ms.toFixed(1)} ms (${r.worst.what}), ` +
        `${r.superlinear.length} grew faster than linear; ${(r.ms / 1000).toFixed(1)} s`,
    );
    assert.deepEqual(r.superlinear, [], 'inputs whose time grew much faster than their size');
  });
});
