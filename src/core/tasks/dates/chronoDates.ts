// chrono-node for the many ways people write days ("March 3", "3/25", "tomorrow", "Friday",
// "20.03.", "mañana"), relative to a reference time in the user's zone. In English the times of
// day are clockTimes.ts's: a time chrono reads there is one those rules rejected ("bump node to 22
// before Jan 15"), so the words that gave it are dropped and only the day is kept. In German,
// French and Spanish chrono's times stand.
//
// A result is rejected when it is not a deadline: a month alone ("the March build"), a duration
// ("for 5 minutes", "the last 3 months"), "now", a possessive ("today's date"), part of a
// hyphenated word ("the tomorrow-page ticket"), a log timestamp with seconds, a weekday describing
// the next word ("the Sunday deploy freeze", but "before the Friday cut" is a deadline), "the month"
// alone ("in the month dropdown"), "weekend" without "this", "next" or "the" ("Labor Day weekend"),
// a day after "since", "from" or "as of", which starts something ("works since Tuesday"). A
// numeric date ("4/20") and a weekday abbreviation that is also a word ("sat", "fri") are days only
// after "on", "by"…, at the start of the line or next to a time ("4/20 @ 2", "fri 2:30pm"), which
// dueDate.ts decides once the times are known: "fix 4/20 failing tests" has no date.

import * as chrono from 'chrono-node';
import { compareDates, zoneOffsetMinutes, type CivilDate } from '../timeZone';
import { defaultTimeOf, periodIn, textBefore, type ClockMention, type DayMention, type DayPeriod } from './mentions';
import { DETERMINER_BEFORE, isScheduleOrExample, PLURAL_WEEKDAY } from './notDates';
import { isFollowedByNoun } from './vocabulary';

export type Lang = 'en' | 'de' | 'fr' | 'es';

/** German and European day.month. with an optional year: 20.03., 1. 2., 31.03.2026. */
const DAY_MONTH_PARSER: chrono.Parser = {
  pattern: () => /(?<![\d.\/])(\d{1,2})\.\s?(\d{1,2})\.(?:(\d{4}|\d{2})(?![\d.]))?(?!\d)/,
  extract: (_context, match) => {
    const day = Number(match[1]);
    const month = Number(match[2]);
    if (day < 1 || day > 31 || month < 1 || month > 12) return null;
    if (match[3] === undefined) return { day, month };
    const y = Number(match[3]);
    return { day, month, year: match[3].length === 2 ? 2000 + y : y };
  },
};

const parsers = new Map<Lang, chrono.Chrono>();

function parserFor(lang: Lang): chrono.Chrono {
  let p = parsers.get(lang);
  if (!p) {
    const base = lang === 'de' ? chrono.de.casual : lang === 'fr' ? chrono.fr.casual : lang === 'es' ? chrono.es.casual : chrono.casual;
    p = base.clone();
    p.parsers.push(DAY_MONTH_PARSER);
    parsers.set(lang, p);
  }
  return p;
}

const LANGUAGE_HINTS: Record<Exclude<Lang, 'en'>, RegExp> = {
  de: /(?<![\p{L}])(morgen|übermorgen|heute|bis|nächste[nrs]?|kommende[nrs]?|woche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|uhr|januar|februar|märz|juni|juli|oktober|dezember|zum|spätestens)(?![\p{L}])/giu,
  es: /(?<![\p{L}])(mañana|hoy|pasado|próxim[oa]|semana|lunes|martes|miércoles|jueves|viernes|sábado|domingo|enero|febrero|marzo|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|las|para|antes|hasta)(?![\p{L}])/giu,
  fr: /(?<![\p{L}])(demain|aujourd'hui|après-demain|prochaine?|semaine|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|avant|d'ici)(?![\p{L}])/giu,
};

/** Languages to try, most likely first; English always comes last as the fallback. */
export function languagesFor(text: string): Lang[] {
  const scored: [Lang, number][] = [];
  for (const lang of ['de', 'es', 'fr'] as const) {
    const n = [...text.matchAll(LANGUAGE_HINTS[lang])].length;
    if (n > 0) scored.push([lang, n]);
  }
  scored.sort((a, b) => b[1] - a[1]);
  return [...scored.map(([l]) => l), 'en'];
}

const WEEKDAY_ABBREVIATION = /^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?$/i;
const BARE_DURATION =
  /^(?:(?:for|after)\s+)?(?:(?:the\s+)?(?:last|past|next|first)\s+)?(?:\d+(?:[.,]\d+)?|an?|the|one|two|three|four|five|six|seven|eight|nine|ten|few|several)\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|months?|quarters?|years?)$/i;
const NOW_WORDS = /^(now|right now|jetzt|ahora|maintenant)$/i;
const CLOCK_WORDS = /(am|pm|a\.m\.|p\.m\.|uhr|o'clock|noon|midnight|mittag|mitternacht|midi|minuit|mediodía|medianoche|\d\s*h\b|\bh\s*\d)/i;
const CLOCK_LEAD = /(?:\bat|\bum|\bà|\ba las|\ba la|\bby|\bbefore|\buntil|\btill|\bgegen|\bvers|\bbis)\s*$/i;
const DATE_LEAD = /(?:\bon|\bby|\buntil|\btill|\bdue|\bbefore|\bfor|\bafter|\bof|\()\s*$/i;
const STARTING_LEAD = /(?:\bsince|\bfrom|\bas\s+of|\bstarting)\s*$/i;
const DEADLINE_THEN_DETERMINER = /(?:\bby|\bbefore|\buntil|\btill|\bdue|\bfor)\s+(?:the|our|this)\s+$/i;
const NUMERIC_DATE = /^\d{1,2}[/-]\d{1,2}$/;
const ISO_WITH_TIME = /\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}/;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}/;
const LEAD_BEFORE_ABBREVIATION = /(?:\bon|\bby|\buntil|\bdue|\bnext|\bthis|\bbefore|\blast|\bcoming)\s*$/i;
const SINGLE_DATE_WORD = /^(?:this\s+|next\s+)?[\p{L}]+\.?$/u;

function hasDay(result: chrono.ParsedResult): boolean {
  const s = result.start;
  return s.isCertain('day') || s.isCertain('weekday') || [...result.tags()].some((tag) => tag.startsWith('result/relativeDate'));
}

function accept(result: chrono.ParsedResult, text: string): boolean {
  const t = result.text.trim();
  const before = text.slice(Math.max(0, result.index - 24), result.index);
  const after = text.slice(result.index + result.text.length, result.index + result.text.length + 16);
  if (NOW_WORDS.test(t) || /^['’]s\b/.test(after) || TIMESTAMP.test(t)) return false;
  if (/[\p{L}\p{N}]-$/u.test(before) || /^-[\p{L}\p{N}]/u.test(after)) return false;
  if (BARE_DURATION.test(t) || /^(?:for|after)\s/i.test(t)) return false;
  if (/^(?:every|each)\s/i.test(t) || PLURAL_WEEKDAY.test(t)) return false;
  if (isScheduleOrExample(text, result.index, result.index + result.text.length)) return false;
  const describes = DETERMINER_BEFORE.test(textBefore(text, result.index)) && !DEADLINE_THEN_DETERMINER.test(before);
  if (SINGLE_DATE_WORD.test(t) && describes && isFollowedByNoun(text, result.index + result.text.length)) return false;
  if (STARTING_LEAD.test(before) || (/^weekend$/i.test(t) && !/(?:\bthis|\bnext|\bthe)\s+$/i.test(before))) return false;
  if (NUMERIC_DATE.test(t) && /^\s*(?:of|%)/.test(after)) return false;
  if (/^(?:in|within|for|after)?\s*the\s+(?:second|minute|hour|day|week|month|quarter|year)$/i.test(t)) return false;
  const s = result.start;
  if (!hasDay(result) && !s.isCertain('hour')) return false; // a month or a year alone
  if (!hasDay(result) && !CLOCK_WORDS.test(t) && !CLOCK_LEAD.test(before)) return false; // "10:30 style"
  return true;
}

/** A result read at `index` of the text (a result read from a piece of it has its own index). */
interface Located {
  result: chrono.ParsedResult;
  index: number;
}

function dayOf({ result, index }: Located, text: string, today: CivilDate, keepTime: boolean): DayMention {
  const s = result.start;
  const day: DayMention = { start: index, end: index + result.text.length, date: { year: s.get('year')!, month: s.get('month')!, day: s.get('day')! } };
  const before = text.slice(Math.max(0, index - 24), index);
  if (WEEKDAY_ABBREVIATION.test(result.text.trim()) && !LEAD_BEFORE_ABBREVIATION.test(before)) day.needsTime = true;
  if (NUMERIC_DATE.test(result.text.trim()) && !DATE_LEAD.test(before) && !/^[\s\p{P}]*$/u.test(text.slice(0, index))) day.needsTime = true;
  // A day and month without a year is their next occurrence on the user's calendar: chrono's own
  // forward rule compares instants across zones and can skip a year near midnight.
  if (s.isCertain('month') && s.isCertain('day') && !s.isCertain('year')) {
    const thisYear = { ...day.date, year: today.year };
    day.date = compareDates(thisYear, today) >= 0 ? thisYear : { ...day.date, year: today.year + 1 };
  }
  if (s.isCertain('weekday') && !s.isCertain('day') && compareDates(day.date, today) === 0 && !/\b(this|today|heute|hoy|aujourd)/i.test(result.text)) {
    day.todaysWeekday = true;
  }
  const period: DayPeriod | undefined = periodIn(result.text);
  if (period) day.period = period;
  const defaultTime = defaultTimeOf(result.text);
  if (keepTime && s.isCertain('hour')) day.time = { hour: s.get('hour')!, minute: s.get('minute') ?? 0 };
  else if (defaultTime) day.defaultTime = defaultTime;
  return day;
}

/**
 * The day an English result names without the words that gave it a time: its text is cut a word
 * at a time from either end until chrono reads a day there with no time.
 */
function dayWithoutTime(result: chrono.ParsedResult, reference: chrono.ParsingReference): Located | undefined {
  const words = [...result.text.matchAll(/\S+/g)];
  for (let from = 0; from < words.length; from++) {
    for (let to = words.length; to > from; to--) {
      if (from === 0 && to === words.length) continue;
      const offset = words[from]!.index!;
      const sub = result.text.slice(offset, words[to - 1]!.index! + words[to - 1]![0].length);
      const r = chrono.casual.parse(sub, reference, { forwardDate: true })[0];
      if (r && hasDay(r) && !r.start.isCertain('hour')) return { result: r, index: result.index + offset + r.index };
    }
  }
  return undefined;
}

export interface ChronoMentions {
  days: DayMention[];
  /** Times chrono read in German, French or Spanish. */
  clocks: ClockMention[];
}

/**
 * Words chrono may read a date or a time in: any with a digit, and those that start like a day, a
 * month or a relative day in the languages it runs in (over-counting is harmless: see below). A
 * word with a digit is matched from its start only, so a long word costs one pass, not one per
 * character.
 */
const DATE_LIKE_WORD =
  /(?<!\S)[^\s\d]*\d\S*|(?<!\p{L})(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|today|tonight|tomorrow|yesterday|noon|midnight|week|month|year|diens|mittw|donn|frei|sams|sonn|janu|febr|märz|juni|juli|heute|morgen|gestern|lundi|mardi|mercr|jeudi|vendr|samedi|diman|janv|févr|mars|avril|mai|juin|juil|août|sept|octo|novem|décem|demain|hier|midi|minuit|lunes|martes|miérc|jueves|viern|sábado|domingo|enero|febrero|marzo|abril|mayo|junio|julio|agosto|octubre|diciem|hoy|mañana|ayer)\p{L}*/giu;

/**
 * More date-like words than this and chrono is not run: a text naming that many is a list, a table
 * or a log line, not one deadline, so it names no due date. chrono's cost grows with every date it
 * reads (~40 µs each on this machine; a 1,000-character text of dates took 6–9 ms against ~1 ms for
 * prose, which the stress fuzz found), and the count bounds it.
 */
export const MAX_DATE_LIKE_WORDS = 32;

function tooManyDateLikeWords(text: string): boolean {
  DATE_LIKE_WORD.lastIndex = 0;
  let count = 0;
  while (DATE_LIKE_WORD.exec(text)) if (++count > MAX_DATE_LIKE_WORDS) return true;
  return false;
}

/** Days (and in other languages than English, times) chrono reads in `text`, trying `langs` in turn;
 *  none in a text with more than MAX_DATE_LIKE_WORDS date-like words. */
export function findChronoDates(text: string, langs: readonly Lang[], now: Date, timeZone: string, today: CivilDate): ChronoMentions {
  if (tooManyDateLikeWords(text)) return { days: [], clocks: [] };
  const reference: chrono.ParsingReference = { instant: now, timezone: zoneOffsetMinutes(now, timeZone) };
  for (const lang of langs) {
    const results = parserFor(lang)
      .parse(text, reference, { forwardDate: true })
      .filter((r) => accept(r, text));
    if (results.length === 0) continue;
    const out: ChronoMentions = { days: [], clocks: [] };
    for (const r of results) {
      const english = lang === 'en' && !ISO_WITH_TIME.test(r.text);
      if (hasDay(r)) {
        const day = english && r.start.isCertain('hour') ? dayWithoutTime(r, reference) : { result: r, index: r.index };
        if (day) out.days.push(dayOf(day, text, today, !english));
      } else if (!english) {
        out.clocks.push({ start: r.index, end: r.index + r.text.length, hour: r.start.get('hour')!, minute: r.start.get('minute') ?? 0, offsetMinutes: 0, meridiemFixed: true });
      }
    }
    return out;
  }
  return { days: [], clocks: [] };
}
