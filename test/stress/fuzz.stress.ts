// The long fuzz runs of issue 7, part 5: 100,000 inputs each for the comment finder and the task
// rules parser, with a fresh seed every run (printed; LOCAL_FOCUS_FUZZ_SEED=<seed> repeats a run),
// larger source windows than the unit tier, CRLF comparisons on every fifth input, and the
// quadratic-path inputs at 50 KB against 500 KB in every syntax. The checks are the unit tier's
// (test/support/fuzz.targets.ts): no exception, well-formed results, each call under 5 ms (a slow
// call is re-timed three times and fails only when it is slow every time).
import assert from 'node:assert/strict';
import { MAX_RULES_INPUT_CHARS, parseTaskRules } from '../../src/core/tasks/parseTaskRules';
import { fuzzIterations, fuzzSeed } from '../support/fuzz';
import { CALL_LIMIT_MS, checkLinearTodos, fuzzFindTodos, fuzzParseTaskRules } from '../support/fuzz.targets';

const freshSeed = (): number => (Date.now() ^ (process.pid << 16)) >>> 0;

describe('stress: fuzz of the comment finder and the task rules parser', function () {
  it('findTodos: 100,000 random and mutated inputs in every syntax', function () {
    const seed = fuzzSeed(freshSeed());
    const iterations = fuzzIterations(100_000);
    const started = performance.now();
    const r = fuzzFindTodos(seed, iterations, { maxWindow: 8_000, crlfEvery: 5 });
    const confirmed = r.times.confirmSlow('findTodos-slow');
    console.log(
      `    findTodos fuzz: seed ${seed}, ${r.calls} calls (${r.byKind.random} random, ${r.byKind.source} mutated source, ${r.byKind.todo} mutated TODO texts), ` +
        `${r.matches} TODOs found, ${r.crlfChecks} CRLF comparisons, ${r.times.summary()}, ${r.times.slow.length} over ${CALL_LIMIT_MS} ms once, ` +
        `${confirmed.length} slow on 3 re-runs; ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    assert.equal(r.calls, iterations);
    assert.deepEqual(confirmed.map((c) => `${c.bestOf3.toFixed(1)} ms: ${c.describe()}`), []);
  });

  it('findTodos: quadratic-path inputs stay linear in every syntax (50 KB against 500 KB)', function () {
    const r = checkLinearTodos(50_000, 10, 60);
    console.log(
      `    findTodos adversarial: ${r.patterns} patterns × ${r.syntaxes} syntaxes on 500 KB, slowest ${r.worst.ms.toFixed(1)} ms (${r.worst.what}), ` +
        `${r.superlinear.length} grew faster than linear; ${(r.ms / 1000).toFixed(1)} s`,
    );
    assert.deepEqual(r.superlinear, []);
  });

  it('parseTaskRules: 100,000 random and mutated TODO texts', function () {
    for (const text of ['tomorrow', 'übermorgen 15 Uhr', 'mañana a las 3', 'demain avant midi']) parseTaskRules(text, { now: new Date(), timeZone: 'UTC' });
    const seed = fuzzSeed(freshSeed());
    const iterations = fuzzIterations(100_000);
    const started = performance.now();
    const r = fuzzParseTaskRules(seed, iterations, MAX_RULES_INPUT_CHARS);
    const confirmed = r.times.confirmSlow('parseTaskRules-slow');
    console.log(
      `    parseTaskRules fuzz: seed ${seed}, ${r.calls} calls (${r.byKind.random} random, ${r.byKind.devset} mutated devset, ${r.byKind.scanned} mutated repo TODOs), ` +
        `longest ${r.longest} chars, fields found: due ${r.fields.due}, priority ${r.fields.priority}, tags ${r.fields.tags}, assignee ${r.fields.assignee}, ` +
        `estimate ${r.fields.estimate}; ${r.times.summary()}, ${r.times.slow.length} over ${CALL_LIMIT_MS} ms once, ${confirmed.length} slow on 3 re-runs; ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    assert.equal(r.calls, iterations);
    assert.deepEqual(confirmed.map((c) => `${c.bestOf3.toFixed(1)} ms: ${c.describe()}`), []);
  });
});
