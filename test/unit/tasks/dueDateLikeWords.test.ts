// A text naming more date-like words than MAX_DATE_LIKE_WORDS is a list, a table or a log line,
// not one deadline: chrono does not read it (its cost grows with every date it reads), so it names
// no due date; at the limit, chrono still reads the deadline among them.
import assert from 'node:assert/strict';
import { MAX_DATE_LIKE_WORDS } from '../../../src/core/tasks/dates/chronoDates';
import { parseTaskRules } from '../../../src/core/tasks/parseTaskRules';

// Tuesday 10 March 2026, 09:30 in Berlin.
const BERLIN = { now: new Date('2026-03-10T09:30:00+01:00'), timeZone: 'Europe/Berlin', locale: 'en-US' };

/** A deadline chrono reads ("by March 20"), then `count - 2` more words with digits. */
function withDateLikeWords(count: number): string {
  return `ship the release notes by March 20 after checking rows ${Array.from({ length: count - 2 }, (_, i) => `r${i + 1}`).join(' ')}`;
}

describe('due dates: texts full of dates and numbers', () => {
  it(`reads the deadline among ${MAX_DATE_LIKE_WORDS} date-like words`, () => {
    assert.equal(parseTaskRules(withDateLikeWords(MAX_DATE_LIKE_WORDS), BERLIN).due, '2026-03-20');
  });

  it(`reads no due date among ${MAX_DATE_LIKE_WORDS + 1}`, () => {
    assert.equal(parseTaskRules(withDateLikeWords(MAX_DATE_LIKE_WORDS + 1), BERLIN).due, undefined);
  });

  it('reads none in a row of dates, the stress fuzz input that was slow', () => {
    const parsed = parseTaskRules(`]#${'12/01 '.repeat(166)}`, BERLIN);
    assert.equal(parsed.due, undefined);
    assert.match(parsed.title, /^\]#12\/01 12\/01/);
  });
});
