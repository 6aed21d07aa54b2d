import assert from 'node:assert/strict';
import { findClockTimes, resolveClock } from '../../../src/core/tasks/dates/clockTimes';
import { parseTaskRules } from '../../../src/core/tasks/parseTaskRules';
import { expectDues } from '../../support/dueCases';

// Tuesday 10 March 2026, 09:30 in Berlin.
const BERLIN = { now: new Date('2026-03-10T09:30:00+01:00'), timeZone: 'Europe/Berlin', locale: 'en-US' };

describe('due dates: clock times without am/pm, 24-hour and short forms', () => {
  expectDues([
    ['call the vendor at 10:30', '2026-03-10T10:30'],
    ['standup at 1030', '2026-03-10T10:30'],
    ['15:30 review the rollout', '2026-03-10T15:30'],
    ['sync notes by 10:30', '2026-03-10T10:30'],
    ['15h30 call Lyon', '2026-03-10T15:30'],
    ['meet Ana at 3p', '2026-03-10T15:00'],
    ['3:30 p m dentist', '2026-03-10T15:30'],
    ['pair on it 4:30 p.m.', '2026-03-10T16:30'],
    ['ring the bank at 9.30 tomorrow', '2026-03-11T09:30'],
    ['demo prep tomorrow 10a', '2026-03-11T10:00'],
    ['lunch with Sam at noon', '2026-03-10T12:00'],
    // A time alone is today's, or tomorrow's once it has passed.
    ['restart the queue at 0800', '2026-03-11T08:00'],
    // Without am/pm, 1–6 o'clock is the afternoon; 7–12 as written.
    ['send the digest at 5', '2026-03-10T17:00'],
    ['sign the form at 11', '2026-03-10T11:00'],
    ['monday at 4', '2026-03-16T16:00'],
    // A weekday abbreviation that is also a word is a day next to a time.
    ['dentist Thurs @ 14:40', '2026-03-12T14:40'],
    ['fri 2:30pm demo w/ APAC sales', '2026-03-13T14:30'],
    ['on-call handover 8am sharp tomorrow', '2026-03-11T08:00'],
    ['call Gran at lunchtime tomorrow', '2026-03-11T12:00'],
    // The zone after a range of hours applies to its start.
    ['deploy window: Tue 22:00–23:00 UTC', '2026-03-10T23:00'],
    ['Sync · Thu, Mar 12 · 3:00 – 3:30pm', '2026-03-12T15:00'],
    // A numeric date with no lead word is one next to a time.
    ['demo to the board 3/20 @ 2', '2026-03-20T14:00'],
    // Today's weekday with a time is today.
    ['can we do Tues 2pm instead?', '2026-03-10T14:00'],
    ['share the deck by 6 pm IST', '2026-03-10T13:30'],
    ['rerun at 3 PM sharp', '2026-03-10T15:00'],
    ['sprint demo moved to Wed the 22nd @ 1pm', '2026-04-22T13:00'],
    ['the 11th at 10:00: board call', '2026-03-11T10:00'],
  ], BERLIN);
});

describe('due dates: minutes past and to the hour', () => {
  expectDues([
    ['20 past 3pm call legal', '2026-03-10T15:20'],
    ['a quarter to noon lunch order', '2026-03-10T11:45'],
    ['a quarter past 3pm sync', '2026-03-10T15:15'],
    ['coffee at half past 10', '2026-03-10T10:30'],
    ['pick up the parcel at 25 to 4', '2026-03-10T15:35'],
    ['ten to five: submit the report', '2026-03-10T16:50'],
    ['tea at half 5', '2026-03-10T17:30'],
    ['sync at quarter after 5', '2026-03-10T17:15'],
  ], BERLIN);
});

describe('due dates: a day and a part of the day together', () => {
  expectDues([
    ['day after tomorrow 5pm cutoff', '2026-03-12T17:00'],
    ['ship the hotfix 8 tonight', '2026-03-10T20:00'],
    ['rerun the suite at 5 tomorrow afternoon', '2026-03-11T17:00'],
    ['reindex tonight at 10', '2026-03-10T22:00'],
    ['dinner sunday at 6 in the evening', '2026-03-15T18:00'],
    ['report friday morning at 9', '2026-03-13T09:00'],
    ['airport pickup 6 tomorrow evening', '2026-03-11T18:00'],
    ['call Mum half past 8 tonight', '2026-03-10T20:30'],
    ['investigate the leak tomorrow morning', '2026-03-11T09:00'],
    ['mid-morning tomorrow: dentist', '2026-03-11'],
    ['last thing friday: push the notes', '2026-03-13'],
  ], BERLIN);
});

describe('due dates: numbers that are not times', () => {
  expectDues([
    ['crash at line 1030 of parser.c', undefined],
    ['set the aspect ratio to 16:9', undefined],
    ['1:1 with Sam about career goals', undefined],
    ['scale down at 2 replicas', undefined],
    ['the 3p deps need a license check', undefined],
    ['reduce replicas from 5 to 4', undefined],
    ['increase the limit by 5', undefined],
    ['finish the migration by 2027', undefined],
    ['parse 10:30 style timestamps', undefined],
    ['check logs daily at 9am', undefined],
    ['every friday at 4pm the cron runs twice', undefined],
    ['memory spikes at 80% during GC', undefined],
    // A time after "after", "from", "since" starts something; it is no deadline.
    ['dark mode after 8pm is a setting, not a default', undefined],
    ['window is 09:00–17:00 weekdays', undefined],
    ['the 7:30 train is always late', undefined],
  ], BERLIN);

  it('reads "bump node to 22 before Jan 15" as the 15th, not 22:00, and keeps "22" in the title', () => {
    const t = parseTaskRules('bump node to 22 before Jan 15', BERLIN);
    assert.equal(t.due, '2027-01-15');
    assert.equal(t.title, 'bump node to 22');
  });
});

describe('clock time helpers', () => {
  it('resolves an hour without am/pm by the part of the day next to it', () => {
    const [five] = findClockTimes('at 5');
    assert.deepEqual(resolveClock(five!), { hour: 17, minute: 0 });
    assert.deepEqual(resolveClock(five!, 'morning'), { hour: 5, minute: 0 });
    const [eleven] = findClockTimes('at 11');
    assert.deepEqual(resolveClock(eleven!, 'evening'), { hour: 23, minute: 0 });
    const [zero] = findClockTimes('at 06:30');
    assert.deepEqual(resolveClock(zero!), { hour: 6, minute: 30 }, 'a leading zero is 24-hour');
  });

  it('moves "to" minutes back across the hour', () => {
    const [t] = findClockTimes('twenty to 1');
    assert.deepEqual(resolveClock(t!), { hour: 12, minute: 40 });
  });
});
