// "Review Branch Changes…": the user picks what the branch is measured against — the default
// branch, offered first, or any branch or tag — and gets the files changed since the merge-base
// with it, the working tree included (src/core/review/branchChanges.ts). git runs as a command
// here, not through the git extension, which has no merge-base diff; so, like the TODOs' "This
// branch" scope, it does not run in Restricted Mode, where a repository's own git config could
// run its commands.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LocalFocusError } from '../../core/errors';
import { baseRefChoices, currentBranch, listBaseRefs, type BaseRefChoice, type BaseRefKind } from '../../core/git/baseRefChoices';
import { defaultBranch, openRepository, type GitRepository } from '../../core/git/gitRepository';
import { branchChanges } from '../../core/review/branchChanges';
import type { ChangedFile } from './gitChanges';

export interface BranchChangesToReview {
  /** The ref picked, as named. */
  base: string;
  mergeBase: string;
  files: ChangedFile[];
}

const HOW_TO_CHOOSE = 'pick a branch or tag in the list instead';

const KIND_LABELS: Record<BaseRefKind, { icon: string; description: string }> = {
  default: { icon: '$(git-merge)', description: 'default branch' },
  branch: { icon: '$(git-branch)', description: 'branch' },
  remote: { icon: '$(cloud)', description: 'remote branch' },
  tag: { icon: '$(tag)', description: 'tag' },
};

/** Asks for the base, then lists the changed files; undefined when the user closes the pick. Refusals are LocalFocusErrors that say what to do. */
export async function pickBranchChanges(folder: vscode.Uri): Promise<BranchChangesToReview | undefined> {
  if (!vscode.workspace.isTrusted) throw new LocalFocusError('bad-input', 'Review Branch Changes runs git, which Restricted Mode does not allow; trust this workspace to use it.');
  const repo = await openRepository(folder.fsPath);
  const base = await pickBase(repo);
  if (base === undefined) return undefined;
  const changes = await branchChanges(repo, { base, howToChooseBase: HOW_TO_CHOOSE });
  return {
    base: changes.base,
    mergeBase: changes.mergeBase,
    files: changes.files.map((f) => ({ uri: vscode.Uri.file(path.join(repo.top, f.path)), baseText: f.baseText })),
  };
}

async function pickBase(repo: GitRepository): Promise<string | undefined> {
  // No default branch is no refusal here: the list still offers every branch and tag.
  const fallback = await defaultBranch(repo, HOW_TO_CHOOSE).catch((err: unknown) => {
    if (err instanceof LocalFocusError) return undefined;
    throw err;
  });
  const choices = baseRefChoices(await listBaseRefs(repo), await currentBranch(repo), fallback);
  if (choices.length === 0) throw new LocalFocusError('bad-input', `${repo.top} has no other branch or tag to compare this branch with; create one (git branch main) or fetch the remote's.`);
  const picked = await vscode.window.showQuickPick(choices.map(pickItem), {
    title: 'Local Focus: Review Branch Changes',
    placeHolder: 'Review the changes since this branch left… (the merge-base with the ref you pick)',
    matchOnDescription: true,
  });
  return picked?.choice.ref;
}

function pickItem(choice: BaseRefChoice): vscode.QuickPickItem & { choice: BaseRefChoice } {
  const { icon, description } = KIND_LABELS[choice.kind];
  return { label: `${icon} ${choice.ref}`, description, choice };
}
