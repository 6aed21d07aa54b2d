// What reads as a date but is not a deadline: a schedule ("every Monday", "daily at 9am", "on
// Fridays", "09:00–17:00 weekdays"), an example ("dates like 2026-01-01", "10:30 style
// timestamps"), a word that only describes the next one ("the Sunday deploy freeze", "today's date").

/** "every Monday", "each Friday": a recurrence. */
const RECURRENCE_LEAD = /(?:\bevery|\beach|\bjeden|\bjede|\bcada|\bchaque|\btous les|\btodos los)\s*$/i;
/** "every other day at 9am", "daily at 9", "nightly by 2am": a schedule, not a deadline. */
const RECURRENCE_NEAR = /(?:\b(?:every|each|jeden|jede|cada|chaque)(?:\s+\S+){1,2}|\b(?:daily|nightly|weekly|hourly|monthly|täglich|wöchentlich|diariamente|quotidiennement))\s*$/i;
/** "on Fridays", "mondays": a weekday in the plural is a habit. */
export const PLURAL_WEEKDAY = /\b(?:mon|tues|wednes|thurs|fri|satur|sun)days\b/i;
const EXAMPLE_LEAD = /(?:\blike|\be\.g\.|\bsuch as|\bwie|\bz\.\s?b\.|\bformat|\bstyle|\bcomo|\bcomme)\s*$/i;
const EXAMPLE_TAIL = /^\s*(?:style|format|formatted|timestamps?)\b/i;
/** "09:00–17:00 weekdays", "9am daily": the hours of a schedule. */
const SCHEDULE_TAIL = /^\s*(?:[–-]\s*\S+\s+)?(?:on\s+)?(?:weekdays|weekends|daily|nightly|every\s+day|each\s+day)\b/i;

/** Whether the words at `start`–`end` are part of a schedule or an example rather than a deadline. */
export function isScheduleOrExample(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 28), start);
  const after = text.slice(end, end + 16);
  if (EXAMPLE_LEAD.test(before) || EXAMPLE_TAIL.test(after) || SCHEDULE_TAIL.test(text.slice(end, end + 40))) return true;
  // The word that introduced the time is not part of the schedule: "daily at 9am".
  const schedule = before.replace(/(?<![\p{L}])(?:at|@|by|around|on)\s*$/iu, '');
  if (RECURRENCE_LEAD.test(schedule) || RECURRENCE_NEAR.test(schedule) || PLURAL_WEEKDAY.test(schedule)) return true;
  return /day$/i.test(text.slice(start, end)) && /^s\b/i.test(after);
}

/** "the Sunday deploy freeze", "our Monday sync notes": a date word describing the noun after it. */
export const DETERMINER_BEFORE = /(?<![\p{L}])(?:the|a|an|our|my|your|their|its|this|that|these|those)\s+$/iu;
