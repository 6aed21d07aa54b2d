// "Mine": the TODO lines git blame gives to the user's e-mail (git config user.email). Lines that
// no commit holds yet — edited in the working tree, or in an editor's unsaved text given to blame
// with --contents — are the user's too: whoever has the working tree wrote them (git shows them
// as "Not Committed Yet" <not.committed.yet>). A file git does not track is the user's whole.
// Only the TODO lines are blamed (-L ranges), which spares git the history of the rest.
import { parseBlamePorcelain, NOT_COMMITTED_MAIL } from '../git/blamePorcelain';
import { git, userEmail, type GitRepository } from '../git/gitRepository';
import { GitCommandError } from '../git/runGit';
import type { ScopeLines } from './gitScope';

export interface BlameTarget {
  /** Repository-relative, forward slashes. */
  path: string;
  /** 1-based lines to ask about (the TODOs' tag lines). */
  lines: readonly number[];
  /** The text to blame instead of the file on disk (an editor's unsaved buffer). */
  contents?: string | undefined;
}

/** Blames run side by side, at most this many: each is one git process. */
const PARALLEL_BLAMES = 4;
/** Beyond this many separate ranges one whole-file blame is cheaper than a long argument list. */
const MAX_RANGES = 200;

export interface MineResult {
  email: string;
  lines: ScopeLines;
}

/** Which of the asked lines are the user's, per file. */
export async function mineLines(repo: GitRepository, targets: readonly BlameTarget[]): Promise<MineResult> {
  const email = await userEmail(repo);
  const lines: ScopeLines = new Map();
  let nextTarget = 0;
  const worker = async () => {
    while (nextTarget < targets.length) {
      const target = targets[nextTarget++]!;
      const mine = await blameMine(repo, target, email);
      if (mine === 'all' || mine.size > 0) lines.set(target.path, mine);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_BLAMES, targets.length) }, worker));
  return { email, lines };
}

async function blameMine(repo: GitRepository, target: BlameTarget, email: string): Promise<'all' | Set<number>> {
  if (target.lines.length === 0) return new Set();
  const ranges = lineRanges(target.lines);
  const withContents = target.contents !== undefined ? ['--contents', '-'] : [];
  const run = (rangeArgs: string[]) => git(repo, ['blame', '--porcelain', ...withContents, ...rangeArgs, '--', target.path], target.contents);
  let output: string;
  try {
    output = await run(ranges.length > MAX_RANGES ? [] : ranges.flatMap(([from, to]) => ['-L', `${from},${to}`]));
  } catch (err) {
    if (!(err instanceof GitCommandError)) throw err;
    // Never committed (or outside HEAD's tree): every line is the working tree's, the user's.
    if (/no such path|no such ref|bad revision 'HEAD'/i.test(err.stderr)) return 'all';
    // The file got shorter since its TODOs were read: blame it whole and keep the lines it has.
    if (/has only \d+ lines?/i.test(err.stderr)) output = await run([]);
    else throw err;
  }
  const wanted = new Set(target.lines);
  const mine = new Set<number>();
  for (const b of parseBlamePorcelain(output)) {
    if (wanted.has(b.line) && (b.authorMail === email || b.authorMail === NOT_COMMITTED_MAIL)) mine.add(b.line);
  }
  return mine;
}

/** Sorted, merged [from, to] runs of the lines: 3,4,5,9 → [3,5],[9,9]. */
export function lineRanges(lines: readonly number[]): [number, number][] {
  const sorted = [...new Set(lines)].filter((n) => Number.isInteger(n) && n > 0).sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const n of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else ranges.push([n, n]);
  }
  return ranges;
}
