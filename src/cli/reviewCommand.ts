// `local-focus review <file...>`: the editor's code review from a terminal, one file after another,
// exit code 1 when a finding the project's baseline has not dismissed is an error, so it can run as
// a git pre-commit hook or a CI step. `--write-baseline` records every current finding instead.
// `--base <ref>` (or `--branch`, for the default branch) reviews the files changed since the
// branch left the base instead of named files, only on their changed lines: a pre-push hook.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { LocalFocusError } from '../core/errors';
import type { Tier } from '../core/protocol';
import { fingerprintFindings, matchBaseline, replacingPaths } from '../core/review/baseline';
import { readBaseline, updateBaseline } from '../core/review/baselineFile';
import { goModuleVersion } from '../core/review/goModuleVersion';
import { languageIdForPath } from '../core/review/language';
import { splitLines } from '../core/review/lines';
import { BASELINE_FILE } from '../core/review/projectReviewFiles';
import { mergeReviewSettings, type ReviewSettings } from '../core/review/reviewSettings';
import { isTestCodePath } from '../core/review/testCode';
import type { ReviewRunParams } from '../core/reviewProtocol';
import { UsageError } from './args';
import type { CliCommand } from './command';
import { branchReviewFiles } from './reviewBranch';
import { branchHeader, jsonReport, OUTPUT_FORMATS, reportedFindings, sarifReport, textReport, type BranchScope, type OutputFormat, type ReviewedFile } from './reviewOutput';
import { checkFlags, loadReviewProject, minSeverityFlag, projectPath, requireProjectPath, type ReviewProject } from './reviewProject';

const run = promisify(execFile);

/** 'local' is any local model: the one in this process, then a model server; 'server' only the server. */
const TIER_NAMES: Record<string, Tier> = { heuristics: 'degraded', degraded: 'degraded', local: 'local', server: 'server', cloud: 'cloud' };

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

/** The command line's choices for one `review` run, checked. */
interface ReviewRequest {
  tier?: Tier;
  staged: boolean;
  useDiff: boolean;
  /** Review the branch's changes since its merge-base with `base` (undefined: the default branch). */
  branch?: { base: string | undefined };
  modelPath?: string;
  format: OutputFormat;
  writeBaseline: boolean;
  useBaseline: boolean;
  includeDismissed: boolean;
  flags: ReviewSettings;
}

function reviewRequest(options: Record<string, string | boolean>, json: boolean, cwd: string): ReviewRequest {
  const tierName = options.tier as string | undefined;
  const tier = tierName !== undefined ? TIER_NAMES[tierName] : undefined;
  if (tierName !== undefined && !tier) throw new UsageError('--tier must be heuristics, local, server or cloud');
  const format = (options.format as string | undefined) ?? (json ? 'json' : 'text');
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be ${OUTPUT_FORMATS.join(', ')}`);
  if (json && format !== 'json') throw new UsageError(`--json and --format ${format} ask for two formats; give one`);
  const staged = Boolean(options.staged);
  const useDiff = staged || Boolean(options.diff);
  const writeBaseline = Boolean(options['write-baseline']);
  const branch = branchRequest(options);
  if (branch && useDiff) throw new UsageError('--base and --branch review the branch since its merge-base, --diff and --staged the changes since HEAD; give one');
  if (writeBaseline && (useDiff || branch)) throw new UsageError('--write-baseline records whole files; leave out --diff, --staged, --branch and --base');
  if (writeBaseline && options['no-baseline']) throw new UsageError('--write-baseline and --no-baseline contradict each other; give one');
  if (options['include-dismissed'] && format !== 'sarif') throw new UsageError('--include-dismissed is for --format sarif; the JSON output always lists the dismissed findings');
  const flags = mergeReviewSettings(
    typeof options['min-severity'] === 'string' ? minSeverityFlag(options['min-severity']) : undefined,
    typeof options.check === 'string' ? checkFlags(options.check) : undefined,
  );
  return {
    ...(tier ? { tier } : {}),
    staged,
    useDiff,
    ...(branch ? { branch } : {}),
    ...(typeof options.model === 'string' ? { modelPath: path.resolve(cwd, options.model) } : {}),
    format: format as OutputFormat,
    writeBaseline,
    useBaseline: !options['no-baseline'] && !writeBaseline,
    includeDismissed: Boolean(options['include-dismissed']),
    flags,
  };
}

/** `--base <ref>` names the base and implies `--branch`; undefined when neither is given. */
function branchRequest(options: Record<string, string | boolean>): { base: string | undefined } | undefined {
  if (typeof options.base === 'string') {
    if (!options.base.trim()) throw new UsageError('--base needs a branch, tag or commit, such as --base main');
    return { base: options.base };
  }
  return options.branch ? { base: undefined } : undefined;
}

/** One file to review: what the user called it, where it is, and what of it to send. */
interface ReviewInput {
  arg: string;
  file: string;
  params: Pick<ReviewRunParams, 'path' | 'text' | 'diff' | 'changedLines'>;
}

/** The files named on the command line: each whole, or its changes against HEAD with --diff/--staged. */
async function namedInputs(args: readonly string[], request: ReviewRequest, cwd: string): Promise<ReviewInput[]> {
  const inputs: ReviewInput[] = [];
  for (const arg of args) {
    const file = path.resolve(cwd, arg);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`no file at ${arg}`);
    if (!request.useDiff) {
      inputs.push({ arg, file, params: { path: arg, text: fs.readFileSync(file, 'utf8') } });
      continue;
    }
    const changes = await gitChanges(file, request.staged);
    inputs.push({
      arg,
      file,
      params: {
        path: changes.repoPath,
        text: changes.text,
        ...(changes.diff !== undefined ? { diff: changes.diff } : {}),
        ...(changes.changedLines ? { changedLines: changes.changedLines } : {}),
      },
    });
  }
  return inputs;
}

/** The review/run request for one file, with the run's tier, model and the project's rules and settings. */
function reviewParams(input: ReviewInput, index: number, request: ReviewRequest, project: ReviewProject, shownPath: string): ReviewRunParams {
  const params: ReviewRunParams = { requestId: `cli-review-${index}`, ...input.params };
  if (request.tier) params.tier = request.tier;
  if (request.modelPath) params.modelPath = request.modelPath;
  if (project.projectRules) params.projectRules = project.projectRules;
  params.settings = project.settings;
  params.testCode = isTestCodePath(shownPath);
  const goVersion = languageIdForPath(input.file) === 'go' ? goModuleVersion(input.file, project.root) : undefined;
  if (goVersion) params.goVersion = goVersion;
  return params;
}

/** Replaces the reviewed files' entries in the baseline with their findings now; says what it recorded. */
async function writeBaseline(project: ReviewProject, files: readonly ReviewedFile[]): Promise<string> {
  const entries = files.flatMap((f) => f.match.fresh.map((x) => x.entry));
  const paths = new Set(files.map((f) => f.projectPath!));
  await updateBaseline(project.baselineFile, (current) => replacingPaths(current, paths, entries));
  return `Recorded ${entries.length} finding${entries.length === 1 ? '' : 's'} of ${paths.size} file${paths.size === 1 ? '' : 's'} in ${BASELINE_FILE}; later reviews report only findings not in it.\n`;
}

export const reviewCommand: CliCommand = {
  synopsis:
    'review <file...> [--diff|--staged] | review --base <ref>|--branch [path...]   [--tier heuristics|local|server|cloud] [--model <gguf>] [--format text|json|sarif] [--min-severity <level>] [--check <id>=<off|on|level>,…] [--write-baseline|--no-baseline] [--include-dismissed]   review code; exit 1 on error findings not in the baseline; --base reviews the lines changed since the merge-base with <ref> (--branch: with the default branch, origin/HEAD, main or master), the working tree included',
  options: {
    diff: { value: false },
    staged: { value: false },
    branch: { value: false },
    base: { value: true },
    tier: { value: true },
    model: { value: true },
    format: { value: true },
    'min-severity': { value: true },
    check: { value: true },
    'write-baseline': { value: false },
    'no-baseline': { value: false },
    'include-dismissed': { value: false },
  },
  async run({ args, options, json, service, io, cwd, signal }) {
    const request = reviewRequest(options, json, cwd);
    if (args.length === 0 && !request.branch) throw new UsageError(`'review' needs at least one file, or --base <ref> to review a branch's changes`);
    const project = await loadReviewProject(cwd, request.flags);
    for (const warning of project.warnings) io.err(`local-focus: ${warning}\n`);
    const baseline = request.useBaseline ? await readBaseline(project.baselineFile) : [];

    let inputs: ReviewInput[];
    let branch: BranchScope | undefined;
    if (request.branch) {
      const review = await branchReviewFiles(cwd, request.branch.base, args, signal);
      branch = { base: review.base, mergeBase: review.mergeBase };
      inputs = review.files.map((f) => ({ arg: f.arg, file: f.file, params: { path: f.arg, text: f.text, changedLines: f.changedLines } }));
      if (request.format === 'text') io.out(branchHeader(branch, inputs.length));
    } else {
      inputs = await namedInputs(args, request, cwd);
    }

    const files: ReviewedFile[] = [];
    for (const [i, input] of inputs.entries()) {
      const { arg, file } = input;
      const inProject = request.writeBaseline ? requireProjectPath(project.root, file, arg, '--write-baseline') : projectPath(project.root, file);
      // The path inside the project where there is one: what the baseline keys and test code are judged by.
      const shownPath = inProject ?? arg.split(path.sep).join('/');
      const params = reviewParams(input, i, request, project, shownPath);
      const result = await service.call('review/run', params, signal);
      const match = matchBaseline(fingerprintFindings(result.findings, params.text, shownPath), baseline);
      const reviewed: ReviewedFile = { arg, text: params.text, result, match, ...(inProject !== undefined ? { projectPath: inProject } : {}) };
      files.push(reviewed);
      if (request.format === 'text') io.out(textReport(reviewed));
    }
    if (request.format === 'json') io.out(jsonReport(files, branch));
    if (request.format === 'sarif') io.out(sarifReport(files, request.includeDismissed));
    if (request.writeBaseline) {
      const recorded = await writeBaseline(project, files);
      // stdout carries the JSON or SARIF document alone; the note goes beside it.
      if (request.format === 'text') io.out(recorded);
      else io.err(recorded);
      return 0;
    }
    return files.some((f) => reportedFindings(f).some((x) => x.severity === 'error')) ? 1 : 0;
  },
};
