// The files "Review Uncommitted Changes" looks at: everything that differs from HEAD, staged or
// not, plus new files, each with its HEAD text so the changed lines can be computed against the
// editor's (possibly unsaved) text. The built-in git extension's API is asked first; without it
// (disabled, or still starting) the git CLI answers the same questions.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';

const run = promisify(execFile);

/** A file a diff review reads: uncommitted changes here, a branch's changes in branchChangesPick.ts. */
export interface ChangedFile {
  uri: vscode.Uri;
  /** The text its changes are measured from (HEAD's here); undefined for a file that text lacks (every line is new). */
  baseText: () => Promise<string | undefined>;
}

export interface UncommittedChanges {
  root: vscode.Uri;
  files: ChangedFile[];
  /** Which source answered, for the log. */
  via: 'git extension' | 'git CLI';
}

// The parts of the git extension's API (extensions/git/src/api/git.d.ts, version 1) used here.
interface GitChange {
  readonly uri: vscode.Uri;
  readonly originalUri: vscode.Uri;
  readonly renameUri: vscode.Uri | undefined;
}
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: {
    readonly HEAD: { readonly commit?: string } | undefined;
    readonly indexChanges: GitChange[];
    readonly workingTreeChanges: GitChange[];
    readonly untrackedChanges?: GitChange[];
  };
  show(ref: string, path: string): Promise<string>;
}
interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly repositories: GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

async function gitApi(): Promise<GitApi | undefined> {
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!ext) return undefined;
  try {
    const exports = ext.isActive ? ext.exports : await ext.activate();
    if (!exports?.enabled) return undefined;
    const api = exports.getAPI(1);
    return api.state === 'initialized' ? api : undefined;
  } catch {
    return undefined;
  }
}

async function fromExtension(api: GitApi, folder: vscode.Uri): Promise<UncommittedChanges | undefined> {
  const repo = api.getRepository(folder) ?? api.repositories.find((r) => folder.fsPath.startsWith(r.rootUri.fsPath));
  if (!repo) return undefined;
  const hasHead = Boolean(repo.state.HEAD?.commit);
  const byPath = new Map<string, ChangedFile>();
  for (const change of [...repo.state.indexChanges, ...repo.state.workingTreeChanges, ...(repo.state.untrackedChanges ?? [])]) {
    const uri = change.renameUri ?? change.uri;
    if (byPath.has(uri.fsPath) || !isFile(uri.fsPath)) continue; // deleted files have nothing to review
    const original = change.originalUri.fsPath;
    byPath.set(uri.fsPath, {
      uri,
      baseText: () => (hasHead ? repo.show('HEAD', original).then((t) => t, () => undefined) : Promise.resolve(undefined)),
    });
  }
  return { root: repo.rootUri, files: [...byPath.values()], via: 'git extension' };
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function fromCli(folder: vscode.Uri): Promise<UncommittedChanges | undefined> {
  let root: string;
  try {
    root = (await git(folder.fsPath, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    return undefined;
  }
  const hasHead = await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']).then(
    () => true,
    () => false,
  );
  const split = (out: string) => out.split('\0').filter(Boolean);
  // Without a first commit everything in the index is new.
  const changed = hasHead ? split(await git(root, ['diff', 'HEAD', '--name-only', '-z', '--no-renames'])) : split(await git(root, ['ls-files', '-z']));
  const untracked = split(await git(root, ['ls-files', '--others', '--exclude-standard', '-z']));
  const files: ChangedFile[] = [];
  for (const rel of new Set([...changed, ...untracked])) {
    const abs = path.join(root, rel);
    if (!isFile(abs)) continue;
    const isNew = !hasHead || untracked.includes(rel);
    files.push({
      uri: vscode.Uri.file(abs),
      baseText: () => (isNew ? Promise.resolve(undefined) : git(root, ['show', `HEAD:${rel}`]).then((t) => t, () => undefined)),
    });
  }
  return { root: vscode.Uri.file(root), files, via: 'git CLI' };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Uncommitted changes of the repository holding `folder`, or undefined when it is in none. */
export async function uncommittedChanges(folder: vscode.Uri): Promise<UncommittedChanges | undefined> {
  const api = await gitApi();
  if (api) {
    const changes = await fromExtension(api, folder);
    if (changes) return changes;
  }
  return fromCli(folder);
}
