// Effort estimates written in a TODO: `~2h`, `~ 45 min`, `est 30m`, `estimate: 1.5 hours`, `est. 2h30m`.
// A day of effort is a working day of 8 hours and a week five of them.

export interface EstimateMatch {
  minutes: number;
  start: number;
  end: number;
}

const UNIT = String.raw`(h|hrs?|hours?|std|stunden?|m|mins?|minutes?|minuten?|d|days?|tage?|w|wks?|weeks?)`;
const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
// Minutes after hours: attached ("2h30", "2h30m") or spaced with a unit ("1h 30m").
const AMOUNT = String.raw`${NUMBER}\s*${UNIT}(?:(\d+)(?:m|mins?|minutes?)?|\s+(\d+)\s*(?:m|mins?|minutes?))?`;

// "in ~45min" is when, not how long: a due date (see dates/durations.ts).
const TILDE_RE = new RegExp(String.raw`(?<![\p{L}\p{N}~])(?<!(?<![\p{L}])(?:in|within)\s*)~\s*${AMOUNT}(?![\p{L}\p{N}])`, 'giu');
// Each optional separator takes the blanks before it, so a run of blanks has one way to match:
// `\s*:?\s*~?\s*` split a long run (the rules blank code spans to spaces) three ways and
// backtracked for seconds when no number followed.
const WORD_RE = new RegExp(
  String.raw`(?<![\p{L}])(?:est(?:imated?|imates|imation)?|aufwand|ca)\.?(?:\s*:)?(?:\s*~)?\s*${AMOUNT}(?![\p{L}\p{N}])`,
  'giu',
);

function unitMinutes(unit: string): number {
  const u = unit.toLowerCase();
  if (u.startsWith('h') || u.startsWith('s')) return 60;
  if (u.startsWith('d') || u.startsWith('t')) return 8 * 60;
  if (u.startsWith('w')) return 5 * 8 * 60;
  return 1;
}

function toMinutes(m: RegExpExecArray): number | undefined {
  const amount = Number(m[1]!.replace(',', '.'));
  if (!Number.isFinite(amount)) return undefined;
  let minutes = amount * unitMinutes(m[2]!);
  const extra = m[3] ?? m[4];
  if (extra !== undefined) {
    if (unitMinutes(m[2]!) !== 60) return undefined;
    minutes += Number(extra);
  }
  const rounded = Math.round(minutes);
  return rounded > 0 && rounded <= 100 * 8 * 60 ? rounded : undefined;
}

/** The first estimate in `text`, with its span. */
export function findEstimate(text: string): EstimateMatch | undefined {
  let best: EstimateMatch | undefined;
  for (const re of [TILDE_RE, WORD_RE]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const minutes = toMinutes(m);
      if (minutes === undefined) continue;
      if (!best || m.index < best.start) best = { minutes, start: m.index, end: m.index + m[0].length };
      break;
    }
  }
  return best;
}
