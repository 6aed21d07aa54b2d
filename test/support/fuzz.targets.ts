// The fuzz loops and result checks of the comment finder and the task rules parser, shared by the
// unit tests (fixed seed, small inputs) and test/stress/fuzz.stress.ts (fresh seed, more and
// larger inputs).
import assert from 'node:assert/strict';
import type { CommentSyntax } from '../../src/core/lexing/commentSyntax';
import { commentSyntaxFor, commentSyntaxIds, knownExtensions } from '../../src/core/lexing/syntaxLookup';
import { DEFAULT_TODO_TAGS, findTodos, type TodoMatch } from '../../src/core/todos/findTodos';
import { parseTaskRules } from '../../src/core/tasks/parseTaskRules';
import { isValidDue, normalizeAssignee, normalizeTag, PRIORITIES, type ParsedTask } from '../../src/core/tasks/task';
import { bestComputeMs, computeMs } from './computeTime';
import { CallTimes, devsetTodoTexts, mutate, randomText, repoSourceFiles, Rng, saveFailure, show, sourceWindow } from './fuzz';

export const CALL_LIMIT_MS = 5;

/** A TODO text with a date, a priority and a tag: the baseline a slow input of the same length is compared with. */
const PLAIN_TODO_TEXT = 'call the vendor about the invoice by friday 3pm !high #billing ';

/** `unit` repeated and cut to `length` characters. */
function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** Ordinary code in `syntax`, a TODO comment every other line, `length` characters long. */
function plainSource(syntax: CommentSyntax, length: number): string {
  const line = syntax.line?.[0];
  const block = syntax.block?.[0];
  const comment = line ? `${line.open} TODO: ${PLAIN_TODO_TEXT}\n` : block ? `${block.open} TODO: ${PLAIN_TODO_TEXT}${block.close}\n` : `TODO: ${PLAIN_TODO_TEXT}\n`;
  return repeatTo(`${comment}value = compute(value, other) + 1\n`, length);
}

/** One syntax object per syntax id, found through the public lookups (language id or extension). */
export function everySyntax(): CommentSyntax[] {
  const byId = new Map<string, CommentSyntax>();
  for (const key of [...commentSyntaxIds(), ...knownExtensions()]) {
    const s = commentSyntaxFor(key);
    if (s && !byId.has(s.id)) byId.set(s.id, s);
  }
  const missing = commentSyntaxIds().filter((id) => !byId.has(id));
  assert.deepEqual(missing, [], `syntaxes no language id or extension reaches: ${missing.join(', ')}`);
  return [...byId.values()];
}

const TAG_SETS: readonly (readonly string[])[] = [
  ['todo', 'TODO'],
  ['BUG', 'BUGFIX', 'FIXME'],
  ['NOTE', 'TODO', 'ÄNDERN', 'x'],
  ['TODO-1', 'T'],
];

/** Checks what findTodos returned against the text; throws an AssertionError saying what is wrong. */
export function checkTodos(text: string, found: unknown, tags: readonly string[]): void {
  assert.ok(Array.isArray(found), 'findTodos returns an array');
  const lastLine = countNewlines(text, 0, text.length);
  let line = 0;
  let lineStart = 0;
  let scanned = 0;
  let prevOffset = -1;
  for (const m of found as TodoMatch[]) {
    for (const k of ['line', 'column', 'offset', 'endLine'] as const) assert.ok(Number.isInteger(m[k]), `${k} is an integer: ${m[k]}`);
    assert.ok(m.offset > prevOffset, `offsets increase: ${m.offset} after ${prevOffset}`);
    assert.ok(m.offset >= 0 && m.offset < text.length, `offset ${m.offset} inside a text of ${text.length}`);
    prevOffset = m.offset;
    // Lines counted incrementally: offsets increase, so the scan resumes.
    for (let p = text.indexOf('\n', scanned); p >= 0 && p < m.offset; p = text.indexOf('\n', p + 1)) {
      line++;
      lineStart = p + 1;
    }
    scanned = m.offset;
    assert.equal(m.line, line, `line of offset ${m.offset}`);
    assert.equal(m.column, m.offset - lineStart, `column of offset ${m.offset}`);
    assert.ok(m.endLine >= m.line && m.endLine <= lastLine, `endLine ${m.endLine} between ${m.line} and ${lastLine}`);
    assert.ok(tags.includes(m.tag), `tag ${show(m.tag)} is one of the configured tags`);
    assert.ok(text.startsWith(m.tag, m.offset), `the tag stands at its offset`);
    assert.equal(typeof m.text, 'string');
    assert.ok(!m.text.includes('\n'), 'the text holds no newline');
    if (m.owner !== undefined) assert.ok(typeof m.owner === 'string' && !m.owner.includes('\n'), 'owner is one line');
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let p = text.indexOf('\n', from); p >= 0 && p < to; p = text.indexOf('\n', p + 1)) n++;
  return n;
}

/** What must not change when LF line ends become CRLF. */
function lineView(found: TodoMatch[]): unknown[] {
  return found.map((m) => [m.line, m.column, m.endLine, m.tag, m.text, m.owner]);
}

export interface FuzzFindTodosReport {
  seed: number;
  calls: number;
  byKind: Record<string, number>;
  matches: number;
  crlfChecks: number;
  times: CallTimes;
}

/** The fuzz loop shared by the unit test and the stress run. */
export function fuzzFindTodos(seed: number, iterations: number, opts: { maxWindow: number; crlfEvery: number }): FuzzFindTodosReport {
  const rng = new Rng(seed);
  const syntaxes = everySyntax();
  const sources = repoSourceFiles()
    .map((f) => ({ ...f, syntax: commentSyntaxFor(f.name) }))
    .filter((f) => f.text.length > 0);
  assert.ok(sources.length > 50, `the repository's own files are the seeds (found ${sources.length})`);
  const todoTexts = devsetTodoTexts();
  const donors = sources.map((f) => f.text.slice(0, 4_000));
  const times = new CallTimes(CALL_LIMIT_MS);
  const report: FuzzFindTodosReport = { seed, calls: 0, byKind: { random: 0, source: 0, todo: 0 }, matches: 0, crlfChecks: 0, times };

  for (let i = 0; i < iterations; i++) {
    let text: string;
    let syntax: CommentSyntax;
    let kind: string;
    let applied: string[] = [];
    const r = rng.next();
    if (r < 0.25) {
      kind = 'random';
      text = randomText(rng, 80);
      syntax = rng.pick(syntaxes);
    } else if (r < 0.7) {
      kind = 'source';
      const f = rng.pick(sources);
      ({ text, applied } = mutate(rng, sourceWindow(rng, f.text, opts.maxWindow), donors));
      syntax = f.syntax && rng.chance(0.6) ? f.syntax : rng.pick(syntaxes);
    } else {
      kind = 'todo';
      syntax = rng.pick(syntaxes);
      const opener = rng.pick([...(syntax.line ?? []).map((l) => `${l.open} `), ...(syntax.block ?? []).map((b) => `${b.open} `), '']);
      const closer = rng.chance(0.5) ? (syntax.block?.[0]?.close ?? '') : '';
      const lines = Array.from({ length: rng.range(1, 4) }, () => `${opener}${rng.pick(['TODO: ', 'FIXME(ana): ', 'XXX ', '@todo ', ''])}${rng.pick(todoTexts)}`);
      ({ text, applied } = mutate(rng, `${lines.join(rng.pick(['\n', '\r\n', '\n\n']))}${closer}\n`, donors));
    }
    const tags = rng.chance(0.85) ? DEFAULT_TODO_TAGS : rng.pick(TAG_SETS);
    report.byKind[kind]!++;
    const describe = (): string => `seed ${seed}, input #${i} (${kind}, syntax ${syntax.id}, tags ${tags.join(',')}, mutations ${applied.join(',')}): ${show(text)}`;
    let found: TodoMatch[];
    try {
      found = times.time(
        () => findTodos(text, syntax, { tags }),
        describe,
        () => ({ text, syntax: syntax.id, tags }),
        () => findTodos(plainSource(syntax, text.length), syntax, { tags }),
      );
      checkTodos(text, found, tags);
    } catch (err) {
      const file = saveFailure('findTodos', { text, syntax: syntax.id, tags });
      throw new Error(`findTodos failed on ${describe()}\n  input saved to ${file}\n  ${(err as Error).stack}`);
    }
    report.calls++;
    report.matches += found.length;
    if (opts.crlfEvery > 0 && i % opts.crlfEvery === 0 && !text.includes('\r')) {
      report.crlfChecks++;
      const crlf = findTodos(text.replace(/\n/g, '\r\n'), syntax, { tags });
      assert.deepEqual(lineView(crlf), lineView(found), `CRLF changed the TODOs of ${describe()}`);
    }
  }
  return report;
}

/** Inputs built to hit a quadratic path if there is one: many openers, unclosed ones, long runs. */
export function adversarialTodoInputs(size: number): { name: string; text: string }[] {
  const fill = (unit: string, tail = ''): string => unit.repeat(Math.ceil(size / unit.length)) + tail;
  return [
    { name: 'nested block openers', text: fill('/* TODO ', '*/') },
    { name: 'block closers', text: fill('*/ TODO ') },
    { name: 'openers then closers', text: fill('/* ') + fill('*/ ') + '// TODO: x' },
    { name: 'unclosed HTML comments', text: fill('<!-- TODO ') },
    { name: 'unclosed owners', text: fill('// TODO(\n') },
    { name: 'owner opened on one long line', text: fill('// TODO( ') },
    { name: 'ten thousand TODO lines', text: fill('// TODO: a thing\n') },
    { name: 'TODOs on one line', text: fill('// TODO ') },
    { name: 'char literal escapes', text: fill("'\\x ") + '\n// TODO: x' },
    { name: 'char literal on one line', text: fill("x = '\\") + ' // TODO: x' },
    { name: 'unterminated heredocs', text: fill('cat <<EOF\n') + '# TODO: x' },
    { name: 'unterminated ruby heredocs', text: fill('x = <<~EOS\n') + '# TODO: x' },
    { name: 'unterminated php heredocs', text: fill('$x = <<<EOT\n') + '// TODO: x' },
    { name: 'double quotes', text: fill('"') + '// TODO: x' },
    { name: 'single quotes', text: fill("'") + '// TODO: x' },
    { name: 'triple quotes', text: fill('"""') + '# TODO: x' },
    { name: 'blank run before a hash', text: fill(' ') + '# TODO: x' },
    { name: 'hashes after blanks', text: fill(' #') + ' TODO: x' },
    { name: 'REM words', text: fill('REM ') + 'TODO: x' },
    { name: 'at-line-start openers mid line', text: fill('x =begin ') + '\n# TODO: x' },
    { name: 'continuation lines', text: '// TODO: start\n' + fill('// and more\n') },
    { name: 'block continuation', text: '/* TODO: start\n' + fill(' * and more\n') + '*/' },
    { name: 'long line with a TODO at the end', text: fill('a') + ' // TODO: x' },
    { name: 'tags everywhere outside comments', text: fill('TODO ') + '// TODO: x' },
    { name: 'CR only', text: fill('// TODO: a\r') },
    { name: 'lisp nested', text: fill('#| TODO ') + '|#' },
    { name: 'lua long brackets', text: fill('--[[ TODO ') },
  ];
}


export interface LinearityReport {
  patterns: number;
  syntaxes: number;
  calls: number;
  worst: { ms: number; what: string };
  /** Inputs whose time grew like the square of their size (or worse). */
  superlinear: string[];
  ms: number;
}

/** Syntaxes that between them have every kind of opener the lexer handles (for the quick check). */
export const REPRESENTATIVE_SYNTAXES = [
  'c', 'csharp', 'javascript', 'rust', 'swift', 'd', 'fsharp', 'python', 'shell', 'ruby', 'perl', 'php', 'yaml', 'matlab', 'html',
  'lisp', 'haskell', 'lua', 'sql', 'bat', 'vb', 'ocaml', 'julia', 'tex',
];

/**
 * Times every adversarial pattern in each syntax at `factor` × `size` characters; when that takes
 * over `slowMs` (best of three), times `factor` calls on the same pattern at `size` too: as much
 * text in all. Linear code takes about as long for both, quadratic code `factor` times longer for
 * the large one: an input is reported when it took more than three times as long as the `factor`
 * small calls (a GC pause inflates one timing, not the square). The two sides take about as long,
 * so a machine whose cores are busy with other work stretches both alike, and each is counted in
 * compute time (computeMs), not in time spent waiting for a core. Every timing that matters is a
 * best of three.
 * The results are checked for well-formedness as well.
 */
export function checkLinearTodos(size: number, factor: number, slowMs: number, syntaxIds?: readonly string[]): LinearityReport {
  const started = performance.now();
  const syntaxes = everySyntax().filter((s) => !syntaxIds || syntaxIds.includes(s.id));
  if (syntaxIds) assert.equal(syntaxes.length, syntaxIds.length, 'every named syntax exists');
  const small = adversarialTodoInputs(size);
  const large = adversarialTodoInputs(size * factor);
  const report: LinearityReport = { patterns: small.length, syntaxes: syntaxes.length, calls: 0, worst: { ms: 0, what: '' }, superlinear: [], ms: 0 };
  for (let i = 0; i < small.length; i++) {
    for (const syntax of syntaxes) {
      const what = `${small[i]!.name} in ${syntax.id}`;
      const bigText = large[i]!.text;
      let found: TodoMatch[] = [];
      const smallText = small[i]!.text;
      const smallCalls = () => {
        for (let k = 0; k < factor; k++) findTodos(smallText, syntax);
      };
      let tLarge = bestComputeMs(() => (found = findTodos(bigText, syntax)), 1);
      report.calls++;
      checkTodos(bigText, found, DEFAULT_TODO_TAGS);
      if (tLarge > slowMs) tLarge = Math.min(tLarge, bestComputeMs(() => findTodos(bigText, syntax), 2));
      if (tLarge > report.worst.ms) report.worst = { ms: tLarge, what };
      if (tLarge <= slowMs) continue;
      // The 0.1 ms per small call floors a timing too short to measure.
      let tSmalls = bestComputeMs(smallCalls, 3);
      if (tLarge / Math.max(tSmalls, 0.1 * factor) <= 3) continue;
      // Suspect: time both sides again, interleaved, so a busy spell of the machine hits both.
      for (let k = 0; k < 4; k++) {
        tSmalls = Math.min(tSmalls, computeMs(smallCalls));
        tLarge = Math.min(tLarge, computeMs(() => findTodos(bigText, syntax)));
      }
      if (tLarge > slowMs && tLarge / Math.max(tSmalls, 0.1 * factor) > 3) {
        report.superlinear.push(`${what}: ${factor} × ${size} chars in ${tSmalls.toFixed(1)} ms, ${factor * size} chars in ${tLarge.toFixed(1)} ms`);
      }
    }
  }
  report.ms = performance.now() - started;
  return report;
}

// ---- task rules parser ----------------------------------------------------------------------------

const NOWS: readonly string[] = [
  '2026-03-10T09:30:00+01:00',
  '2026-03-29T01:30:00+01:00', // an hour before Berlin's clocks go forward
  '2026-10-25T02:30:00+02:00', // Berlin's clocks go back
  '2026-12-31T23:59:00+00:00',
  '2028-02-29T12:00:00Z', // a leap day
  '2026-01-04T00:00:00-05:00', // a Sunday at midnight
  '1999-12-31T23:00:00Z',
  '2099-06-15T08:00:00+09:00',
];
const ZONES: readonly string[] = ['Europe/Berlin', 'UTC', 'America/New_York', 'Asia/Kathmandu', 'Pacific/Chatham', 'Pacific/Kiritimati', 'America/St_Johns', 'Australia/Lord_Howe'];
const PREFIX_TAG_SETS: readonly (readonly string[] | undefined)[] = [undefined, undefined, undefined, ['TODO', 'todo', 'NOTE'], ['FIX.ME', 'a+b', '(x)', '$^'], ['日本', 'ÄNDERN']];

/** Checks a ParsedTask against its input; throws an AssertionError saying what is wrong. */
export function checkParsedTask(text: string, parsed: ParsedTask, maxInput: number): void {
  assert.equal(typeof parsed, 'object');
  const collapsed = text.replace(/\s+/g, ' ').trim();
  assert.equal(typeof parsed.input, 'string');
  assert.ok(collapsed.startsWith(parsed.input) && parsed.input.length <= Math.max(maxInput, 0), `input is the collapsed text${collapsed.length > maxInput ? `, cut to ${maxInput} chars` : ''}`);
  assert.equal(typeof parsed.title, 'string', 'the title is a string');
  if (/\S/.test(collapsed)) assert.ok(parsed.title.length > 0, 'a text with words gives a title');
  assert.equal(parsed.tier, 'degraded');
  assert.ok(Array.isArray(parsed.tags), 'tags is a list');
  const seen = new Set<string>();
  for (const t of parsed.tags) {
    assert.equal(typeof t, 'string');
    assert.equal(normalizeTag(t), t, `tag ${show(t)} is normalised`);
    assert.ok(!seen.has(t.toLowerCase()), `tag ${show(t)} only once`);
    seen.add(t.toLowerCase());
  }
  if (parsed.due !== undefined) assert.ok(typeof parsed.due === 'string' && isValidDue(parsed.due), `due ${show(String(parsed.due))} is YYYY-MM-DD[THH:mm] and a real day`);
  if (parsed.priority !== undefined) assert.ok(PRIORITIES.includes(parsed.priority), `priority ${String(parsed.priority)}`);
  if (parsed.assignee !== undefined) assert.equal(normalizeAssignee(parsed.assignee), parsed.assignee, `assignee ${show(parsed.assignee)} is normalised`);
  if (parsed.estimateMinutes !== undefined) {
    assert.ok(Number.isInteger(parsed.estimateMinutes) && parsed.estimateMinutes > 0 && parsed.estimateMinutes <= 100 * 8 * 60, `estimate ${parsed.estimateMinutes}`);
  }
  let prevStart = -1;
  for (const s of parsed.spans) {
    assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start < s.end && s.end <= parsed.input.length, `span ${s.field} [${s.start}, ${s.end}) inside the input of ${parsed.input.length}`);
    assert.ok(s.start >= prevStart, 'spans are sorted');
    prevStart = s.start;
  }
  // Everything must survive the trip to the host and into TASKS.md.
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(parsed)));
}

export interface FuzzParseReport {
  seed: number;
  calls: number;
  byKind: Record<string, number>;
  fields: Record<'due' | 'priority' | 'tags' | 'assignee' | 'estimate', number>;
  longest: number;
  times: CallTimes;
}

/** The fuzz loop of parseTaskRules, shared by the unit test and the stress run. */
export function fuzzParseTaskRules(seed: number, iterations: number, maxInput: number): FuzzParseReport {
  const rng = new Rng(seed);
  const todoTexts = devsetTodoTexts();
  const sources = repoSourceFiles().map((f) => ({ ...f, syntax: commentSyntaxFor(f.name) }));
  // Real TODO texts as the scanner hands them to the parser: tag, owner and the comment's text.
  const scanned: string[] = [];
  for (const f of sources) if (f.syntax) for (const m of findTodos(f.text, f.syntax)) scanned.push(`${m.tag}${m.owner ? `(${m.owner})` : ''}: ${m.text}`);
  assert.ok(scanned.length > 20, `the repository's own TODOs are seeds too (found ${scanned.length})`);
  const donors = [...todoTexts, ...scanned];
  const times = new CallTimes(CALL_LIMIT_MS);
  const report: FuzzParseReport = { seed, calls: 0, byKind: { random: 0, devset: 0, scanned: 0 }, fields: { due: 0, priority: 0, tags: 0, assignee: 0, estimate: 0 }, longest: 0, times };
  for (let i = 0; i < iterations; i++) {
    let text: string;
    let kind: string;
    let applied: string[] = [];
    const r = rng.next();
    if (r < 0.2) {
      kind = 'random';
      text = randomText(rng, 30);
    } else if (r < 0.8) {
      kind = 'devset';
      ({ text, applied } = mutate(rng, rng.pick(todoTexts), donors));
    } else {
      kind = 'scanned';
      ({ text, applied } = mutate(rng, rng.pick(scanned), donors));
    }
    const now = new Date(rng.pick(NOWS));
    const timeZone = rng.pick(ZONES);
    const todoTags = rng.pick(PREFIX_TAG_SETS);
    const opts = { now, timeZone, ...(todoTags ? { todoTags } : {}) };
    report.byKind[kind]!++;
    report.longest = Math.max(report.longest, text.length);
    const describe = (): string => `seed ${seed}, input #${i} (${kind}, now ${now.toISOString()} ${timeZone}, mutations ${applied.join(',')}): ${show(text)}`;
    let parsed: ParsedTask;
    try {
      parsed = times.time(
        () => parseTaskRules(text, opts),
        describe,
        () => ({ text, now: now.toISOString(), timeZone, todoTags }),
        () => parseTaskRules(repeatTo(PLAIN_TODO_TEXT, text.length), opts),
      );
      checkParsedTask(text, parsed, maxInput);
    } catch (err) {
      const file = saveFailure('parseTaskRules', { text, now: now.toISOString(), timeZone, todoTags });
      throw new Error(`parseTaskRules failed on ${describe()}\n  input saved to ${file}\n  ${(err as Error).stack}`);
    }
    report.calls++;
    if (parsed.due) report.fields.due++;
    if (parsed.priority) report.fields.priority++;
    if (parsed.tags.length) report.fields.tags++;
    if (parsed.assignee) report.fields.assignee++;
    if (parsed.estimateMinutes) report.fields.estimate++;
  }
  return report;
}

/** Long task texts built for the rules' slow paths (long tokens, many dates, tags, mentions). */
export function adversarialTaskTexts(size: number): { name: string; text: string }[] {
  const fill = (unit: string): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const prose = 'fix the login redirect tomorrow before the release and ping @ana about #auth !high ';
  return [
    { name: 'prose', text: fill(prose) },
    { name: 'one long word', text: fill('a') },
    { name: 'one long number', text: fill('9') },
    { name: 'capitals', text: fill('A') },
    { name: 'digits and slashes', text: fill('1/') },
    { name: 'dotted number', text: fill('1.') },
    { name: 'hyphens', text: fill('-a') },
    { name: 'tags', text: fill('#a ') },
    { name: 'mentions', text: fill('x @a ') },
    { name: 'short words', text: fill('a ') },
    { name: 'dates', text: fill('12/01 ') },
    { name: 'relative dates', text: fill('tomorrow ') },
    { name: 'bangs', text: fill('!!! ') },
    { name: 'estimates', text: fill('~2h ') },
    { name: 'code spans', text: fill('`x` ') },
    { name: 'unclosed code span', text: '`' + fill('a ') },
    { name: 'e-mail look-alike', text: fill('a.') + '@b' },
    { name: 'owner prefix', text: 'TODO(' + fill('a') },
  ];
}
