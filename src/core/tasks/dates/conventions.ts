// Calendar conventions chrono lacks or reads differently, in English, German, French and Spanish:
//
//   next week / nächste Woche / semaine prochaine,    the Monday of next week
//     start of next week
//   the week after next / übernächste Woche            a week after that
//   next month / nächster Monat / mois prochain,       the 1st of next month
//     start of next month
//   (the) day after tomorrow                           two days from today
//   this morning / afternoon / evening, tonight        today, in that part of the day
//   on / by / until / before / due the 25th            the next 25th, this month or the next; also
//     "the 14th: dentist" at the start of a line          as a heading
//   the 1st of next month / this month                 that day of that month

import { addDays, lastDayOfMonth, weekdayOf, type CivilDate } from '../timeZone';
import { defaultTimeOf, periodIn, type DayMention } from './mentions';
import { isFollowedByNoun, MONTH_RE } from './vocabulary';

const B = String.raw`(?<![\p{L}])`;
const E = String.raw`(?![\p{L}])`;

const WEEK_AFTER_NEXT = new RegExp(String.raw`${B}(?:(?:the\s+)?week\s+after\s+next|übernächste[nr]?\s+woche)${E}`, 'giu');
const NEXT_WEEK = new RegExp(
  String.raw`${B}(?:(?:(?:the\s+)?(?:start|beginning)\s+of\s+)?next\s+week|(?:in\s+der\s+)?nächste[nr]?\s+woche|kommende[nr]?\s+woche|(?:la\s+)?semaine\s+prochaine|(?:la\s+)?próxima\s+semana|(?:la\s+)?semana\s+que\s+viene)${E}`,
  'giu',
);
const NEXT_MONTH = new RegExp(
  String.raw`${B}(?:(?:(?:the\s+)?(?:start|beginning)\s+of\s+)?next\s+month|nächste[nr]?\s+monat|(?:le\s+)?mois\s+prochain|(?:el\s+)?próximo\s+mes|(?:el\s+)?mes\s+que\s+viene)${E}`,
  'giu',
);
const DAY_AFTER_TOMORROW = new RegExp(String.raw`${B}(?:the\s+)?day\s+after\s+tomorrow${E}`, 'giu');
const THIS_PART_OF_DAY = new RegExp(String.raw`${B}(?:this\s+(?:morning|afternoon|evening)|tonight)${E}`, 'giu');
const DAY_OF_MONTH = /(?<![\p{L}])(?:on|by|until|till|before|due)\s+the\s+(\d{1,2})(?:st|nd|rd|th)(?![\p{L}\p{N}])(?!\s+of\b)/giu;
const DAY_OF_MONTH_HEADING = new RegExp(String.raw`^[\s\p{P}]*?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)(?![\p{L}\p{N}])(?!\s+(?:of\s+)?${MONTH_RE}${E})`, 'giu');
const DAY_OF_NAMED_MONTH = new RegExp(String.raw`${B}(?:on\s+|by\s+|until\s+|before\s+|due\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)\s+of\s+(next|this)\s+month${E}`, 'giu');

function mondayOfNextWeek(today: CivilDate): CivilDate {
  const weekday = weekdayOf(today);
  return addDays(today, weekday === 0 ? 1 : 8 - weekday);
}

/** The next such day of a month, this month or the next, if that month has it. */
function nextDayOfMonth(today: CivilDate, day: number): CivilDate | undefined {
  if (day < 1 || day > 31) return undefined;
  let { year, month } = today;
  if (day < today.day) [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  return day <= lastDayOfMonth(year, month) ? { year, month, day } : undefined;
}

/** Day `day` of this month (`monthsAhead` 0) or the next (1), if that month has it. */
function dayOfMonth(today: CivilDate, day: number, monthsAhead: number): CivilDate | undefined {
  const [year, month] = today.month + monthsAhead > 12 ? [today.year + 1, 1] : [today.year, today.month + monthsAhead];
  return day >= 1 && day <= lastDayOfMonth(year, month) ? { year, month, day } : undefined;
}

/** The conventions above in `text`, as days. */
export function findConventions(text: string, today: CivilDate): DayMention[] {
  const out: DayMention[] = [];
  const rules: [RegExp, (m: RegExpMatchArray) => CivilDate | undefined][] = [
    [WEEK_AFTER_NEXT, () => addDays(mondayOfNextWeek(today), 7)],
    [NEXT_WEEK, () => mondayOfNextWeek(today)],
    [NEXT_MONTH, () => (today.month === 12 ? { year: today.year + 1, month: 1, day: 1 } : { year: today.year, month: today.month + 1, day: 1 })],
    [DAY_AFTER_TOMORROW, () => addDays(today, 2)],
    [DAY_OF_MONTH, (m) => nextDayOfMonth(today, Number(m[1]))],
    [DAY_OF_MONTH_HEADING, (m) => (isFollowedByNoun(text, m.index! + m[0].length) ? undefined : nextDayOfMonth(today, Number(m[1])))],
    [DAY_OF_NAMED_MONTH, (m) => dayOfMonth(today, Number(m[1]), m[2]!.toLowerCase() === 'next' ? 1 : 0)],
  ];
  for (const [re, dateOf] of rules) {
    for (const m of text.matchAll(re)) {
      const date = dateOf(m);
      if (date) out.push({ start: m.index!, end: m.index! + m[0].length, date });
    }
  }
  for (const m of text.matchAll(THIS_PART_OF_DAY)) {
    const day: DayMention = { start: m.index!, end: m.index! + m[0].length, date: today, period: periodIn(m[0])! };
    const defaultTime = defaultTimeOf(m[0]);
    out.push(defaultTime ? { ...day, defaultTime } : day);
  }
  return out;
}
