// `local-focus review <file...>`: the editor's code review from a terminal, one file after another,
// exit code 1 when any finding is an error, so it can run as a git pre-commit hook.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { LocalFocusError } from '../core/errors';
import { Tier, TIER_LABELS } from '../core/protocol';
import { countBySeverity, type Finding, type Severity } from '../core/review/findings';
import { splitLines } from '../core/review/lines';
import { TIER_SOURCES, type ReviewRunParams, type ReviewRunResult } from '../core/reviewProtocol';
import { UsageError } from './args';
import type { CliCommand } from './command';
import { printable } from './terminalText';

const run = promisify(execFile);

/** 'local' is any local model: the one in this process, then a model server; 'server' only the server. */
const TIER_NAMES: Record<string, Tier> = { heuristics: 'degraded', degraded: 'degraded', local: 'local', server: 'server', cloud: 'cloud' };

export interface FileReview extends ReviewRunResult {
  path: string;
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/**
 * What a diff review of one file looks at: the text (the working tree, or the index with --staged)
 * and its changes against HEAD, staged and unstaged. A file git does not know yet, or a repository
 * without a first commit, is new in every line.
 */
async function gitChanges(file: string, staged: boolean): Promise<{ text: string; repoPath: string; diff?: string; changedLines?: number[] }> {
  const dir = path.dirname(file);
  let root: string;
  try {
    root = (await git(dir, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    throw new LocalFocusError('bad-input', `--diff needs a git repository, and ${file} is not in one.`);
  }
  const repoPath = path.relative(fs.realpathSync(root), fs.realpathSync(file)).split(path.sep).join('/');
  const text = staged ? await git(root, ['show', `:${repoPath}`]).catch(() => fs.readFileSync(file, 'utf8')) : fs.readFileSync(file, 'utf8');
  const hasHead = await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']).then(
    () => true,
    () => false,
  );
  const tracked = await git(root, ['ls-files', '--error-unmatch', '--', repoPath]).then(
    () => true,
    () => false,
  );
  if (!hasHead || !tracked) return { text, repoPath, changedLines: splitLines(text).map((_, i) => i + 1) };
  const diff = await git(root, ['diff', '--no-color', '--no-ext-diff', staged ? '--cached' : 'HEAD', '--', repoPath]);
  return { text, repoPath, diff };
}

const SEVERITY_WIDTH = Math.max(...(['error', 'warning', 'info'] as Severity[]).map((s) => s.length));

export function formatFinding(file: string, f: Finding): string {
  const where = f.endLine !== undefined ? `${f.line}-${f.endLine}` : `${f.line}`;
  const lines = [`${file}:${where}: ${f.severity.padEnd(SEVERITY_WIDTH)} [${f.category}] ${f.message}${f.rule ? ` (${f.rule})` : ''}`];
  if (f.suggestion === '') lines.push('    fix: delete these lines');
  else if (f.suggestion !== undefined) lines.push(...f.suggestion.split('\n').map((l, i) => `    ${i === 0 ? 'fix: ' : '     '}${l}`));
  // Messages and suggestions come from a model that read the code: its control characters are shown, not obeyed.
  return printable(lines.join('\n'));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The header line: which tier ran and the counts, the same facts the editor's summary shows. */
export function formatReviewHeader(file: string, r: ReviewRunResult): string {
  const c = countBySeverity(r.findings);
  const parts = [
    `Review of ${file}`,
    `${TIER_LABELS[r.tier]} (${TIER_SOURCES[r.tier]})`,
    `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info`,
    `${r.ms} ms`,
  ];
  if (r.dropped > 0) parts.push(`${r.dropped} invalid model findings dropped`);
  const lines = [parts.join(' · ')];
  if (r.fallbackReason) lines.push(`  why not a better tier: ${r.fallbackReason}`);
  if (r.note) lines.push(`  ${r.note}`);
  return lines.join('\n');
}

export const reviewCommand: CliCommand = {
  synopsis: 'review <file...> [--diff|--staged] [--tier heuristics|local|server|cloud] [--model <gguf>]   review code; exit 1 on error findings',
  options: { diff: { value: false }, staged: { value: false }, tier: { value: true }, model: { value: true } },
  async run({ args, options, json, service, io, cwd, signal }) {
    if (args.length === 0) throw new UsageError(`'review' needs at least one file`);
    const tierName = options.tier as string | undefined;
    const tier = tierName !== undefined ? TIER_NAMES[tierName] : undefined;
    if (tierName !== undefined && !tier) throw new UsageError('--tier must be heuristics, local, server or cloud');
    const staged = Boolean(options.staged);
    const useDiff = staged || Boolean(options.diff);
    const modelPath = typeof options.model === 'string' ? path.resolve(cwd, options.model) : undefined;

    const reviews: FileReview[] = [];
    for (const [i, arg] of args.entries()) {
      const file = path.resolve(cwd, arg);
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`no file at ${arg}`);
      let params: ReviewRunParams;
      if (useDiff) {
        const changes = await gitChanges(file, staged);
        params = {
          requestId: `cli-review-${i}`,
          path: changes.repoPath,
          text: changes.text,
          ...(changes.diff !== undefined ? { diff: changes.diff } : {}),
          ...(changes.changedLines ? { changedLines: changes.changedLines } : {}),
        };
      } else {
        params = { requestId: `cli-review-${i}`, path: arg, text: fs.readFileSync(file, 'utf8') };
      }
      if (tier) params.tier = tier;
      if (modelPath) params.modelPath = modelPath;
      const result = await service.call('review/run', params, signal);
      reviews.push({ path: arg, ...result });
      if (!json) {
        io.out(formatReviewHeader(arg, result) + '\n');
        for (const f of result.findings) io.out(formatFinding(arg, f) + '\n');
      }
    }
    const counts = countBySeverity(reviews.flatMap((r) => r.findings));
    if (json) io.out(JSON.stringify({ files: reviews, counts }, null, 2) + '\n');
    return counts.error > 0 ? 1 : 0;
  },
};
