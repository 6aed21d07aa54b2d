// What `local-focus review` takes from the project it runs in: the project folder (the nearest
// folder upwards with a .localfocus/ folder, else the repository's top, else the current folder),
// its review.json settings with the command line's flags over them, its review.md rules and where
// its baseline is. In the CLI the file is the base and a flag the exception for one run; in the
// editor the user's and workspace's settings win over the file instead (reviewConfig.ts there).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toLocalFocusError } from '../core/errors';
import { BASELINE_FILE, PROJECT_FOLDER, projectFile, readProjectRules, readReviewSettingsFile } from '../core/review/projectReviewFiles';
import { checkReviewSettings, mergeReviewSettings, type ReviewSettings } from '../core/review/reviewSettings';
import { UsageError } from './args';

export interface ReviewProject {
  root: string;
  settings: ReviewSettings;
  projectRules?: string;
  baselineFile: string;
  /** Things the user should know that do not stop the review, for stderr. */
  warnings: string[];
}

/** The nearest folder from `start` upwards holding .localfocus/, else .git, else `start` itself. */
export function findProjectRoot(start: string): string {
  const upwards = (marker: string): string | undefined => {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, marker))) return dir;
      if (path.dirname(dir) === dir) return undefined;
    }
  };
  return upwards(PROJECT_FOLDER) ?? upwards('.git') ?? path.resolve(start);
}

/** `--check console-log=off,debugger=error` as settings; the values are checked like the file's. */
export function checkFlags(value: string): ReviewSettings {
  const checks: Record<string, string> = {};
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [id, setting, extra] = part.split('=');
    if (!id || !setting || extra !== undefined) throw new UsageError(`--check takes <check>=<off|on|error|warning|info>[,…], not ${JSON.stringify(part)}`);
    checks[id] = setting;
  }
  return asUsage(() => checkReviewSettings({ checks }, '--check'));
}

export function minSeverityFlag(value: string): ReviewSettings {
  return asUsage(() => checkReviewSettings({ minSeverity: value }, '--min-severity'));
}

/** A flag's mistake is bad usage (exit 2), said the way the settings checker says it. */
function asUsage(check: () => ReviewSettings): ReviewSettings {
  try {
    return check();
  } catch (err) {
    throw new UsageError(toLocalFocusError(err).message.replace(/\n- /g, ' '));
  }
}

export async function loadReviewProject(cwd: string, flags: ReviewSettings): Promise<ReviewProject> {
  const root = findProjectRoot(cwd);
  const warnings: string[] = [];
  const fileSettings = await readReviewSettingsFile(root);
  let projectRules: string | undefined;
  try {
    projectRules = await readProjectRules(root);
  } catch (err) {
    const e = toLocalFocusError(err);
    if (e.code !== 'bad-input') throw e;
    // Too long: the review still runs, as the heuristics and the baseline do not need the rules.
    warnings.push(`${e.message} This review runs without the project rules.`);
  }
  return {
    root,
    settings: mergeReviewSettings(fileSettings, flags),
    ...(projectRules ? { projectRules } : {}),
    baselineFile: projectFile(root, BASELINE_FILE),
    warnings,
  };
}

/** A reviewed file's path relative to the project folder, '/'-separated; undefined when it lies outside. */
export function projectPath(root: string, file: string): string | undefined {
  const relative = path.relative(fs.realpathSync(root), fs.realpathSync(file));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** The project path, or a usage error saying why a file outside the project cannot be recorded or reported. */
export function requireProjectPath(root: string, file: string, arg: string, why: string): string {
  const relative = projectPath(root, file);
  if (relative === undefined) throw new UsageError(`${arg} is outside the project folder ${root}, and ${why} takes only files inside it; run local-focus from inside that file's project`);
  return relative;
}
