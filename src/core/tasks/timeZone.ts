// Calendar arithmetic in the user's time zone. Due dates are local wall times, so "tomorrow" is
// computed from the wall-clock date in that zone, never from the UTC date of the instant.

export interface CivilDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

export interface CivilDateTime extends CivilDate {
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone this process runs in, the default when the caller does not say. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

let processLocale: string | undefined;

/** The locale this process runs in (from the environment, e.g. LANG), en-US when it names none. */
export function systemLocale(): string {
  // Building a DateTimeFormat costs more than parsing a task: read the locale once.
  processLocale ??= Intl.DateTimeFormat().resolvedOptions().locale || 'en-US';
  return processLocale;
}

function partsOf(instant: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type in out) out[p.type as keyof typeof out] = Number(p.value);
  }
  out.hour %= 24;
  return out;
}

/** Wall-clock date and time of an instant in a zone. */
export function civilInZone(instant: Date, timeZone: string): CivilDateTime {
  const { year, month, day, hour, minute } = partsOf(instant, timeZone);
  return { year, month, day, hour, minute, weekday: weekdayOf({ year, month, day }) };
}

/** Minutes east of UTC for the zone at that instant (Berlin in winter: 60). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const p = partsOf(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

export function weekdayOf(d: CivilDate): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

export function addDays(d: CivilDate, days: number): CivilDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function formatDate(d: CivilDate): string {
  return `${d.year}-${pad(d.month)}-${pad(d.day)}`;
}

export function formatDateTime(d: CivilDate, hour: number, minute: number): string {
  return `${formatDate(d)}T${pad(hour)}:${pad(minute)}`;
}

/** Negative, zero or positive as `a` is before, on or after `b`. */
export function compareDates(a: CivilDate, b: CivilDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Whole days from `a` to `b`: 1 when `b` is the day after `a`, negative when before. */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}
