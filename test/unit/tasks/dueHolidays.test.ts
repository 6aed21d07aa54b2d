import assert from 'node:assert/strict';
import { easterSunday, holidayRegion } from '../../../src/core/tasks/dates/holidays';
import { parseTaskRules } from '../../../src/core/tasks/parseTaskRules';

// Tuesday 10 March 2026, 09:30 in New York and in London.
const US = { now: new Date('2026-03-10T09:30:00-04:00'), timeZone: 'America/New_York', locale: 'en-US' };
const GB = { now: new Date('2026-03-10T09:30:00+00:00'), timeZone: 'Europe/London', locale: 'en-GB' };

describe('due dates: holidays', () => {
  it('computes Easter Sunday by the Gregorian computus', () => {
    const easter = (year: number): string => Object.values(easterSunday(year)).join('-');
    assert.equal(easter(2000), '2000-4-23');
    assert.equal(easter(2019), '2019-4-21');
    assert.equal(easter(2024), '2024-3-31');
    assert.equal(easter(2026), '2026-4-5');
    assert.equal(easter(2027), '2027-3-28');
    assert.equal(easter(2038), '2038-4-25', 'the latest possible');
    assert.equal(easter(2285), '2285-3-22', 'the earliest possible');
  });

  const both: [string, string][] = [
    ['code freeze before Thanksgiving', '2026-11-26'],
    ['load test before black friday', '2026-11-27'],
    ['scale the pods on Cyber Monday', '2026-11-30'],
    ['no deploys on Memorial Day', '2026-05-25'],
    ['move standups off Labor Day', '2026-09-07'],
    ['plan the service project by MLK day', '2027-01-18'],
    ["office closed on Presidents' Day", '2027-02-15'],
    ['no deploys on Juneteenth', '2026-06-19'],
    ['summer sale by Independence Day', '2026-07-04'],
    ['spooky theme by Halloween', '2026-10-31'],
    ['send gifts by Christmas Eve', '2026-12-24'],
    ["rotate the keys on new year's eve", '2026-12-31'],
    ["file the report by New Year's Day", '2027-01-01'],
    ['book dinner for Valentines Day', '2027-02-14'],
    ["green theme for St. Patrick's Day", '2026-03-17'],
    ['finish the budget before Easter', '2026-04-05'],
    ['half day on Good Friday', '2026-04-03'],
    ['promo email for Fathers Day', '2026-06-21'],
    ['sale goes live on Boxing Day', '2026-12-26'],
    ['pancakes on Shrove Tuesday', '2027-02-09'],
  ];
  for (const [text, expected] of both) {
    it(`${JSON.stringify(text)} → ${expected} in en-US and en-GB`, () => {
      assert.equal(parseTaskRules(text, US).due, expected);
      assert.equal(parseTaskRules(text, GB).due, expected);
    });
  }

  it("reads Mother's Day and the bank holidays by the user's locale", () => {
    assert.equal(parseTaskRules("send flowers before Mother's Day", US).due, '2026-05-10');
    assert.equal(parseTaskRules("send flowers before Mother's Day", GB).due, '2026-03-15', 'Mothering Sunday');
    assert.equal(parseTaskRules('plan cover for the spring bank holiday', GB).due, '2026-05-25');
    assert.equal(parseTaskRules('book a cottage for the August bank holiday', GB).due, '2026-08-31');
    assert.equal(parseTaskRules('early May bank holiday trip', GB).due, '2026-05-04');
    assert.equal(parseTaskRules('cover the next bank holiday', GB).due, '2026-04-03', 'Good Friday');
    assert.equal(parseTaskRules('cover the next bank holiday', US).due, undefined);
  });

  it("reads St Stephen's Day (Ireland) as Boxing Day", () => {
    assert.equal(parseTaskRules("St Stephen's Day lunch booking", { ...GB, locale: 'en-IE' }).due, '2026-12-26');
  });

  it('prefers the day introduced by "by" to a holiday heading the line', () => {
    assert.equal(parseTaskRules("Mother's Day: order flowers by the 5th", US).due, '2026-04-05');
  });

  it('prefers any other day to a holiday that heads the line and describes the next word', () => {
    assert.equal(parseTaskRules("Valentine's reservations this week", US).due, '2026-03-13');
  });

  it('maps locales to holiday regions, the United States by default', () => {
    assert.equal(holidayRegion('en-GB'), 'GB');
    assert.equal(holidayRegion('en_IE'), 'GB');
    assert.equal(holidayRegion('en-US'), 'US');
    assert.equal(holidayRegion('en-AU'), 'US');
  });

  it('does not read a holiday name that only describes the noun after it', () => {
    assert.equal(parseTaskRules('remove the easter egg from the about page', US).due, undefined);
    assert.equal(parseTaskRules('add a Black Friday banner toggle', US).due, undefined);
    assert.equal(parseTaskRules('refactor the Easter date calculation', US).due, undefined);
    assert.equal(parseTaskRules('Christmas party planning', US).due, '2026-12-25', 'at the start of a line it is the date');
  });

  it('takes the holiday out of the title', () => {
    assert.equal(parseTaskRules('run the load test before black friday', US).title, 'run the load test');
  });
});
