// `local-focus todos --mine --branch [--base <ref>]`: the listing narrowed to the TODOs on the
// user's lines (git blame) and/or on lines added since the branch left the default branch (git
// diff from the merge-base). Given both, a TODO must be in both. git runs only when one of the
// flags is given, so the plain listing stays as fast as the scan.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openRepository } from '../core/git/gitRepository';
import { branchLines } from '../core/todos/branchScope';
import { inLineSet, intersectScopes, type ScopeLines } from '../core/todos/gitScope';
import { mineLines } from '../core/todos/mineScope';
import type { ListedTodo, TodoListing } from './todosListing';

export interface GitScopeRequest {
  mine: boolean;
  branch: boolean;
  /** The ref to compare with (implies branch); default the repository's default branch. */
  base?: string | undefined;
}

/** What the listing was narrowed to, printed after the count and kept in --json. */
export interface ListingScope {
  mine?: { email: string };
  branch?: { base: string; mergeBase: string };
}

export function wantsGitScope(request: GitScopeRequest): boolean {
  return request.mine || request.branch || request.base !== undefined;
}

/** The listing with only the TODOs in the requested scopes. */
export async function narrowToGitScope(listing: TodoListing, request: GitScopeRequest, signal?: AbortSignal): Promise<TodoListing & { scope: ListingScope }> {
  const repo = await openRepository(listing.root, signal);
  // git prints its top folder with links resolved; the listing's paths hang off the root as given.
  const prefix = path.relative(repo.top, fs.realpathSync(listing.root)).split(path.sep).join('/');
  const repoPath = (todo: ListedTodo) => (prefix ? `${prefix}/${todo.file}` : todo.file);
  const scope: ListingScope = {};
  const found: ScopeLines[] = [];
  if (request.mine) {
    const byFile = new Map<string, number[]>();
    for (const t of listing.todos) {
      const file = repoPath(t);
      const lines = byFile.get(file);
      if (lines) lines.push(t.line);
      else byFile.set(file, [t.line]);
    }
    const mine = await mineLines(repo, [...byFile].map(([file, lines]) => ({ path: file, lines })));
    scope.mine = { email: mine.email };
    found.push(mine.lines);
  }
  if (request.branch || request.base !== undefined) {
    const branch = await branchLines(repo, { base: request.base, howToChooseBase: 'pass the branch to compare with as --base <ref>' });
    scope.branch = { base: branch.base, mergeBase: branch.mergeBase };
    found.push(branch.lines);
  }
  const lines = found.reduce(intersectScopes);
  return { ...listing, todos: listing.todos.filter((t) => inLineSet(lines.get(repoPath(t)), t.line)), scope };
}

/** `yours (ana@example.org), added since origin/main`. */
export function scopeText(scope: ListingScope): string {
  const parts: string[] = [];
  if (scope.mine) parts.push(`yours (${scope.mine.email})`);
  if (scope.branch) parts.push(`added since ${scope.branch.base} (${scope.branch.mergeBase.slice(0, 8)})`);
  return parts.join(', ');
}
