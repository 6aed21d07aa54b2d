// The review's files in a project's .localfocus/ folder, read the same way by the editor and the
// CLI: review.json (the review settings), review.md (the project's own review instructions) and
// review-baseline.json (the findings the project has dismissed; see baselineFile.ts). Paths here
// are relative to the project folder, so a message names the file as the user sees it in the tree.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { LocalFocusError } from '../errors';
import { parseJsonText } from '../jsonText';
import { checkReviewSettings, type ReviewSettings } from './reviewSettings';

export const PROJECT_FOLDER = '.localfocus';
export const REVIEW_SETTINGS_FILE = `${PROJECT_FOLDER}/review.json`;
export const PROJECT_RULES_FILE = `${PROJECT_FOLDER}/review.md`;
export const BASELINE_FILE = `${PROJECT_FOLDER}/review-baseline.json`;

/**
 * The most characters of project rules a review takes: about 1,000 tokens, an eighth of the
 * default 8,192-token context, so the rules never crowd out the code they are about.
 */
export const MAX_PROJECT_RULES_CHARS = 4000;

/** A project file's absolute path: `relative` is one of the constants above. */
export function projectFile(root: string, relative: string): string {
  return path.join(root, ...relative.split('/'));
}

/** The text of a file, or undefined when there is none. */
async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LocalFocusError('bad-input', `Cannot read ${file}: ${(err as Error).message}`);
  }
}

/** .localfocus/review.json checked, or undefined when the project has none. */
export async function readReviewSettingsFile(root: string): Promise<ReviewSettings | undefined> {
  const text = await readOptional(projectFile(root, REVIEW_SETTINGS_FILE));
  if (text === undefined) return undefined;
  const value = parseJsonText(text, REVIEW_SETTINGS_FILE, 'Fix the file, or delete it to review with the defaults.');
  return checkReviewSettings(value, REVIEW_SETTINGS_FILE);
}

/**
 * .localfocus/review.md, trimmed, or undefined when the project has none or it is empty. A file
 * over the limit is refused whole rather than cut: half a rule can say the opposite of the rule.
 */
export async function readProjectRules(root: string): Promise<string | undefined> {
  const text = await readOptional(projectFile(root, PROJECT_RULES_FILE));
  if (text === undefined || text.trim() === '') return undefined;
  checkProjectRules(text.trim(), PROJECT_RULES_FILE);
  return text.trim();
}

/** Throws bad-input when project rules are longer than a review takes. */
export function checkProjectRules(text: string, source: string): void {
  if (text.length <= MAX_PROJECT_RULES_CHARS) return;
  throw new LocalFocusError(
    'bad-input',
    `${source} has ${text.length.toLocaleString('en-US')} characters; project rules may have at most ${MAX_PROJECT_RULES_CHARS.toLocaleString('en-US')}, so that they leave the model room for the code. Shorten it to the rules that matter most.`,
  );
}
