// Fuzz of the task rules parser: random text and mutations of the development set's TODO texts and
// of the TODOs in this repository's own files, at many reference times and zones (DST changes, a
// leap day, odd offsets). Each call must not throw, must return well-formed fields (a title,
// normalised tags and assignee, a due date that is a real YYYY-MM-DD[THH:mm], spans inside the
// input) and must not be slow (over 5 ms
// and 4× a plain input of the same length). The seed is printed: LOCAL_FOCUS_FUZZ_SEED=<seed> reproduces a
// run, LOCAL_FOCUS_FUZZ_ITERATIONS changes its length. A call takes about half a millisecond, so
// this tier runs 10k inputs; test/stress/fuzz.stress.ts runs the same test
// (test/support/fuzz.suite.ts) with 100k and a fresh seed.
import assert from 'node:assert/strict';
import { computeMs } from '../../support/computeTime';
import { MAX_RULES_INPUT_CHARS, parseTaskRules } from '../../../src/core/tasks/parseTaskRules';
import { show } from '../../support/fuzz';
import { itFuzzesParseTaskRules } from '../../support/fuzz.suite';
import { adversarialTaskTexts, checkParsedTask } from '../../support/fuzz.targets';

describe('fuzz: parseTaskRules', function () {
  this.timeout(120_000);

  before(function () {
    // chrono-node builds its parsers on first use: that is start-up, not a call's time.
    for (const text of ['tomorrow', 'übermorgen 15 Uhr', 'mañana a las 3', 'demain avant midi']) parseTaskRules(text, { now: new Date(), timeZone: 'UTC' });
  });

  itFuzzesParseTaskRules({ defaultSeed: 0x7a5c_0001, defaultIterations: 10_000 });

  it("texts up to the worker's 20,000-character limit take bounded time (the rules read the first 1,000)", function () {
    const now = new Date('2026-03-10T09:30:00+01:00');
    let worst = { ms: 0, what: '' };
    const slow: string[] = [];
    const inputs = adversarialTaskTexts(20_000);
    for (const { name, text } of inputs) {
      let best = Infinity;
      for (let k = 0; k < 3; k++) {
        const t0 = performance.now();
        const parsed = parseTaskRules(text, { now, timeZone: 'Europe/Berlin' });
        best = Math.min(best, performance.now() - t0);
        checkParsedTask(text, parsed, MAX_RULES_INPUT_CHARS);
        assert.ok(parsed.title.endsWith('…'), `the title of a cut text says so: ${name}`);
      }
      if (best > worst.ms) worst = { ms: best, what: name };
      // Well above the few ms these take, far below the seconds reading the whole text would take.
      if (best > 100) slow.push(`${name}: ${best.toFixed(1)} ms`);
    }
    console.log(`    parseTaskRules on 20,000 characters: ${inputs.length} patterns, slowest ${worst.ms.toFixed(1)} ms (${worst.what})`);
    assert.deepEqual(slow, []);
  });

  it('a year that does not take four digits is no due date, so the task file can read it back', function () {
    const now = new Date('1999-12-31T23:00:00Z');
    for (const text of ['deadline 0026-03-20', 'ship it due 0999-01-01']) {
      const parsed = parseTaskRules(text, { now, timeZone: 'Asia/Kathmandu' });
      checkParsedTask(text, parsed, MAX_RULES_INPUT_CHARS);
      assert.equal(parsed.due, undefined, text);
    }
    assert.equal(parseTaskRules('due 2026-03-20', { now, timeZone: 'UTC' }).due, '2026-03-20');
  });

  it('a long run of blanked code after a number or "estimate" reads in milliseconds, not seconds', function () {
    // Code spans and paths are blanked to spaces before the date and estimate rules; chrono's
    // Spanish parser and the estimate pattern after "estimate" must not backtrack over the long run
    // of spaces that leaves (seconds per call when they do).
    const now = new Date('2026-03-10T09:30:00Z');
    const inputs = ['para el lunes: update doc 10 `' + 'x'.repeat(600) + '`', 'hasta 10 ' + 'src/a/b/'.repeat(80) + ' ok', 'check the estimate `' + 'x'.repeat(900) + '` again'];
    for (const text of inputs) {
      let best = Infinity;
      let parsed = parseTaskRules(text, { now, timeZone: 'UTC' });
      for (let k = 0; k < 3; k++) {
        const t0 = performance.now();
        parsed = parseTaskRules(text, { now, timeZone: 'UTC' });
        best = Math.min(best, performance.now() - t0);
      }
      checkParsedTask(text, parsed, MAX_RULES_INPUT_CHARS);
      console.log(`    ${best.toFixed(1)} ms for ${show(text, 40)}`);
      assert.ok(best < 100, `${best.toFixed(0)} ms`);
    }
    assert.equal(parseTaskRules(inputs[0]!, { now, timeZone: 'UTC' }).due, '2026-03-16', 'the date before the run is still found');
  });

  it('a long run of prepositions before a date ("a a a … x el martes") takes about as long as plain words', function () {
    // The run before a date ("para el", "due date: no later than the") is stripped one word at a
    // time: one pattern for the whole run backtracked exponentially in the 48 characters it reads
    // when the run did not reach the date (280 ms for this text).
    const now = new Date('2026-03-10T09:30:00Z');
    const run = 'llamar al proveedor ' + 'a '.repeat(30) + 'x el martes a las 10';
    const plain = 'llamar al proveedor ' + 'b '.repeat(30) + 'x el martes a las 10';
    parseTaskRules(plain, { now, timeZone: 'UTC' });
    let runMs = Infinity;
    let plainMs = Infinity;
    for (let k = 0; k < 3; k++) {
      runMs = Math.min(runMs, computeMs(() => parseTaskRules(run, { now, timeZone: 'UTC' })));
      plainMs = Math.min(plainMs, computeMs(() => parseTaskRules(plain, { now, timeZone: 'UTC' })));
    }
    console.log(`    ${runMs.toFixed(2)} ms for the run, ${plainMs.toFixed(2)} ms for plain words`);
    assert.ok(runMs < 4 * Math.max(plainMs, 0.5), `${runMs.toFixed(1)} ms against ${plainMs.toFixed(1)} ms`);
    const parsed = parseTaskRules(run, { now, timeZone: 'UTC' });
    assert.equal(parsed.due, '2026-03-10T10:00', 'Tuesday 10:00, later the same Tuesday');
    const due = parsed.spans.find((span) => span.field === 'due');
    assert.ok(due, 'a due span');
    assert.equal(parsed.input.slice(due.start, due.end).trim(), 'el martes a las 10', 'the span still takes the preposition before the date');
  });

  it('a priority marker before a long run the parser blanks ("HIGH PRIORITY a.a.a.…") costs no more as the run grows', function () {
    // Seed 715485053 of the stress fuzz: the marker pattern read "prio…" then `\s*[:=]?\s*`, two
    // quantifiers that split the blanked run every way before giving up: 5 ms at 1000 characters,
    // growing with the square of the run. The run is blanked text, so the time must stay flat.
    const now = new Date('2026-07-01T09:00:00Z');
    const text = (run: number): string => `@ops renew SSL cert before July 15 hiGH PRIORITY #INFRA ${'a.'.repeat(run)}`;
    const time = (run: number): number => {
      let best = Infinity;
      for (let k = 0; k < 5; k++) best = Math.min(best, computeMs(() => parseTaskRules(text(run), { now, timeZone: 'UTC' })));
      return best;
    };
    time(100);
    const shortMs = time(100);
    const longMs = time(450);
    console.log(`    ${shortMs.toFixed(2)} ms with a 200-character run, ${longMs.toFixed(2)} ms with 900`);
    assert.ok(longMs < 3 * Math.max(shortMs, 0.3), `${longMs.toFixed(2)} ms against ${shortMs.toFixed(2)} ms`);
    const parsed = parseTaskRules(text(450), { now, timeZone: 'UTC' });
    assert.equal(parsed.priority, 'high', 'the marker is still read');
    assert.equal(parsed.due, '2026-07-15');
  });

  it('an owner written with a trailing dash and blank is kept without them', function () {
    const text = 'TODO(nameTODO - ): ` counts), estimate in minutes';
    const parsed = parseTaskRules(text, { now: new Date('2026-03-10T08:30:00Z'), timeZone: 'Pacific/Kiritimati' });
    checkParsedTask(text, parsed, MAX_RULES_INPUT_CHARS);
    assert.equal(parsed.assignee, 'nameTODO');
  });
});
