// Time zones written after a time ("9am PT", "15:00 UTC", "8:00 PST", "10:00 UTC+2"). A region
// name (PT, ET, "Pacific") is that region's clock, daylight saving included; an abbreviation of
// standard or daylight time (PST, EDT, CEST) is the fixed offset it names, as its definition says.
// IST is India Standard Time (UTC+05:30), its most common meaning in software teams.

import { civilInZone, zoneOffsetMinutes, type CivilDate } from '../timeZone';
import { alternation } from './vocabulary';

const REGIONS: Readonly<Record<string, string>> = {
  ET: 'America/New_York', EASTERN: 'America/New_York', CT: 'America/Chicago', CENTRAL: 'America/Chicago',
  MT: 'America/Denver', MOUNTAIN: 'America/Denver', PT: 'America/Los_Angeles', PACIFIC: 'America/Los_Angeles',
  UK: 'Europe/London', LONDON: 'Europe/London',
};

/** Minutes east of UTC. */
const FIXED_OFFSETS: Readonly<Record<string, number>> = {
  UTC: 0, GMT: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600, BST: 60, WET: 0, WEST: 60, CET: 60, CEST: 120, EET: 120, EEST: 180, MSK: 180,
  IST: 330, JST: 540, KST: 540, SGT: 480, HKT: 480, AEST: 600, AEDT: 660, ACST: 570, ACDT: 630, AWST: 480, NZST: 720, NZDT: 780,
};

/** Abbreviations are matched in capitals only: "et" and "mt" are words too. */
const CAPITALS = alternation([...Object.keys(FIXED_OFFSETS), ...Object.keys(REGIONS).filter((r) => r.length <= 3)]);
const WORDS = String.raw`(?:[Ee]astern|[Cc]entral|[Mm]ountain|[Pp]acific|UK|[Ll]ondon)\s+[Tt]ime`;
const OFFSET = String.raw`(?:UTC|GMT)\s?[+\-−]\s?\d{1,2}(?::?\d{2})?`;

/** A zone right after a time: " PT", " (UTC)", " UTC+2", " Pacific time". */
export const ZONE_AFTER_TIME = new RegExp(String.raw`^\s?\(?(?:(${OFFSET})|\b(${CAPITALS})\b|(${WORDS}))\)?(?![\p{L}\p{N}])`, 'u');

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The zone a written name means: an IANA name, or a fixed offset as `+HH:MM`. */
export function zoneNamed(written: string): string | undefined {
  const name = written.replace(/\s+time$/i, '').trim();
  const offset = /^(?:UTC|GMT)\s?([+\-−])\s?(\d{1,2})(?::?(\d{2}))?$/i.exec(name);
  if (offset) {
    const hours = Number(offset[2]);
    if (hours > 14) return undefined;
    return `${offset[1] === '+' ? '+' : '-'}${pad(hours)}:${offset[3] ?? '00'}`;
  }
  const upper = name.toUpperCase();
  if (REGIONS[upper]) return REGIONS[upper];
  const minutes = FIXED_OFFSETS[upper];
  if (minutes === undefined) return undefined;
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

function offsetMinutesOf(zone: string, instant: Date): number {
  const fixed = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
  if (!fixed) return zoneOffsetMinutes(instant, zone);
  const minutes = Number(fixed[2]) * 60 + Number(fixed[3]);
  return fixed[1] === '-' ? -minutes : minutes;
}

/** The instant a wall time in `zone` names; in a daylight-saving gap, the later reading. */
export function instantOf(date: CivilDate, hour: number, minute: number, zone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  let instant = wall - offsetMinutesOf(zone, new Date(wall)) * 60_000;
  instant = wall - offsetMinutesOf(zone, new Date(instant)) * 60_000;
  return new Date(instant);
}

/** Today's date in a zone (IANA or fixed offset). */
export function todayIn(zone: string, now: Date): CivilDate {
  if (!/^[+-]\d{2}:\d{2}$/.test(zone)) {
    const c = civilInZone(now, zone);
    return { year: c.year, month: c.month, day: c.day };
  }
  const shifted = new Date(now.getTime() + offsetMinutesOf(zone, now) * 60_000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}
