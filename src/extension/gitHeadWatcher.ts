// A commit, a checkout or a branch reset moves HEAD or a branch ref in some folder's .git: what is
// "mine" or "on this branch" may have changed. One watcher for every feature that asks git such
// questions (the TODOs view's scopes, the Tasks view's Next suggestions).
import * as vscode from 'vscode';

/** Calls `onMove` whenever HEAD or a local branch ref is written, created or removed. */
export function watchGitHeads(onMove: () => void): vscode.Disposable {
  const heads = vscode.workspace.createFileSystemWatcher('**/.git/{HEAD,refs/heads/**}');
  return vscode.Disposable.from(heads, heads.onDidChange(onMove), heads.onDidCreate(onMove), heads.onDidDelete(onMove));
}
