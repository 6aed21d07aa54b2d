import assert from 'node:assert/strict';
import { isValidDue, normalizeAssignee, normalizeTag } from '../../../src/core/tasks/task';
import { addDays, civilInZone, formatDate, formatDateTime, isValidTimeZone, lastDayOfMonth, weekdayOf, zoneOffsetMinutes } from '../../../src/core/tasks/timeZone';

describe('time zone helpers', () => {
  it('gives the wall-clock date and weekday of an instant in a zone', () => {
    const instant = new Date('2026-03-11T06:30:00Z');
    assert.deepEqual(civilInZone(instant, 'America/Los_Angeles'), { year: 2026, month: 3, day: 10, hour: 23, minute: 30, weekday: 2 });
    assert.deepEqual(civilInZone(instant, 'Asia/Tokyo'), { year: 2026, month: 3, day: 11, hour: 15, minute: 30, weekday: 3 });
  });

  it('gives offsets that follow daylight saving time', () => {
    assert.equal(zoneOffsetMinutes(new Date('2026-01-15T12:00:00Z'), 'Europe/Berlin'), 60);
    assert.equal(zoneOffsetMinutes(new Date('2026-07-15T12:00:00Z'), 'Europe/Berlin'), 120);
    assert.equal(zoneOffsetMinutes(new Date('2026-07-15T12:00:00Z'), 'Asia/Kolkata'), 330);
    assert.equal(zoneOffsetMinutes(new Date('2026-01-15T12:00:00Z'), 'America/New_York'), -300);
  });

  it('does calendar arithmetic across month and year ends', () => {
    assert.deepEqual(addDays({ year: 2026, month: 12, day: 30 }, 5), { year: 2027, month: 1, day: 4 });
    assert.equal(lastDayOfMonth(2026, 2), 28);
    assert.equal(lastDayOfMonth(2028, 2), 29);
    assert.equal(weekdayOf({ year: 2026, month: 3, day: 10 }), 2);
    assert.equal(formatDate({ year: 2026, month: 3, day: 9 }), '2026-03-09');
    assert.equal(formatDateTime({ year: 2026, month: 3, day: 9 }, 7, 5), '2026-03-09T07:05');
    assert.equal(isValidTimeZone('Europe/Berlin'), true);
    assert.equal(isValidTimeZone('Mars/Olympus'), false);
  });
});

describe('task field normalisation', () => {
  it('accepts real due dates and times only', () => {
    assert.equal(isValidDue('2026-02-28'), true);
    assert.equal(isValidDue('2026-02-29'), false);
    assert.equal(isValidDue('2026-03-10T23:59'), true);
    assert.equal(isValidDue('2026-03-10T24:00'), false);
    assert.equal(isValidDue('2026-03-10 15:00'), false);
    assert.equal(isValidDue('tomorrow'), false);
  });

  it('cleans tags and assignees', () => {
    assert.equal(normalizeTag('#tech-debt.'), 'tech-debt');
    assert.equal(normalizeTag('#123'), undefined);
    assert.equal(normalizeTag('two words'), undefined);
    assert.equal(normalizeAssignee('@maria.garcia'), 'maria.garcia');
    assert.equal(normalizeAssignee('<script>'), undefined);
  });
});
