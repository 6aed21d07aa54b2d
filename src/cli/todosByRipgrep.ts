// `local-focus todos` over a folder with ripgrep finding the files to read. ripgrep walks and
// searches in native code on every core, which the scan's own walk cannot match from one
// JavaScript thread (docs/decisions.md, "`local-focus todos` against ripgrep"), so it does the part
// that touches every file. It is asked for a superset of what the scan would find: the files whose
// bytes hold a tag anywhere, with only the ignores the scan also applies (.gitignore files inside
// the folder, in a git repository or not, and hidden files searched) and binary files searched.
// Each file it names is then judged by the scan's own rules (ScannablePaths: globs, the root's
// .git/info/exclude, .gitignore files, the name's language) and read by the scan's own reader, so
// the TODOs listed are the scan's, in the scan's order. When ripgrep fails, the caller walks.
// A listing that keeps a record walks in any case, to stamp every file; there ripgrep only names
// the files worth reading (ripgrepTaggedFiles).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { LocalFocusError } from '../core/errors';
import type { TodoScanStats } from '../core/tasksProtocol';
import { namedSyntax } from '../core/lexing/fileSyntax';
import { knownFileNames, knownNamePrefixes } from '../core/lexing/syntaxLookup';
import { tagProbes } from '../core/todos/findTodos';
import { globShape, normalizeGlob } from '../core/todos/glob';
import { FileReader } from '../inference/fileReader';
import { ScannablePaths, type ScannablePathRules } from '../inference/scannablePaths';
import { ALWAYS_SKIPPED_DIRS } from '../inference/scanWalk';
import { countVerdict, emptyScanStats, type ScannedFile } from '../inference/todoScanner';

export interface RipgrepListingOptions extends ScannablePathRules {
  tags: readonly string[];
  maxFileBytes: number;
  signal?: AbortSignal;
}

/**
 * Common endings of files no scan reads (data, documents, images, archives, source maps), which
 * ripgrep may skip unsearched. An ending is kept only where the name table agrees (namedSyntax
 * rejects `name.<ending>`), so a language the table learns is searched again.
 */
const UNREAD_ENDINGS = ['json', 'map', 'md', 'txt', 'csv', 'tsv', 'svg', 'png', 'jpg', 'jpeg', 'gif', 'ico', 'webp', 'pdf', 'zip', 'gz', 'tgz', 'xz', 'bz2', 'jar', 'class', 'o', 'a', 'so', 'dylib', 'dll', 'exe', 'node', 'wasm', 'pyc', 'lock', 'log', 'snap', 'tsbuildinfo', 'woff', 'woff2', 'ttf', 'otf', 'eot', 'mp3', 'mp4', 'webm'];

/**
 * One exclude per unread ending, `![!…]*.<ending>`, that can only make ripgrep search more than the
 * scan reads, never less: it is case-sensitive (`X.JSON` is searched), and it spares every name
 * whose first letter begins a name the table knows by its whole name (`CMakeLists.txt`) or by its
 * start (`Dockerfile.json`), and names starting with a dot (`.json` may be a script).
 */
function unreadEndingGlobs(): string[] {
  const spared = new Set(['.']);
  for (const prefix of knownNamePrefixes()) spared.add(prefix[0]!);
  const knownNames = knownFileNames();
  const globs: string[] = [];
  for (const ending of UNREAD_ENDINGS) {
    if (namedSyntax(`name.${ending}`) !== undefined) continue;
    const firsts = new Set(spared);
    for (const name of knownNames) if (name.endsWith(`.${ending}`)) firsts.add(name[0]!);
    const letters = [...firsts].flatMap((c) => [c.toLowerCase(), c.toUpperCase()]);
    // A character a glob class would read as syntax leaves the ending searched.
    if (letters.some((c) => !/^[A-Za-z0-9.]$/.test(c))) continue;
    globs.push(`![!${[...new Set(letters)].join('')}]*.${ending}`);
  }
  return globs;
}

/** ripgrep's exit codes for a search that ran to the end: 0 found, 1 found nothing. */
const COMPLETED = new Set([0, 1]);

/**
 * The excludes ripgrep can apply itself, so that it does not search what the scan would drop: the
 * shapes compileGlobs answers without a regular expression (a literal path from the root, a name
 * at any depth, an ending at any depth), which mean the same in both syntaxes (a leading slash
 * anchors a ripgrep glob to the root), unless they hold a `!`. Other globs are left to
 * ScannablePaths, which sees every file.
 */
function ripgrepExcludes(exclude: readonly string[]): string[] {
  const globs = [...unreadEndingGlobs(), ...[...ALWAYS_SKIPPED_DIRS].map((name) => `!${name}/`)];
  for (const raw of exclude) {
    const shape = globShape(normalizeGlob(raw));
    if (!shape || shape.text.includes('!')) continue;
    globs.push(shape.kind === 'path' ? `!/${shape.text}` : shape.kind === 'name' ? `!${shape.text}` : `!*${shape.text}`);
  }
  return globs;
}

/** ripgrep's command line, run in the folder and searching `.`: a glob with a leading slash is
 *  anchored to the search path as written, and each path it prints starts with `./`. */
export function ripgrepArgs(opts: RipgrepListingOptions): string[] {
  return [
    '--no-config',
    '--files-with-matches',
    '--null',
    '--no-messages',
    '--fixed-strings',
    '--case-sensitive',
    '--hidden',
    '--binary',
    // The scan reads .gitignore files inside the folder only, and outside git too; the root's
    // .git/info/exclude is left to ScannablePaths, so ripgrep applies none it does not know.
    '--no-ignore-parent',
    '--no-ignore-dot',
    '--no-ignore-global',
    '--no-ignore-exclude',
    '--no-require-git',
    ...(opts.respectGitignore === false ? ['--no-ignore-vcs'] : []),
    '--max-filesize',
    String(opts.maxFileBytes),
    ...ripgrepExcludes(opts.exclude ?? []).flatMap((g) => ['--glob', g]),
    ...tagProbes(opts.tags).flatMap((probe) => ['-e', probe]),
    '--',
    '.',
  ];
}

/** The walk's order (scanWalk.ts): a folder's files by name, then its subfolders by name. */
export function walkOrder(a: string, b: string): number {
  return walkOrderOfParts(a.split('/'), b.split('/'));
}

/** walkOrder on paths already split at their slashes. */
function walkOrderOfParts(as: readonly string[], bs: readonly string[]): number {
  for (let i = 0; ; i++) {
    const aFile = i === as.length - 1;
    const bFile = i === bs.length - 1;
    if (as[i] !== bs[i] || aFile || bFile) {
      if (aFile !== bFile) return aFile ? -1 : 1;
      return as[i]! < bs[i]! ? -1 : as[i]! > bs[i]! ? 1 : 0;
    }
  }
}

/**
 * The TODOs of the folder `root` (absolute), with ripgrep at `rg` choosing the files to read;
 * undefined when ripgrep could not run or did not finish its search (the caller then walks).
 * The statistics count the files ripgrep named: read, skipped, or dropped as ignored.
 */
export async function listTodosByRipgrep(rg: string, root: string, opts: RipgrepListingOptions): Promise<{ files: ScannedFile[]; stats: TodoScanStats } | undefined> {
  const started = performance.now();
  const stats = emptyScanStats();
  const paths = new ScannablePaths(root, opts);
  const reader = new FileReader(opts.maxFileBytes, opts.tags);
  const files: ScannedFile[] = [];

  // Each file is read as ripgrep names it, while ripgrep goes on searching on the other cores.
  const readOne = (printed: string): void => {
    const rel = relativeOfPrinted(printed);
    if (rel === undefined) return;
    const absPath = path.join(root, rel);
    const named = paths.syntaxOf(rel);
    if (!named) {
      stats.ignored++;
      return;
    }
    const todos = countVerdict(stats, reader.tryScan(absPath, named));
    if (todos?.length) files.push({ path: rel, absPath, todos });
  };

  const completed = await runRipgrep(rg, ripgrepArgs(opts), root, readOne, opts.signal);
  if (!completed) return undefined;
  const sorted = files
    .map((file) => ({ file, parts: file.path.split('/') }))
    .sort((a, b) => walkOrderOfParts(a.parts, b.parts))
    .map(({ file }) => file);
  stats.ms = performance.now() - started;
  return { files: sorted, stats };
}

/**
 * The root-relative paths (forward slashes) of the files of `root` whose bytes hold a tag, for a
 * scan that walks the folder itself and keeps a record (TodoScanOptions.tagged): it stamps the
 * others without reading them. Undefined when ripgrep could not run or did not finish.
 */
export async function ripgrepTaggedFiles(rg: string, root: string, opts: RipgrepListingOptions): Promise<Set<string> | undefined> {
  const tagged = new Set<string>();
  const completed = await runRipgrep(
    rg,
    ripgrepArgs(opts),
    root,
    (printed) => {
      const rel = relativeOfPrinted(printed);
      if (rel !== undefined) tagged.add(rel);
    },
    opts.signal,
  );
  return completed ? tagged : undefined;
}

/** A path ripgrep printed for the search of `.` (`./a/b`), relative to the folder with forward
 *  slashes; undefined for anything else. */
function relativeOfPrinted(printed: string): string | undefined {
  const prefix = '.' + path.sep;
  if (!printed.startsWith(prefix)) return undefined;
  const rel = printed.slice(prefix.length);
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

/** Runs ripgrep in `cwd`, calling `onPath` for each path it prints; whether its search ran to the
 *  end. Throws LocalFocusError('cancelled') when the signal aborts, after stopping ripgrep. */
function runRipgrep(rg: string, args: string[], cwd: string, onPath: (printed: string) => void, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LocalFocusError('cancelled'));
    const child = spawn(rg, args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
    let rest = '';
    const onAbort = (): void => {
      child.kill();
      reject(new LocalFocusError('cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\0');
      rest = parts.pop()!;
      for (const p of parts) onPath(p);
    });
    child.on('error', () => resolve(false));
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      resolve(code !== null && COMPLETED.has(code) && rest === '');
    });
  });
}
