// The tree the TODO benchmarks scan, and the folders ripgrep searches for the same files.
//
// Default: this repository's node_modules with every unscoped package excluded, so a scan of one
// folder (the CLI and the worker take one) reads the ~11k files of node_modules/@*; ripgrep
// searches those @* folders. `--root DIR` scans DIR instead, and ripgrep searches DIR.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRipgrep } from './ripgrep';

export interface BenchTree {
  /** The folder our side scans, with the --exclude globs that make it the same files. */
  root: string;
  exclude: string[];
  /** The folders ripgrep searches. */
  rgRoots: string[];
}

export function defaultTree(): BenchTree {
  const nm = path.resolve(__dirname, '..', 'node_modules');
  const names = fs.readdirSync(nm).sort();
  return {
    root: nm,
    exclude: names.filter((n) => !n.startsWith('@')),
    rgRoots: names.filter((n) => n.startsWith('@')).map((n) => path.join(nm, n)),
  };
}

export function folderTree(dir: string): BenchTree {
  const root = path.resolve(dir);
  return { root, exclude: [], rgRoots: [root] };
}

export interface TreeArgs {
  tree: BenchTree;
  runs: number;
  /** The ripgrep binary. */
  rg: string;
}

/** `[--root DIR] [--runs N] [--rg PATH]`, the options every TODO benchmark takes. */
export function parseTreeArgs(argv: string[], defaultRuns: number): TreeArgs {
  let tree: BenchTree | undefined;
  let runs = defaultRuns;
  let rg: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--root') tree = folderTree(argv[++i]!);
    else if (a === '--runs') runs = Math.max(1, Number(argv[++i]));
    else if (a === '--rg') rg = argv[++i]!;
    else throw new Error(`unknown argument ${a}`);
  }
  return { tree: tree ?? defaultTree(), runs, rg: findRipgrep(rg) };
}
