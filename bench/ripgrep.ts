// ripgrep as the benchmarks' baseline: where to find it, and the command line that searches the
// same files for the same tags as the TODO scan.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { knownExtensions, knownFileNames } from '../src/core/lexing/syntaxLookup';
import { EDITOR_DEFAULT_EXCLUDES } from '../src/core/todos/editorExcludes';
import { DEFAULT_TODO_TAGS } from '../src/core/todos/findTodos';

/** `--rg PATH` when given, else @vscode/ripgrep's binary in node_modules, else ripgrep on PATH. */
export function findRipgrep(given: string | undefined): string {
  if (given) return given;
  const vscode = path.resolve(__dirname, '..', 'node_modules', '@vscode');
  const bundled = fs.existsSync(vscode)
    ? fs.readdirSync(vscode).filter((name) => name.startsWith('ripgrep')).map((name) => path.join(vscode, name, 'bin', 'rg')).find((p) => fs.existsSync(p))
    : undefined;
  if (bundled) return bundled;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir && fs.existsSync(path.join(dir, 'rg'))) return path.join(dir, 'rg');
  throw new Error('ripgrep not found: install @vscode/ripgrep or ripgrep (apt-get install ripgrep), or pass --rg PATH');
}

export function ripgrepVersion(rg: string): string {
  return execFileSync(rg, ['--version']).toString().split('\n')[0]!;
}

/** The files the scan reads: the same file types, size limit, hidden files, no parent ignore
 *  files, and the editor's default excludes (node_modules, bower_components …), which the CLI
 *  skips by default and the benchmarks pass to the worker's scan as the editor does. */
export function rgBaseArgs(): string[] {
  const globs = [...knownExtensions().map((e) => `*.${e}`), ...knownFileNames()];
  const excludes = EDITOR_DEFAULT_EXCLUDES.map((g) => `!${g.replace(/^\*\*\//, '')}`);
  return [
    '--no-config',
    '--no-ignore-parent',
    '--hidden',
    ...excludes.flatMap((g) => ['--glob', g]),
    '--max-filesize',
    '1M',
    // Case-sensitive globs: ripgrep matches `*.ext` globs by a hash of the extension, while
    // --iglob falls back to a regex set that costs it more than the search itself. The file
    // counts the benchmarks print show whether the two sides still read the same files.
    ...globs.flatMap((g) => ['--glob', g]),
  ];
}

/**
 * The scan's search: the tags as whole words, printed with file and line. Whole-word fixed
 * strings are the same test as our tag search and ripgrep's fastest form of it (a \b...\b regex
 * makes ripgrep 13 fall back to its slower Unicode word-boundary engine).
 */
export function rgTodoArgs(tags: readonly string[] = DEFAULT_TODO_TAGS): string[] {
  return [...rgBaseArgs(), '--word-regexp', '--fixed-strings', '--line-number', '--no-heading', '--with-filename', ...tags.flatMap((t) => ['-e', t])];
}

/**
 * ripgrep as Todo Tree runs it, the baseline issue 13 measured against: its default
 * `todo-tree.regex.regex`, `((//|#|<!--|;|/\*|^)\s*($TAGS)|^\s*- \[ \])`, with the tags put in
 * for $TAGS, and its output options (--vimgrep, -H, --column). The same files as rgTodoArgs().
 * Unlike the fixed-string search it finds the tags only after a comment marker or at a line's
 * start, as the scan does, so it is the closer equivalent; it is also the slower one.
 */
export function rgTodoTreeArgs(tags: readonly string[] = DEFAULT_TODO_TAGS): string[] {
  const alternatives = tags.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const regex = `((//|#|<!--|;|/\\*|^)\\s*(${alternatives})|^\\s*- \\[ \\])`;
  return [...rgBaseArgs(), '--no-messages', '--vimgrep', '-H', '--column', '--line-number', '--color', 'never', '-e', regex];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** CPU time of this process's waited-for children so far (Linux; 10 ms ticks), 0 elsewhere. */
export function childrenCpuMs(): number {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

export interface ProcessRun {
  ms: number;
  /** User + system time of the process and its threads. */
  cpuMs: number;
  stdout: string;
}

/** Runs one whole process to its end, its output read through a pipe; `ok` lists the exit codes of
 *  a completed run (ripgrep's 1 is "no match"); `env` replaces the environment when given. */
export function timeProcess(command: string, args: readonly string[], ok: readonly number[] = [0], env?: NodeJS.ProcessEnv): ProcessRun {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const r = spawnSync(command, args, { maxBuffer: 1 << 30, encoding: 'utf8', ...(env ? { env } : {}) });
  const ms = performance.now() - started;
  if (r.error || !ok.includes(r.status ?? -1)) throw new Error(`${command} failed (exit ${r.status}): ${r.error?.message ?? r.stderr.slice(0, 500)}`);
  return { ms, cpuMs: childrenCpuMs() - cpuBefore, stdout: r.stdout };
}
