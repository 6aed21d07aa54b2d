import assert from 'node:assert/strict';
import { END_OF_WORKDAY_HOUR } from '../../../src/core/tasks/dates/businessDates';
import { parseTaskRules } from '../../../src/core/tasks/parseTaskRules';
import { expectDues } from '../../support/dueCases';

// Tuesday 10 March 2026 in Berlin, at 09:30 and at 18:30.
const MORNING = { now: new Date('2026-03-10T09:30:00+01:00'), timeZone: 'Europe/Berlin', locale: 'en-US' };
const EVENING = { now: new Date('2026-03-10T18:30:00+01:00'), timeZone: 'Europe/Berlin', locale: 'en-US' };
// Wednesday 13 May 2026 in New York.
const MAY = { now: new Date('2026-05-13T14:20:00-04:00'), timeZone: 'America/New_York', locale: 'en-US' };

describe('due dates: business shorthands', () => {
  const cases: [string, string][] = [
    ['EOD: approve the PR', '2026-03-10T17:00'],
    ['reply to the client COB', '2026-03-10T17:00'],
    ['send the numbers by COB tomorrow', '2026-03-11T17:00'],
    ['submit timesheets by EOD Friday', '2026-03-13T17:00'],
    ['send the redlines by close of business Thursday', '2026-03-12T17:00'],
    ['reply by end of day', '2026-03-10T17:00'],
    ['EOW: update the roadmap', '2026-03-13'],
    ['draft the spec end of next week', '2026-03-20'],
    ['close the tickets by end of month', '2026-03-31'],
    ['renew the insurance end of next month', '2026-04-30'],
    ['renew the licences end of quarter', '2026-03-31'],
    ['hire two engineers by end of next quarter', '2026-06-30'],
    ['performance reviews by end of Q3', '2026-09-30'],
    ['retire the VPN by EOY', '2026-12-31'],
    ['send the draft by close of biz friday', '2026-03-13T17:00'],
    ['submit expenses before month end', '2026-03-31'],
    // February has passed: next year's.
    ['end of feb: renew the domain', '2027-02-28'],
    ['q2 planning doc by end of june', '2026-06-30'],
    // "year-end" describes the tickets; the deadline is Thursday.
    ['close the year-end tickets by thursday', '2026-03-12'],
  ];
  expectDues(cases, MORNING);

  it(`reads EOD as ${END_OF_WORKDAY_HOUR}:00 today even once that has passed`, () => {
    assert.equal(parseTaskRules('EOD: approve the PR', EVENING).due, '2026-03-10T17:00');
  });

  it('counts quarters from the reference date', () => {
    assert.equal(parseTaskRules('close the books by end of quarter', MAY).due, '2026-06-30');
    assert.equal(parseTaskRules('plan by end of Q1', MAY).due, '2027-03-31', 'Q1 has passed: next year');
    assert.equal(parseTaskRules('EOQ board report', MAY).due, '2026-06-30');
  });

  it('takes the shorthand out of the title', () => {
    assert.equal(parseTaskRules('submit timesheets by EOD Friday', MORNING).title, 'submit timesheets');
  });
});
