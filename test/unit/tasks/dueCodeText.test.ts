import assert from 'node:assert/strict';
import { parseTaskRules } from '../../../src/core/tasks/parseTaskRules';

// Tuesday 10 March 2026, 09:30 in Berlin.
const BERLIN = { now: new Date('2026-03-10T09:30:00+01:00'), timeZone: 'Europe/Berlin', locale: 'en-US' };
const parse = (text: string) => parseTaskRules(text, BERLIN);

describe('due dates: code-ish text gives no date, or the right one', () => {
  const none = [
    'call parse_date("tomorrow") only in tests',
    "expect(parse('next week')).toEqual(monday)",
    'write unit tests for isWeekend(saturday)',
    "user sees 'Monday' instead of 'Mon' in the calendar",
    'rename the `tomorrow` helper',
    'support “end of month” as a billing anchor',
    'upgrade to v3.10',
    'bump openssl to 3.0.15',
    'upgrade Kubernetes to 1.31',
    'see #1042 for context',
    'PR 5678 needs a rebase',
    'fix 10/100 flaky tests',
    'fix 4/20 failing tests',
    'only 3/4 of the pods restart',
    'the 2026 roadmap doc needs an owner',
    'today\'s date shows in UTC in the header',
    'document the sunday deploy freeze policy',
    'this may break older Safari versions',
    'log line: 2026-06-04T16:45:12Z ERROR timeout',
    'lower the priority of the tomorrow-page ticket',
    'keep the last 3 months of backups',
    'rename Mar→March in the month dropdown',
    'works on my machine since Tuesday',
    'the weekend job failed again',
    'ABC news at 7 is on in the background',
  ];
  for (const text of none) {
    it(`${JSON.stringify(text)} → no due date`, () => assert.equal(parse(text).due, undefined));
  }

  it('keeps a string literal verbatim in the title', () => {
    assert.equal(parse('call parse_date("tomorrow") only in tests').title, 'call parse_date("tomorrow") only in tests');
  });

  it('reads "in ~45min" as a due time, not an estimate', () => {
    const t = parse('rotate creds in ~45min');
    assert.equal(t.due, '2026-03-10T10:15');
    assert.equal(t.estimateMinutes, undefined);
    assert.equal(parse('profile startup ~45min').estimateMinutes, 45);
  });

  it('reads a deadline before a day that describes a noun, and a date in parentheses', () => {
    assert.equal(parse("let's land this before the Friday cut").due, '2026-03-13');
    assert.equal(parse('target: end of sprint (7/31)').due, '2026-07-31');
    assert.equal(parse('Labor Day weekend on-call swap').due, '2026-09-07');
  });

  it('reads the date next to the code', () => {
    assert.equal(parse('upgrade to 3.12 by Friday').due, '2026-03-13');
    assert.equal(parse('close #4521 by Friday').due, '2026-03-13');
    assert.equal(parse('set `retry_after=30` in prod at 4pm').due, '2026-03-10T16:00');
    assert.equal(parse('migrate users on 3/25').due, '2026-03-25');
    assert.equal(parse('5/28 vendor review').due, '2026-05-28');
  });
});

describe('due dates: every word of the date leaves the title', () => {
  const titles: [string, string][] = [
    ['call Bob @ 3pm', 'call Bob'],
    ['Tuesday the 19th: vendor demo', 'vendor demo'],
    ['meet at a quarter past 3pm', 'meet'],
    ['ship the hotfix 8 tonight', 'ship the hotfix'],
    ['rerun the suite at 5 tomorrow afternoon', 'rerun the suite'],
    ['revisit the caching decision a week hence', 'revisit the caching decision'],
    ['standup in 1/2 h', 'standup'],
    ['rerun at 3 PM sharp', 'rerun'],
    ['done by the 1st of next month', 'done'],
  ];
  for (const [text, title] of titles) {
    it(`${JSON.stringify(text)} → ${JSON.stringify(title)}`, () => assert.equal(parse(text).title, title));
  }
});
