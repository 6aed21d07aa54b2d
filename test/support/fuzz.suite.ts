// The fuzz tests of the comment finder and the task rules parser, shared by the unit tier
// (test/unit/todos/fuzzFindTodos.test.ts, test/unit/tasks/fuzzParseTaskRules.test.ts: a fixed seed,
// small windows) and test/stress/fuzz.stress.ts (a fresh seed, more inputs, larger windows): the same
// checks (fuzz.targets.ts) with each tier's counts. Every call must not throw, must return
// well-formed results and must not be slow: a call over 5 ms is timed again, interleaved with a
// plain input of the same length, and fails only when it stays over 5 ms and over 4 times the plain
// one (CallTimes.confirmSlow says why a limit alone fails on a loaded machine). LOCAL_FOCUS_FUZZ_SEED=<seed> repeats a run, LOCAL_FOCUS_FUZZ_ITERATIONS
// changes its length.
import assert from 'node:assert/strict';
import { MAX_RULES_INPUT_CHARS, parseTaskRules } from '../../src/core/tasks/parseTaskRules';
import { BASELINE_RATIO, fuzzIterations, fuzzSeed } from './fuzz';
import { CALL_LIMIT_MS, checkLinearTodos, everySyntax, fuzzFindTodos, fuzzParseTaskRules } from './fuzz.targets';

export interface FuzzRun {
  /** Used unless LOCAL_FOCUS_FUZZ_SEED names another. */
  defaultSeed: number;
  /** Used unless LOCAL_FOCUS_FUZZ_ITERATIONS names another. */
  defaultIterations: number;
}

const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(1)} s`;

export function itFuzzesFindTodos(run: FuzzRun & { maxWindow: number; crlfEvery: number }): void {
  it(`findTodos: ${run.defaultIterations.toLocaleString('en-US')} random and mutated inputs in every comment syntax: no exception, well-formed, not slow, CRLF-invariant`, function () {
    const seed = fuzzSeed(run.defaultSeed);
    const iterations = fuzzIterations(run.defaultIterations);
    const started = performance.now();
    const r = fuzzFindTodos(seed, iterations, { maxWindow: run.maxWindow, crlfEvery: run.crlfEvery });
    const confirmed = r.times.confirmSlow('findTodos-slow');
    console.log(
      `    findTodos fuzz: seed ${seed}, ${r.calls} calls (${r.byKind.random} random, ${r.byKind.source} mutated source, ${r.byKind.todo} mutated TODO texts), ` +
        `${everySyntax().length} syntaxes, ${r.matches} TODOs found, ${r.crlfChecks} CRLF comparisons, ${r.times.summary()}, ` +
        `${r.times.slow.length} over ${CALL_LIMIT_MS} ms once, ${confirmed.length} slow on every re-run and ${BASELINE_RATIO}× a plain input; ${seconds(started)}`,
    );
    assert.equal(r.calls, iterations);
    assert.ok(r.matches > iterations / 10, `the inputs reach the TODO paths (${r.matches} TODOs in ${iterations} inputs)`);
    assert.deepEqual(
      confirmed.map((c) => `${c.bestOf3.toFixed(1)} ms (plain input of the same length ${c.baselineMs.toFixed(1)} ms): ${c.describe()}`),
      [],
      'inputs slower than the limit and than a plain input on every re-run',
    );
  });
}

/** Inputs built for quadratic paths at `size` and 10 × `size` characters, in the named syntaxes (all when left out). */
export function itKeepsFindTodosLinear(size: number, slowMs: number, syntaxIds?: readonly string[]): void {
  const large = `${(size / 100).toLocaleString('en-US')} KB`;
  it(`findTodos: inputs built for quadratic paths stay linear (${size / 1000} KB against ${large} in ${syntaxIds ? 'representative' : 'every'} syntax${syntaxIds ? 'es' : ''})`, function () {
    const r = checkLinearTodos(size, 10, slowMs, syntaxIds);
    console.log(
      `    findTodos adversarial: ${r.patterns} patterns × ${r.syntaxes} syntaxes on ${large}, slowest ${r.worst.ms.toFixed(1)} ms (${r.worst.what}), ` +
        `${r.superlinear.length} grew faster than linear; ${(r.ms / 1000).toFixed(1)} s`,
    );
    assert.deepEqual(r.superlinear, [], 'inputs whose time grew much faster than their size');
  });
}

export function itFuzzesParseTaskRules(run: FuzzRun): void {
  it(`parseTaskRules: ${run.defaultIterations.toLocaleString('en-US')} random and mutated TODO texts: no exception, well-formed fields, not slow`, function () {
    // chrono-node builds its parsers on first use: that is start-up, not a call's time.
    for (const text of ['tomorrow', 'übermorgen 15 Uhr', 'mañana a las 3', 'demain avant midi']) parseTaskRules(text, { now: new Date(), timeZone: 'UTC' });
    const seed = fuzzSeed(run.defaultSeed);
    const iterations = fuzzIterations(run.defaultIterations);
    const started = performance.now();
    const r = fuzzParseTaskRules(seed, iterations, MAX_RULES_INPUT_CHARS);
    const confirmed = r.times.confirmSlow('parseTaskRules-slow');
    console.log(
      `    parseTaskRules fuzz: seed ${seed}, ${r.calls} calls (${r.byKind.random} random, ${r.byKind.devset} mutated devset, ${r.byKind.scanned} mutated repo TODOs), ` +
        `longest ${r.longest} chars, fields found: due ${r.fields.due}, priority ${r.fields.priority}, tags ${r.fields.tags}, assignee ${r.fields.assignee}, estimate ${r.fields.estimate}; ` +
        `${r.times.summary()}, ${r.times.slow.length} over ${CALL_LIMIT_MS} ms once, ${confirmed.length} slow on every re-run and ${BASELINE_RATIO}× a plain input; ${seconds(started)}`,
    );
    assert.equal(r.calls, iterations);
    assert.ok(r.fields.due > iterations / 20 && r.fields.priority > iterations / 20, 'the inputs reach the date and priority rules');
    assert.deepEqual(
      confirmed.map((c) => `${c.bestOf3.toFixed(1)} ms (plain input of the same length ${c.baselineMs.toFixed(1)} ms): ${c.describe()}`),
      [],
      'inputs slower than the limit and than a plain input on every re-run',
    );
  });
}
