import assert from 'node:assert/strict';
import { parseTaskRules } from '../../../src/core/tasks/parseTaskRules';
import { expectDues } from '../../support/dueCases';
import { nthWeekdayOfMonth } from '../../../src/core/tasks/dates/weekdays';

// Tuesday 10 March 2026, 09:30 in Berlin.
const BERLIN = { now: new Date('2026-03-10T09:30:00+01:00'), timeZone: 'Europe/Berlin', locale: 'en-US' };

describe('due dates: qualified weekdays', () => {
  expectDues([
    ['the release from last tuesday broke login', '2026-03-03'],
    ['was due last friday', '2026-03-06'],
    ['wednesday of next week: migration', '2026-03-18'],
    ['planning wednesday next week', '2026-03-18'],
    ['next week wednesday: retro', '2026-03-18'],
    ['wednesday this week: demo', '2026-03-11'],
    ['next friday demo', '2026-03-20'],
    ['this coming monday onboarding', '2026-03-16'],
    ['first tuesday of october audit', '2026-10-06'],
    ['second monday in july training', '2026-07-13'],
    ['the last friday of the month: party', '2026-03-27'],
    ['the first monday of next month review', '2026-04-06'],
    // This year's first Tuesday of March has passed: next year's.
    ['first tuesday of march offsite', '2027-03-02'],
    ['Thursday the 19th offsite', '2026-03-19'],
    // The next 19th that is a Tuesday.
    ['Tuesday the 19th vendor demo', '2026-05-19'],
    ["last wed's incident writeup", '2026-03-04'],
    // British: a week after the coming Friday.
    ['pay the invoice by Friday week', '2026-03-20'],
  ], BERLIN);

  it('takes every word of the date out of the title', () => {
    assert.equal(parseTaskRules('Tuesday the 19th: vendor demo', BERLIN).title, 'vendor demo');
    assert.equal(parseTaskRules('plan the offsite wednesday next week', BERLIN).title, 'plan the offsite');
  });

  it('finds the n-th and the last weekday of a month', () => {
    assert.deepEqual(nthWeekdayOfMonth(2026, 11, 4, 4), { year: 2026, month: 11, day: 26 });
    assert.deepEqual(nthWeekdayOfMonth(2026, 5, 1, -1), { year: 2026, month: 5, day: 25 });
    assert.equal(nthWeekdayOfMonth(2026, 2, 1, 5), undefined, 'February 2026 has four Mondays');
  });
});

describe('due dates: counted days and weekdays', () => {
  expectDues([
    ['revisit a week hence', '2026-03-17'],
    ['3 fridays from now: launch', '2026-03-27'],
    ['that was due 2 thursdays back', '2026-02-26'],
    ['shipped 3 tuesdays ago', '2026-02-17'],
    ['a fortnight today: check-in', '2026-03-24'],
    ['2 weeks from tomorrow: release', '2026-03-25'],
    ['10 days from now contract renewal', '2026-03-20'],
    ['two hours from now: call back', '2026-03-10T11:30'],
    ['in a fortnight: review', '2026-03-24'],
    ['due a week from monday: report', '2026-03-23'],
    ["book the venue in 2 weeks' time", '2026-03-24'],
    ['freeze 10 days before Christmas', '2026-12-15'],
    ['restock the day after Thanksgiving', '2026-11-27'],
    ['the Monday after Christmas: inventory', '2026-12-28'],
    ['book the MOT for a fortnight on Tuesday', '2026-03-31'],
    ['done by the 1st of next month', '2026-04-01'],
    // An offset with no day after it is no date.
    ['tidy up 2 days after the launch', undefined],
  ], BERLIN);
});
