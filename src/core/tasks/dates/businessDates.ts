// Business shorthands. The end of the working day is 17:00:
//
//   EOD, COB, EOB, close of business/biz,   17:00 of the day named next to it ("EOD Friday",
//     close of play, end of (the) day,        "COB tomorrow"), else today, even once 17:00 has
//     end of business, Feierabend             passed: the deadline is today's, and it is late
//   EOW, end of (the) week, this week       the Friday of this week (next week's on a Saturday)
//   end of next week                        the Friday of next week
//   EOM, end of (the) month, month end      the last day of this month; "end of next month" next month's
//   end of February, end of feb             the last day of that month, this year's unless it has passed
//   EOQ, end of (the) quarter, end of Q3    the last day of the calendar quarter: 31 March, 30 June,
//                                             30 September, 31 December; "end of next quarter"
//   EOY, end of (the) year, year end        31 December
//
// "month end", "quarter end" and "year end" are dates only when they do not describe the word after
// them ("the year-end tickets").
//
// with their German, French and Spanish forms for the week, month and year.

import { addDays, lastDayOfMonth, weekdayOf, type CivilDate } from '../timeZone';
import type { ClockMention, DayMention } from './mentions';
import { isFollowedByNoun, MONTH_RE, monthNamed } from './vocabulary';

/** The hour EOD, COB and "end of day" stand for. */
export const END_OF_WORKDAY_HOUR = 17;

const B = String.raw`(?<![\p{L}])`;
const E = String.raw`(?![\p{L}])`;
const THE = String.raw`(?:the\s+|this\s+)?`;

const END_OF_DAY = new RegExp(
  String.raw`${B}(?:eod|cob|eob|close\s+of\s+(?:business|biz|play)|end\s+of\s+${THE}(?:business\s+|work(?:ing)?\s+)?day|end\s+of\s+(?:business|today)|feierabend)${E}`,
  'giu',
);

const END_OF_WEEK = new RegExp(
  String.raw`${B}(?:end\s+of\s+${THE}week|eow|this\s+week|ende\s+(?:der|dieser)\s+woche|diese\s+woche|fin\s+de\s+(?:la\s+)?semaine|cette\s+semaine|esta\s+semana)${E}`,
  'giu',
);
const END_OF_NEXT_WEEK = new RegExp(String.raw`${B}end\s+of\s+next\s+week${E}`, 'giu');
const END_OF_MONTH = new RegExp(
  String.raw`${B}(?:end\s+of\s+${THE}month|eom|monatsende|ende\s+des\s+monats|fin\s+d[eu]l?\s+mois|fin\s+de(?:l)?\s+mes)${E}`,
  'giu',
);
const END_OF_NEXT_MONTH = new RegExp(String.raw`${B}end\s+of\s+next\s+month${E}`, 'giu');
const END_OF_QUARTER = new RegExp(String.raw`${B}(?:end\s+of\s+${THE}quarter|eoq|end\s+of\s+(?:the\s+)?q([1-4])|end\s+of\s+(next)\s+quarter)${E}`, 'giu');
const END_OF_NAMED_MONTH = new RegExp(String.raw`${B}end\s+of\s+(${MONTH_RE})${E}`, 'giu');
const PERIOD_END = new RegExp(String.raw`${B}(month|quarter|year)[\s-]end${E}`, 'giu');
const END_OF_YEAR = new RegExp(String.raw`${B}(?:end\s+of\s+${THE}year|eoy|jahresende|fin\s+d'année)${E}`, 'giu');

/** EOD and its kin as 17:00, anchored to the day beside it (see resolve in dueDate.ts). */
export function findEndsOfDay(text: string): ClockMention[] {
  return [...text.matchAll(END_OF_DAY)].map((m) => ({
    start: m.index!,
    end: m.index! + m[0].length,
    hour: END_OF_WORKDAY_HOUR,
    minute: 0,
    offsetMinutes: 0,
    meridiemFixed: true,
    anchored: true,
  }));
}

function fridayOfWeek(today: CivilDate, weeksAhead: number): CivilDate {
  const weekday = weekdayOf(today);
  const thisFriday = addDays(today, weekday <= 5 ? 5 - weekday : 5 + 7 - weekday);
  return addDays(thisFriday, 7 * weeksAhead);
}

function monthEnd(year: number, month: number): CivilDate {
  return { year, month, day: lastDayOfMonth(year, month) };
}

function nextMonthEnd(today: CivilDate): CivilDate {
  return today.month === 12 ? monthEnd(today.year + 1, 1) : monthEnd(today.year, today.month + 1);
}

function quarterEnd(m: RegExpMatchArray, today: CivilDate): CivilDate {
  const current = Math.ceil(today.month / 3);
  if (m[2]) return current === 4 ? monthEnd(today.year + 1, 3) : monthEnd(today.year, (current + 1) * 3);
  const named = m[1] ? Number(m[1]) : current;
  // "end of Q1" written in Q3 is next year's.
  return monthEnd(named < current ? today.year + 1 : today.year, named * 3);
}

/** Week, month, quarter and year ends in `text`, as days. */
export function findPeriodEnds(text: string, today: CivilDate): DayMention[] {
  const out: DayMention[] = [];
  const rules: [RegExp, (m: RegExpMatchArray) => CivilDate][] = [
    [END_OF_NEXT_WEEK, () => fridayOfWeek(today, 1)],
    [END_OF_WEEK, () => fridayOfWeek(today, 0)],
    [END_OF_NEXT_MONTH, () => nextMonthEnd(today)],
    [END_OF_MONTH, () => monthEnd(today.year, today.month)],
    [END_OF_QUARTER, (m) => quarterEnd(m, today)],
    [END_OF_YEAR, () => ({ year: today.year, month: 12, day: 31 })],
  ];
  for (const [re, date] of rules) for (const m of text.matchAll(re)) out.push({ start: m.index!, end: m.index! + m[0].length, date: date(m) });
  for (const m of text.matchAll(END_OF_NAMED_MONTH)) {
    const month = monthNamed(m[1]!)!;
    const year = month < today.month ? today.year + 1 : today.year;
    out.push({ start: m.index!, end: m.index! + m[0].length, date: monthEnd(year, month) });
  }
  for (const m of text.matchAll(PERIOD_END)) {
    if (isFollowedByNoun(text, m.index! + m[0].length)) continue;
    const kind = m[1]!.toLowerCase();
    const date = kind === 'month' ? monthEnd(today.year, today.month) : kind === 'year' ? monthEnd(today.year, 12) : monthEnd(today.year, Math.ceil(today.month / 3) * 3);
    out.push({ start: m.index!, end: m.index! + m[0].length, date });
  }
  return out;
}
