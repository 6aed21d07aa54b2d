// The git scopes of the TODO listings, shared by the TODOs view and `local-focus todos`:
// "Mine" keeps the TODOs on lines git blame gives to the user's e-mail, "This branch" the ones on
// lines added since the branch left the default branch. Both answer with line sets per file; a
// file that git has never seen (untracked) is new in every line, so it counts whole.

export type GitScopeKind = 'mine' | 'branch';

export const GIT_SCOPE_LABELS: Record<GitScopeKind, string> = { mine: 'Mine', branch: 'This branch' };

/** 1-based line numbers, or every line of the file. */
export type LineSet = 'all' | ReadonlySet<number>;

/** Repository-relative path (forward slashes) → its lines in scope; a file not listed has none. */
export type ScopeLines = Map<string, LineSet>;

export function inLineSet(lines: LineSet | undefined, line: number): boolean {
  if (lines === undefined) return false;
  return lines === 'all' || lines.has(line);
}

/** Lines in both scopes, for --mine --branch together. */
export function intersectScopes(a: ScopeLines, b: ScopeLines): ScopeLines {
  const out: ScopeLines = new Map();
  for (const [file, left] of a) {
    const right = b.get(file);
    if (right === undefined) continue;
    if (left === 'all') out.set(file, right);
    else if (right === 'all') out.set(file, left);
    else {
      const both = new Set([...left].filter((n) => right.has(n)));
      if (both.size) out.set(file, both);
    }
  }
  return out;
}
