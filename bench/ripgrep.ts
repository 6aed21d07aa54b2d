// ripgrep as the benchmarks' baseline: where to find it, and the command line that searches the
// same files for the same tags as the TODO scan.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { knownExtensions, knownFileNames } from '../src/core/lexing/syntaxLookup';
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

/** The files the scan reads: the same file types, size limit, hidden files, no parent ignore files. */
export function rgBaseArgs(): string[] {
  const globs = [...knownExtensions().map((e) => `*.${e}`), ...knownFileNames()];
  return [
    '--no-config',
    '--no-ignore-parent',
    '--hidden',
    '--glob',
    '!.git',
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

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
