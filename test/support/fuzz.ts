// Shared pieces of the fuzz tests: a seeded PRNG so every failure reproduces from the printed seed,
// mutators that damage real inputs the ways files and editors do (bytes inserted, deleted or
// replaced, comment markers spliced in, unbalanced openers, huge numbers, unicode, lone surrogates,
// control characters, very long tokens), and a timer that measures every call and re-times the slow
// ones before calling them slow.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { bestComputeMs, computeMs } from './computeTime';

/** sfc32: small, fast, good enough statistics, and the same sequence on every platform. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/**
 * The seed for a fuzz run: LOCAL_FOCUS_FUZZ_SEED when set (to reproduce a failure), else the
 * given default. Unit tests use a fixed default so CI is deterministic; stress runs pass a fresh
 * one so each run explores new inputs. Either way the test prints it.
 */
export function fuzzSeed(fallback: number): number {
  const env = process.env.LOCAL_FOCUS_FUZZ_SEED;
  if (env !== undefined && env.trim() !== '') {
    const n = Number(env);
    if (!Number.isInteger(n)) throw new Error(`LOCAL_FOCUS_FUZZ_SEED must be an integer, got ${env}`);
    return n >>> 0;
  }
  return fallback >>> 0;
}

/** How many iterations: LOCAL_FOCUS_FUZZ_ITERATIONS overrides the test's own count. */
export function fuzzIterations(fallback: number): number {
  const n = Number(process.env.LOCAL_FOCUS_FUZZ_ITERATIONS);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

// ---- material -------------------------------------------------------------------------------

/** Comment, string and heredoc markers of every syntax in src/core/lexing/syntaxTable.ts, and their closers. */
export const MARKERS: readonly string[] = [
  '//', '/*', '*/', '/**', '#', '# ', '--', '--[[', ']]', '--[=[', ']=]', ';', ';;', ';#', '%', '%{', '%}', '!', "'", '"', '`',
  '"""', "'''", '@"', '<!--', '-->', '{-', '-}', '(*', '*)', '/+', '+/', '#|', '|#', '#=', '=#', '#[', ']#', '#[[', '<#', '#>',
  '{{!--', '--}}', '{{!', '}}', '{#', '#}', '<%#', '%>', '@*', '*@', '=begin', '=end', '=pod', '=cut', '=head1', 'REM ', 'rem ',
  '@REM ', '::', '<<EOF', '<<-EOF', "<<'EOF'", '<<~EOS', '<<<EOT', 'EOF', '\\', '$', '{', '}', '(', ')', '[', ']', "'a'", "'\\n'",
  '\\"', "\\'", 'r"', 'b\'', '*',
];

export const TAG_WORDS: readonly string[] = [
  'TODO', 'TODO:', 'TODO(ana):', 'TODO(@bob)', 'FIXME', 'FIXME:', 'HACK', 'BUG:', 'XXX', 'todo:', '@todo', 'TODOS', 'DEBUG',
  'TODO_LIST', 'TODO-list', 'BUGFIX', 'NOTE:', 'TODO -', 'TODO —', 'TODO(', 'TODO()', 'TODO(a)(b):',
];

export const TASK_WORDS: readonly string[] = [
  'fix', 'login', 'redirect', 'tomorrow', 'today', 'next week', 'next monday', 'friday', 'by friday', 'EOD', 'EOW', 'end of month',
  '3pm', 'at 10:30', '15:00', '2026-03-11', '31.03.2026', '20.03.', '12/01', 'on the 25th', 'in 2 days', 'übermorgen', 'mañana',
  'demain', 'bis Freitag', 'para el lunes', 'avant vendredi', '!high', '!!', '!!!', '!', 'p1', 'P0', 'prio: low', 'urgent',
  'asap', 'nice to have', '#auth', '#ui/forms', '#', '@ana', '@bob-smith', '@', '~2h', '~ 45 min', 'est 30m', 'estimate: 1.5 hours',
  '2h30m', '`code()`', 'https://example.com/a?b=c', 'a@b.co', 'src/app.ts', 'Date.parse', 'init()', 'v2.3.0', '1.2.3', 'JIRA-42',
  '--dry-run', 'C:\\Users\\x', 'every Monday', 'like 2026-01-01', 'for 5 minutes', 'the March build', 'tomorow', 'wendesday',
  'urgnet:', 'TODO(ana):', 'FIXME:', '(low priority)', '[high]', 'by', 'due', 'before', 'until', 'deadline',
];

const UNICODE: readonly string[] = [
  'é', 'ß', 'ü', 'ñ', 'Ä', 'İ', 'ﬁ', 'Ⅻ', '٣', '日本語', '한국어', 'שלום', 'مرحبا', '\u202e', '\u200b', '\u200d', '\u00a0', '\ufeff',
  '\u2028', '\u2029', '\u0085', '🙂', '👩‍💻', '🇩🇪', 'e\u0301', 'Ａ', '＃', '：', '！', '＠', '\ud83d\ude00', '\u{10ffff}', '\ufffd', '\ufffe',
];
const LONE_SURROGATES: readonly string[] = ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00'];
const CONTROL: readonly string[] = ['\0', '\x01', '\x07', '\b', '\t', '\v', '\f', '\r', '\r\n', '\n', '\x1b', '\x1b[2J', '\x7f', '\x9b', '\x1a'];
const HUGE_NUMBERS: readonly string[] = [
  '99999999999999999999', '1e309', '-0', '9007199254740993', '340282366920938463463374607431768211456', '0x7fffffffffffffff',
  '2147483648', '4294967296', '1.7976931348623157e308', 'NaN', 'Infinity', '000000000000000000001', '31.13.99999', '99999-99-99',
  '9999-12-31T23:59', '0000-00-00', '2026-02-30', '25:61', '~99999999h', 'p99999', '!!!!!!!!!!',
];

function randomChar(rng: Rng): string {
  const r = rng.next();
  if (r < 0.45) return String.fromCharCode(rng.range(32, 126));
  if (r < 0.55) return rng.pick(CONTROL);
  if (r < 0.7) return rng.pick(UNICODE);
  if (r < 0.75) return rng.pick(LONE_SURROGATES);
  if (r < 0.85) return ' ';
  if (r < 0.95) return '\n';
  return String.fromCharCode(rng.int(0x10000));
}

function longToken(rng: Rng): string {
  const unit = rng.pick(['a', '9', '/', '*', '#', '-', '.', 'TODO', 'TODO ', '//', '/*', '*/', '"', "'", '`', '(', ')', ' ', '\n', '1/', 'a.', '@a ', '#a ', 'x-1.2/', '12/01 ', 'tomorrow ', '日', '\ud800', rng.pick(MARKERS)]);
  const len = rng.chance(0.8) ? rng.range(64, 1_000) : rng.range(1_000, 4_000);
  return unit.repeat(Math.max(1, Math.floor(len / unit.length)));
}

/** A random string of atoms: markers, tags, task words, characters, unicode and whitespace. */
export function randomText(rng: Rng, maxAtoms = 60): string {
  const n = rng.range(0, maxAtoms);
  let out = '';
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (r < 0.2) out += rng.pick(MARKERS);
    else if (r < 0.3) out += rng.pick(TAG_WORDS);
    else if (r < 0.45) out += rng.pick(TASK_WORDS);
    else if (r < 0.75) out += randomChar(rng);
    else if (r < 0.9) out += ' ';
    else if (r < 0.97) out += '\n';
    else if (r < 0.99) out += rng.pick(HUGE_NUMBERS);
    else out += longToken(rng);
  }
  return out;
}

// ---- mutations --------------------------------------------------------------------------------

export type Mutation = (rng: Rng, s: string, donors: readonly string[]) => string;

const at = (rng: Rng, s: string): number => rng.int(s.length + 1);

/** Mutations on UTF-16 code units (they can split surrogate pairs) and on UTF-8 bytes (decoding
 *  invalid sequences to U+FFFD, as reading a damaged file does). */
export const MUTATIONS: Record<string, Mutation> = {
  insertChars: (rng, s) => {
    const p = at(rng, s);
    let ins = '';
    for (let k = rng.range(1, 8); k > 0; k--) ins += randomChar(rng);
    return s.slice(0, p) + ins + s.slice(p);
  },
  deleteRange: (rng, s) => {
    const p = at(rng, s);
    return s.slice(0, p) + s.slice(p + rng.range(1, rng.chance(0.8) ? 8 : 200));
  },
  replaceChar: (rng, s) => {
    if (!s) return s;
    const p = rng.int(s.length);
    return s.slice(0, p) + randomChar(rng) + s.slice(p + 1);
  },
  duplicateRange: (rng, s) => {
    const p = at(rng, s);
    const piece = s.slice(p, p + rng.range(1, 200));
    const q = at(rng, s);
    return s.slice(0, q) + piece.repeat(rng.range(1, 5)) + s.slice(q);
  },
  spliceMarker: (rng, s) => {
    const p = at(rng, s);
    return s.slice(0, p) + rng.pick(MARKERS) + s.slice(p);
  },
  spliceTag: (rng, s) => {
    const p = at(rng, s);
    return s.slice(0, p) + rng.pick(['', ' ', '// ', '# ', '/* ', '-- ', '<!-- ']) + rng.pick(TAG_WORDS) + ' ' + s.slice(p);
  },
  unbalanced: (rng, s) => {
    const p = at(rng, s);
    const opener = rng.pick(['/*', '*/', '/* /* /*', '*/ */', '"', "'", '`', '"""', "'''", '<!--', '(*', '{-', '#|', '#[', '=begin\n', '<<EOF\n', '%{\n', '--[[', '[[', '{{!--']);
    return s.slice(0, p) + opener + s.slice(p);
  },
  taskWord: (rng, s) => {
    const p = at(rng, s);
    return s.slice(0, p) + ' ' + rng.pick(TASK_WORDS) + ' ' + s.slice(p);
  },
  hugeNumber: (rng, s) => {
    const p = at(rng, s);
    return s.slice(0, p) + rng.pick(HUGE_NUMBERS) + s.slice(p);
  },
  unicode: (rng, s) => {
    const p = at(rng, s);
    return s.slice(0, p) + rng.pick(UNICODE) + s.slice(p);
  },
  loneSurrogate: (rng, s) => {
    const p = at(rng, s);
    return s.slice(0, p) + rng.pick(LONE_SURROGATES) + s.slice(p);
  },
  control: (rng, s) => {
    const p = at(rng, s);
    return s.slice(0, p) + rng.pick(CONTROL) + s.slice(p);
  },
  longToken: (rng, s) => {
    const p = at(rng, s);
    return s.slice(0, p) + longToken(rng) + s.slice(p);
  },
  crossover: (rng, s, donors) => {
    const d = rng.pick(donors);
    const a = at(rng, s);
    const b = rng.int(d.length + 1);
    return s.slice(0, a) + d.slice(b, b + rng.range(1, 300)) + s.slice(a + rng.range(0, 40));
  },
  crlf: (_rng, s) => s.replace(/\r?\n/g, '\r\n'),
  loneCr: (_rng, s) => s.replace(/\r?\n/g, '\r'),
  caseFlip: (rng, s) => {
    const p = at(rng, s);
    const q = p + rng.range(1, 40);
    const piece = s.slice(p, q);
    return s.slice(0, p) + (rng.chance(0.5) ? piece.toUpperCase() : piece.toLowerCase()) + s.slice(q);
  },
  byteInsert: (rng, s) => {
    const b = Buffer.from(s, 'utf8');
    const p = rng.int(b.length + 1);
    const ins = Buffer.from(Array.from({ length: rng.range(1, 6) }, () => rng.int(256)));
    return Buffer.concat([b.subarray(0, p), ins, b.subarray(p)]).toString('utf8');
  },
  byteDelete: (rng, s) => {
    const b = Buffer.from(s, 'utf8');
    const p = rng.int(b.length + 1);
    return Buffer.concat([b.subarray(0, p), b.subarray(p + rng.range(1, 6))]).toString('utf8');
  },
  byteReplace: (rng, s) => {
    const b = Buffer.from(s, 'utf8');
    if (b.length === 0) return s;
    for (let k = rng.range(1, 4); k > 0; k--) b[rng.int(b.length)] = rng.int(256);
    return b.toString('utf8');
  },
  truncate: (rng, s) => s.slice(0, at(rng, s)),
};

const MUTATION_NAMES = Object.keys(MUTATIONS);

/** Applies 1–`max` random mutations; returns the text and the mutations' names (for the failure message). */
export function mutate(rng: Rng, seed: string, donors: readonly string[], max = 6): { text: string; applied: string[] } {
  let text = seed;
  const applied: string[] = [];
  for (let k = rng.range(1, max); k > 0; k--) {
    const name = rng.pick(MUTATION_NAMES);
    text = MUTATIONS[name]!(rng, text, donors);
    applied.push(name);
  }
  return { text, applied };
}

// ---- seeds from the repository -----------------------------------------------------------------

const repo = path.resolve(__dirname, '..', '..');

/** TODO texts of the parser's development set (test/fixtures/todo-devset.jsonl). */
export function devsetTodoTexts(): string[] {
  const file = path.join(repo, 'test', 'fixtures', 'todo-devset.jsonl');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

/** Text files the repository tracks (git ls-files), with their names, up to `maxBytes` each. */
export function repoSourceFiles(maxBytes = 256 * 1024): { name: string; text: string }[] {
  let listed: string[];
  try {
    listed = execFileSync('git', ['ls-files', '-z'], { cwd: repo, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }).split('\0').filter(Boolean);
  } catch {
    listed = [];
  }
  const out: { name: string; text: string }[] = [];
  for (const rel of listed) {
    const abs = path.join(repo, rel);
    let buf: Buffer;
    try {
      const st = fs.statSync(abs);
      if (!st.isFile() || st.size > maxBytes) continue;
      buf = fs.readFileSync(abs);
    } catch {
      continue;
    }
    if (buf.subarray(0, 8192).includes(0)) continue;
    out.push({ name: rel, text: buf.toString('utf8') });
  }
  return out;
}

/** A window of a source text: real code around real comments, short enough for many calls. */
export function sourceWindow(rng: Rng, text: string, maxChars = 3_000): string {
  if (text.length <= maxChars) return text;
  const len = rng.range(1, maxChars);
  const start = rng.int(text.length - len + 1);
  return text.slice(start, start + len);
}

// ---- timing ---------------------------------------------------------------------------------------

/** How many times slower than a plain input of the same length a slow input must be to be a finding. */
export const BASELINE_RATIO = 4;

/**
 * Every call's time, for percentiles; the slow inputs are kept to be timed again alone, each with
 * a plain input of the same length (its baseline) to compare against.
 */
export class CallTimes {
  private readonly times: number[] = [];
  readonly slow: { ms: number; replay: () => void; baseline: () => void; describe: () => string; input: () => unknown }[] = [];

  constructor(private readonly limitMs: number) {}

  /**
   * Runs `fn` once, timed; returns its value. `input` gives what to save if it turns out slow;
   * `baseline` runs the same function on a plain input of the same length (built only when needed).
   */
  time<T>(fn: () => T, describe: () => string, input: () => unknown, baseline: () => void): T {
    const t0 = performance.now();
    const value = fn();
    const ms = performance.now() - t0;
    this.times.push(ms);
    if (ms > this.limitMs) this.slow.push({ ms, replay: fn, baseline, describe, input });
    return value;
  }

  get count(): number {
    return this.times.length;
  }

  percentile(p: number): number {
    if (this.times.length === 0) return 0;
    const sorted = Float64Array.from(this.times).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  }

  get max(): number {
    let m = 0;
    for (const t of this.times) if (t > m) m = t;
    return m;
  }

  get totalMs(): number {
    let s = 0;
    for (const t of this.times) s += t;
    return s;
  }

  /**
   * Times each slow input again, interleaved with its same-length baseline, and returns the inputs
   * that are a finding: over the limit on every re-run and more than BASELINE_RATIO times as slow
   * as the baseline. One slow call is a GC pause or a busy machine; an input slow every time is
   * still not enough on a loaded runner, because the process's CPU time (computeMs) also counts
   * V8's GC threads, and while a large heap is being marked every call of the process grows
   * alike. The plain input of the same length grows with it; code with a slow path on this input
   * does not. Each finding is saved to a file (saveFailure) named in its description.
   */
  confirmSlow(name: string): { ms: number; bestOf3: number; baselineMs: number; describe: () => string }[] {
    const confirmed: { ms: number; bestOf3: number; baselineMs: number; describe: () => string }[] = [];
    for (const s of this.slow) {
      let best = bestComputeMs(s.replay, 3);
      if (best <= this.limitMs) continue;
      let baselineMs = Infinity;
      for (let k = 0; k < 3; k++) {
        baselineMs = Math.min(baselineMs, computeMs(s.baseline));
        best = Math.min(best, computeMs(s.replay));
      }
      if (best > this.limitMs && best > BASELINE_RATIO * baselineMs) {
        const file = saveFailure(name, s.input());
        confirmed.push({ ms: s.ms, bestOf3: best, baselineMs, describe: () => `${s.describe()} (saved to ${file})` });
      }
    }
    return confirmed;
  }

  summary(): string {
    return `p50 ${this.percentile(50).toFixed(3)} ms, p99 ${this.percentile(99).toFixed(3)} ms, max ${this.max.toFixed(2)} ms`;
  }
}

/** A short, printable form of a fuzz input for a failure message (JSON escapes the control characters). */
export function show(text: string, max = 300): string {
  const s = JSON.stringify(text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text);
  return s;
}

/** Writes a failing input to a temporary file (exact bytes as UTF-16 JSON, lone surrogates kept) and returns its path. */
export function saveFailure(name: string, input: unknown): string {
  const file = path.join(os.tmpdir(), `lf-fuzz-${name}-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(input));
  return file;
}
