// Due dates in a TODO's text: chrono-node for the many ways people write dates, relative to a
// reference time in the user's zone, plus the conventions chrono lacks or reads differently:
//
//   next week / nächste Woche / semaine prochaine → Monday of next week (week after next: a week later)
//   end of week / EOW / this week                  → Friday of this week
//   end of month / EOM, end of year / EOY          → last day of the month / year
//   next month                                     → the 1st of next month
//   EOD / end of day                               → today
//   on the 25th                                    → the next 25th
//   morning / afternoon / evening without a time   → 09:00 / 15:00 / 18:00
//   20.03. (German day.month.)                     → 20 March
//
// and rejects what reads as a date but is not a deadline: a bare "sat", a month alone ("the March
// build"), a duration ("for 5 minutes", "takes over 2 hours"), a bare clock reading ("parse 10:30
// style timestamps") and examples ("dates like 2026-01-01").
// Results are local wall times: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:mm` when a time was given.

import * as chrono from 'chrono-node';
import { correctTypo } from './fuzzy';
import { addDays, civilInZone, compareDates, formatDate, formatDateTime, lastDayOfMonth, zoneOffsetMinutes, type CivilDate } from './timeZone';

export interface DueContext {
  now: Date;
  timeZone: string;
}

export interface DueMatch {
  due: string;
  /** Span in the input, including a leading "by", "due", "bis", "para el" and the like. */
  start: number;
  end: number;
}

type Lang = 'en' | 'de' | 'fr' | 'es';

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
function languagesFor(text: string): Lang[] {
  const scored: [Lang, number][] = [];
  for (const lang of ['de', 'es', 'fr'] as const) {
    const n = [...text.matchAll(LANGUAGE_HINTS[lang])].length;
    if (n > 0) scored.push([lang, n]);
  }
  scored.sort((a, b) => b[1] - a[1]);
  return [...scored.map(([l]) => l), 'en'];
}

const DATE_WORDS = ['tomorrow', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const ABBREVIATIONS: Partial<Record<string, string>> = {
  tmrw: 'tomorrow', tmr: 'tomorrow', tmw: 'tomorrow', tmrow: 'tomorrow', '2moro': 'tomorrow', '2morrow': 'tomorrow',
  nxt: 'next', tdy: 'today',
};

/** The text with typos of date words fixed, and a map from its offsets back to the input's. */
function fixTypos(text: string): { text: string; toInput: (i: number) => number } {
  const pieces: string[] = [];
  const map: number[] = [];
  let last = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = m[0];
    const lower = word.toLowerCase();
    let fixed: string | undefined = ABBREVIATIONS[lower];
    // "Fridays" is a plural, not a typo of "friday": the plural is a habit, and must not become a date.
    const plural = lower.endsWith('s') && DATE_WORDS.includes(lower.slice(0, -1));
    if (!fixed && !plural && /^\p{L}+$/u.test(word) && word.length >= 5 && !DATE_WORDS.includes(lower)) fixed = correctTypo(lower, DATE_WORDS);
    if (!fixed || fixed === lower) continue;
    const start = m.index!;
    pieces.push(text.slice(last, start));
    for (let k = last; k < start; k++) map.push(k);
    pieces.push(fixed);
    for (let k = 0; k < fixed.length; k++) map.push(k === 0 ? start : start + Math.min(word.length, k));
    last = start + word.length;
  }
  if (pieces.length === 0) return { text, toInput: (i) => i };
  pieces.push(text.slice(last));
  for (let k = last; k <= text.length; k++) map.push(k);
  const fixedText = pieces.join('');
  return { text: fixedText, toInput: (i) => (i >= map.length ? text.length : map[i]!) };
}

interface Found {
  start: number;
  end: number;
  date: CivilDate;
  hour?: number;
  minute?: number;
}

const WEEKDAY_ABBREVIATION = /^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?$/i;
const BARE_DURATION =
  /^(?:for\s+)?(?:\d+(?:[.,]\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|few|several)\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|months?|years?)$/i;
const NOW_WORDS = /^(now|right now|jetzt|ahora|maintenant)$/i;
const CLOCK_WORDS = /(am|pm|a\.m\.|p\.m\.|uhr|o'clock|noon|midnight|mittag|mitternacht|midi|minuit|mediodía|medianoche|\d\s*h\b|\bh\s*\d)/i;
const CLOCK_LEAD = /(?:\bat|\bum|\bà|\ba las|\ba la|\bby|\bbefore|\buntil|\btill|\bgegen|\bvers|\bbis)\s*$/i;
const EXAMPLE_LEAD = /(?:\blike|\be\.g\.|\bsuch as|\bwie|\bz\.\s?b\.|\bformat|\bstyle|\bcomo|\bcomme)\s*$/i;
const RECURRENCE_LEAD = /(?:\bevery|\beach|\bjeden|\bjede|\bcada|\bchaque|\btous les|\btodos los)\s*$/i;
/** "every other day at 9am", "daily at 9", "nightly by 2am": a schedule, not a deadline. */
const RECURRENCE_NEAR = /(?:\b(?:every|each|jeden|jede|cada|chaque)(?:\s+\S+){1,2}|\b(?:daily|nightly|weekly|hourly|monthly|täglich|wöchentlich|diariamente|quotidiennement))\s*$/i;
/** "on Fridays", "mondays": a weekday in the plural is a habit. */
const PLURAL_WEEKDAY = /\b(?:mon|tues|wednes|thurs|fri|satur|sun)days\b/i;
const EXAMPLE_TAIL = /^\s*(?:style|format|formatted|timestamps?)\b/i;
const DAY_PARTS: [RegExp, number][] = [
  [/morning|morgens|vormittag|matin|mañana por la mañana/i, 9],
  [/afternoon|nachmittag|après-midi|tarde/i, 15],
  [/evening|abends|soir/i, 18],
];

function accept(result: chrono.ParsedResult, text: string): boolean {
  const t = result.text.trim();
  const before = text.slice(Math.max(0, result.index - 24), result.index);
  const after = text.slice(result.index + result.text.length, result.index + result.text.length + 16);
  if (NOW_WORDS.test(t)) return false;
  if (WEEKDAY_ABBREVIATION.test(t) && !/(?:\bon|\bby|\buntil|\bdue|\bnext|\bthis|\bbefore)\s*$/i.test(before)) return false;
  if (BARE_DURATION.test(t) || /^for\s/i.test(t)) return false;
  if (EXAMPLE_LEAD.test(before) || EXAMPLE_TAIL.test(after)) return false;
  // "every Monday" is a recurrence, not a deadline.
  if (RECURRENCE_LEAD.test(before) || /^(?:every|each)\s/i.test(t)) return false;
  if (RECURRENCE_NEAR.test(before) || PLURAL_WEEKDAY.test(before) || PLURAL_WEEKDAY.test(t) || (/day$/i.test(t) && /^s\b/i.test(after))) return false;
  const s = result.start;
  const relative = [...result.tags()].some((tag) => tag.startsWith('result/relativeDate'));
  const hasDay = s.isCertain('day') || s.isCertain('weekday') || relative;
  if (!hasDay && !s.isCertain('hour')) return false; // a month or a year alone
  if (!hasDay && !relative && !CLOCK_WORDS.test(t) && !CLOCK_LEAD.test(before)) return false; // "10:30 style"
  return true;
}

function fromChrono(result: chrono.ParsedResult, today: CivilDate): Found {
  const s = result.start;
  const found: Found = {
    start: result.index,
    end: result.index + result.text.length,
    date: { year: s.get('year')!, month: s.get('month')!, day: s.get('day')! },
  };
  // A day and month without a year is their next occurrence on the user's calendar: chrono's own
  // forward rule compares instants across zones and can skip a year near midnight.
  if (s.isCertain('month') && s.isCertain('day') && !s.isCertain('year')) {
    const thisYear = { ...found.date, year: today.year };
    found.date = compareDates(thisYear, today) >= 0 ? thisYear : { ...found.date, year: today.year + 1 };
  }
  // "by Tuesday" written on a Tuesday means next week's: today would have been written "today".
  if (s.isCertain('weekday') && !s.isCertain('day') && !s.isCertain('hour') && compareDates(found.date, today) === 0 && !/\b(this|today|heute|hoy|aujourd)/i.test(result.text)) {
    found.date = addDays(found.date, 7);
  }
  if (s.isCertain('hour')) {
    found.hour = s.get('hour')!;
    found.minute = s.get('minute') ?? 0;
  } else {
    for (const [re, hour] of DAY_PARTS) {
      if (re.test(result.text)) {
        found.hour = hour;
        found.minute = 0;
        break;
      }
    }
  }
  return found;
}

/** Conventions chrono lacks or reads differently (see the file comment). */
function findConventions(text: string, today: CivilDate, weekday: number): Found[] {
  const out: Found[] = [];
  const add = (m: RegExpMatchArray, date: CivilDate): void => {
    out.push({ start: m.index!, end: m.index! + m[0].length, date });
  };
  const fridayThisWeek = (): CivilDate => addDays(today, weekday <= 5 ? 5 - weekday : 5 + 7 - weekday);
  const mondayNextWeek = (): CivilDate => addDays(today, weekday === 0 ? 1 : 8 - weekday);
  const b = String.raw`(?<![\p{L}])`;
  const e = String.raw`(?![\p{L}])`;
  const rules: [RegExp, () => CivilDate][] = [
    [new RegExp(`${b}(?:end\\s+of\\s+(?:the\\s+|this\\s+)?day|eod|cob|feierabend)${e}`, 'giu'), () => today],
    [
      new RegExp(`${b}(?:end\\s+of\\s+(?:the\\s+|this\\s+)?week|eow|this\\s+week|ende\\s+(?:der|dieser)\\s+woche|diese\\s+woche|fin\\s+de\\s+(?:la\\s+)?semaine|cette\\s+semaine|esta\\s+semana)${e}`, 'giu'),
      fridayThisWeek,
    ],
    [
      new RegExp(`${b}(?:end\\s+of\\s+(?:the\\s+|this\\s+)?month|eom|monatsende|ende\\s+des\\s+monats|fin\\s+d[eu]l?\\s+mois|fin\\s+de(?:l)?\\s+mes)${e}`, 'giu'),
      () => ({ ...today, day: lastDayOfMonth(today.year, today.month) }),
    ],
    [new RegExp(`${b}(?:end\\s+of\\s+(?:the\\s+|this\\s+)?year|eoy|jahresende|fin\\s+d'année)${e}`, 'giu'), () => ({ year: today.year, month: 12, day: 31 })],
    [new RegExp(`${b}(?:(?:the\\s+)?week\\s+after\\s+next|übernächste[nr]?\\s+woche)${e}`, 'giu'), () => addDays(mondayNextWeek(), 7)],
    [
      new RegExp(`${b}(?:next\\s+week|(?:in\\s+der\\s+)?nächste[nr]?\\s+woche|kommende[nr]?\\s+woche|(?:la\\s+)?semaine\\s+prochaine|(?:la\\s+)?próxima\\s+semana|(?:la\\s+)?semana\\s+que\\s+viene)${e}`, 'giu'),
      mondayNextWeek,
    ],
    [
      new RegExp(`${b}(?:next\\s+month|nächste[nr]?\\s+monat|(?:le\\s+)?mois\\s+prochain|(?:el\\s+)?próximo\\s+mes|(?:el\\s+)?mes\\s+que\\s+viene)${e}`, 'giu'),
      () => (today.month === 12 ? { year: today.year + 1, month: 1, day: 1 } : { year: today.year, month: today.month + 1, day: 1 }),
    ],
  ];
  for (const [re, date] of rules) for (const m of text.matchAll(re)) add(m, date());
  // "on the 25th": the next such day of a month, this month or the next.
  for (const m of text.matchAll(/(?<![\p{L}])(?:on|by|until|till|before|due)\s+the\s+(\d{1,2})(?:st|nd|rd|th)(?![\p{L}\p{N}])(?!\s+of\b)/giu)) {
    const day = Number(m[1]);
    if (day < 1 || day > 31) continue;
    let { year, month } = today;
    if (day < today.day) [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
    if (day > lastDayOfMonth(year, month)) continue;
    out.push({ start: m.index!, end: m.index! + m[0].length, date: { year, month, day } });
  }
  return out;
}

const PREPOSITIONS: Record<Lang, string> = {
  en: String.raw`by|due(?:\s+date)?|on|at|before|until|till|for|deadline|no\s+later\s+than|not\s+later\s+than|the`,
  de: String.raw`bis(?:\s+zu[mr])?|am|um|zum|vor|spätestens|ab|bis\s+spätestens`,
  es: String.raw`el|para(?:\s+el)?|antes\s+del?|antes\s+de\s+las?|hasta(?:\s+el)?|a\s+las|a`,
  fr: String.raw`le|avant(?:\s+le)?|pour(?:\s+le)?|d'ici(?:\s+le)?|à|au|jusqu'au|jusqu'à`,
};

/**
 * Extends a span backwards over the prepositions that introduce a date ("by", "para el", "bis zum").
 * Only a few spaces may separate them: code spans are blanked to spaces before this runs, and
 * "index on sessions.user_id by end of month" must not take "on" across the blanked identifier.
 */
function withPrepositions(text: string, start: number, langs: readonly Lang[]): number {
  const words = langs.map((l) => PREPOSITIONS[l]).join('|');
  const re = new RegExp(String.raw`(?:(?<![\p{L}'])(?:${words})\s{0,2}:?\s{0,2})+$`, 'iu');
  const m = re.exec(text.slice(0, start));
  return m ? m.index : start;
}

/**
 * The text with every run of spaces cut to two, and a map back to the text's offsets. The rules
 * blank code spans, paths and consumed markers to spaces, and some of chrono's patterns (its
 * Spanish casual parser) backtrack polynomially over a long run of them: "10" followed by 320
 * spaces took a second, 640 spaces sixteen. Two spaces read the same to every pattern.
 */
function squeezeSpaces(text: string): { text: string; toWork: (i: number) => number } {
  if (!text.includes('   ')) return { text, toWork: (i) => i };
  const map: number[] = [];
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/ {3,}/g)) {
    const start = m.index!;
    out += text.slice(last, start + 2);
    for (let k = last; k < start + 2; k++) map.push(k);
    last = start + m[0].length;
  }
  out += text.slice(last);
  for (let k = last; k < text.length; k++) map.push(k);
  return { text: out, toWork: (i) => map[i] ?? text.length };
}

const DUE_LEAD = /(?:\bby|\bdue|\bbefore|\buntil|\btill|\bdeadline|\bbis|\bavant|\bpara|\bantes|\bhasta|\bspätestens)[\s:]*$/i;

/** Finds the due date in `text` (code spans and consumed parts already blanked out). */
export function findDue(text: string, ctx: DueContext): DueMatch | undefined {
  const civil = civilInZone(ctx.now, ctx.timeZone);
  const today: CivilDate = { year: civil.year, month: civil.month, day: civil.day };
  const fixed = fixTypos(text);
  const work = fixed.text;
  const langs = languagesFor(work);

  let candidates: Found[] = findConventions(work, today, civil.weekday);
  // chrono sees the text with the convention spans blanked, so it cannot re-read them its way.
  let forChrono = work;
  for (const c of candidates) forChrono = forChrono.slice(0, c.start) + ' '.repeat(c.end - c.start) + forChrono.slice(c.end);
  const reference: chrono.ParsingReference = { instant: ctx.now, timezone: zoneOffsetMinutes(ctx.now, ctx.timeZone) };
  const squeezed = squeezeSpaces(forChrono);
  let times: Found[] = [];
  for (const lang of langs) {
    const results = parserFor(lang).parse(squeezed.text, reference, { forwardDate: true }).filter((r) => accept(r, squeezed.text));
    if (results.length === 0) continue;
    for (const r of results) {
      const f = fromChrono(r, today);
      f.start = squeezed.toWork(f.start);
      f.end = squeezed.toWork(f.end - 1) + 1;
      const s = r.start;
      const dateless = !(s.isCertain('day') || s.isCertain('weekday')) && ![...r.tags()].some((t) => t.startsWith('result/relativeDate'));
      if (dateless) times.push(f);
      else candidates.push(f);
    }
    break;
  }
  // A due date is written YYYY-MM-DD: "0026-03-20" (year 26) gave "26-03-20", which no reader of
  // the task file accepts. A year that does not take four digits is not a deadline.
  candidates = candidates.filter((c) => c.date.year >= 1000 && c.date.year <= 9999);
  times = times.filter((c) => c.date.year >= 1000 && c.date.year <= 9999);
  if (candidates.length === 0 && times.length > 0) {
    // A time alone ("at 5pm") is a deadline today, or tomorrow when it has passed (chrono's forward rule).
    candidates.push(times[0]!);
    times = times.slice(1);
  }
  if (candidates.length === 0) return undefined;
  candidates.sort((a, b) => a.start - b.start);
  const chosen = candidates.find((c) => DUE_LEAD.test(work.slice(0, c.start))) ?? candidates[0]!;
  let { start, end } = chosen;
  let hour = chosen.hour;
  let minute = chosen.minute;
  // A time written next to the date ("in 2 days at 8am", "Friday, 6pm") belongs to it.
  if (hour === undefined) {
    for (const t of times) {
      const gap = t.start >= end ? work.slice(end, t.start) : work.slice(t.end, start);
      if (/^[\s,]*(?:at|um|à|a las|a la|,)?[\s,]*$/i.test(gap)) {
        hour = t.hour;
        minute = t.minute;
        start = Math.min(start, t.start);
        end = Math.max(end, t.end);
        break;
      }
    }
  }
  start = withPrepositions(work, start, langs);
  const due = hour === undefined ? formatDate(chosen.date) : formatDateTime(chosen.date, hour, minute ?? 0);
  return { due, start: fixed.toInput(start), end: fixed.toInput(end) };
}
