// The period after --since: today, N calendar days counting today, or an ISO date; each from
// local midnight in the user's zone to now. Anything else, or a start after today, is refused.
import assert from 'node:assert/strict';
import { parseSummaryPeriod, SummaryPeriodError } from '../../../../src/core/tasks/summary/summaryPeriod';
import { formatDate } from '../../../../src/core/tasks/timeZone';

// 08:30 UTC on Tuesday 10 March 2026: 09:30 in Berlin, 01:30 in Los Angeles (PDT, −7, from 8 March).
const NOW = new Date('2026-03-10T08:30:00.000Z');
const UTC = { now: NOW, timeZone: 'UTC' };

describe('summaries: the period', () => {
  it('today starts at local midnight and ends now', () => {
    const p = parseSummaryPeriod('today', UTC);
    assert.equal(p.since.toISOString(), '2026-03-10T00:00:00.000Z');
    assert.equal(p.until.toISOString(), NOW.toISOString());
    assert.equal(formatDate(p.firstDay), '2026-03-10');
    assert.equal(formatDate(p.lastDay), '2026-03-10');
  });

  it('Nd counts today as the first of N days', () => {
    assert.equal(parseSummaryPeriod('1d', UTC).since.toISOString(), '2026-03-10T00:00:00.000Z');
    assert.equal(parseSummaryPeriod('7d', UTC).since.toISOString(), '2026-03-04T00:00:00.000Z');
    assert.equal(formatDate(parseSummaryPeriod('7d', UTC).firstDay), '2026-03-04');
    assert.equal(parseSummaryPeriod('30d', UTC).since.toISOString(), '2026-02-09T00:00:00.000Z');
  });

  it('an ISO date starts at its local midnight', () => {
    const p = parseSummaryPeriod('2026-03-01', UTC);
    assert.equal(p.since.toISOString(), '2026-03-01T00:00:00.000Z');
    assert.equal(p.asked, '2026-03-01');
  });

  it('midnight is the time zone’s, and so is today', () => {
    assert.equal(parseSummaryPeriod('today', { now: NOW, timeZone: 'Europe/Berlin' }).since.toISOString(), '2026-03-09T23:00:00.000Z');
    const la = parseSummaryPeriod('today', { now: NOW, timeZone: 'America/Los_Angeles' });
    assert.equal(la.since.toISOString(), '2026-03-10T07:00:00.000Z');
    // Seven days back crosses the change to daylight saving time: that midnight was PST, −8.
    assert.equal(parseSummaryPeriod('7d', { now: NOW, timeZone: 'America/Los_Angeles' }).since.toISOString(), '2026-03-04T08:00:00.000Z');
    // An hour earlier it is still 9 March in Los Angeles, and today is that day.
    const before = parseSummaryPeriod('today', { now: new Date('2026-03-10T06:30:00.000Z'), timeZone: 'America/Los_Angeles' });
    assert.equal(formatDate(before.firstDay), '2026-03-09');
    assert.equal(before.since.toISOString(), '2026-03-09T07:00:00.000Z');
  });

  it('ignores case and blanks around the value', () => {
    assert.equal(parseSummaryPeriod(' Today ', UTC).since.toISOString(), '2026-03-10T00:00:00.000Z');
    assert.equal(parseSummaryPeriod('7D', UTC).since.toISOString(), '2026-03-04T00:00:00.000Z');
  });

  for (const bad of ['', 'week', '7', '0d', '-3d', '400d', '7days', '2026-02-30', '2026-3-1', '10/03/2026', 'yesterday']) {
    it(`refuses ${JSON.stringify(bad)} and says what works`, () => {
      assert.throws(() => parseSummaryPeriod(bad, UTC), (err: unknown) => err instanceof SummaryPeriodError && /--since/.test(err.message));
    });
  }

  it('refuses a start after today', () => {
    assert.throws(() => parseSummaryPeriod('2026-03-11', UTC), /after today \(2026-03-10\)/);
    assert.doesNotThrow(() => parseSummaryPeriod('2026-03-10', UTC));
  });
});
