import assert from 'node:assert/strict';
import { instantOf, zoneNamed } from '../../../src/core/tasks/dates/timeZones';
import { parseTaskRules } from '../../../src/core/tasks/parseTaskRules';
import { expectDues } from '../../support/dueCases';

// Tuesday 10 March 2026, 09:30 in Berlin (UTC+1); the United States are on daylight time since 8 March.
const BERLIN = { now: new Date('2026-03-10T09:30:00+01:00'), timeZone: 'Europe/Berlin', locale: 'en-US' };

describe('due dates: explicit time zones', () => {
  expectDues([
    // PST is the fixed offset it names (UTC−8), even while California is on PDT.
    ['vendor call Thursday 8:00 PST', '2026-03-12T17:00'],
    // PT is California's clock: PDT (UTC−7) on that day.
    ['sync with SF at 9am PT', '2026-03-10T17:00'],
    ['run the export at 10pm UTC', '2026-03-10T23:00'],
    ['cutover Friday 10:00 UTC+2', '2026-03-13T09:00'],
    ['call New York tomorrow 9am Eastern time', '2026-03-11T14:00'],
    // 08:00 UTC has passed (it is 08:30 UTC): tomorrow's.
    ['standup at 8am UTC', '2026-03-11T09:00'],
  ], BERLIN);

  it('names zones by region, abbreviation and offset', () => {
    assert.equal(zoneNamed('PT'), 'America/Los_Angeles');
    assert.equal(zoneNamed('PST'), '-08:00');
    assert.equal(zoneNamed('CEST'), '+02:00');
    assert.equal(zoneNamed('UTC+5:30'), '+05:30');
    assert.equal(zoneNamed('GMT-3'), '-03:00');
    assert.equal(zoneNamed('XYZ'), undefined);
  });

  it('finds the instant of a wall time across a daylight-saving change', () => {
    assert.equal(instantOf({ year: 2026, month: 3, day: 29 }, 12, 0, 'Europe/Berlin').toISOString(), '2026-03-29T10:00:00.000Z');
    assert.equal(instantOf({ year: 2026, month: 3, day: 28 }, 12, 0, 'Europe/Berlin').toISOString(), '2026-03-28T11:00:00.000Z');
  });

  it('takes the zone out of the title', () => {
    assert.equal(parseTaskRules('sync with the SF team Thursday 9am PT', BERLIN).title, 'sync with the SF team');
  });
});

describe('due dates: durations', () => {
  expectDues([
    ['standup in 1/2 h', '2026-03-10T10:00'],
    ['restart the worker in 2.5 hours', '2026-03-10T12:00'],
    ['call back in an hour and a half', '2026-03-10T11:00'],
    ['join the bridge in half an hour', '2026-03-10T10:00'],
    ['check the deploy in 90 minutes', '2026-03-10T11:00'],
    ['in 2.5h put the bins out', '2026-03-10T12:00'],
    ['renew in 3 days', '2026-03-13'],
    ['prune old branches within 2 weeks', '2026-03-24'],
    ['review in 2 months', '2026-05-10'],
    // Working days skip the weekend.
    ['reply to the council within 5 working days', '2026-03-17'],
    // A fraction of a day is no date.
    ['rotate in 1.5 days', undefined],
  ], BERLIN);
});

describe('due dates: durations that are not deadlines', () => {
  expectDues([
    ['batch DB writes in 10 minutes chunks', undefined],
    ['batch DB writes in 5 minute chunks', undefined],
    ['sessions expire in 30 days', undefined],
    ['the job runs in 10 minute slices', undefined],
    ['in 2.5 hours of testing nothing failed', undefined],
    ['requests must be answered within 30 days', undefined],
    ['cache results for 5 minutes', undefined],
    ['retry after 2 seconds with jitter', undefined],
    ['the build takes 2.5 hours', undefined],
    ['rotate logs after 7 days', undefined],
  ], BERLIN);
});
