// Reads a unified diff from `git diff` and tells which lines of each new-side file were added
// (a changed line counts as added: its new text is new). Line numbers come from the hunk headers
// and are counted along the hunk, so context lines (-U3) and "\ No newline at end of file" markers
// do not shift them. Paths are the `+++ b/…` names: git quotes unusual ones C-style and puts a tab
// after names that hold a space; deleted files (+++ /dev/null) add nothing.

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** New-side path → its added 1-based line numbers. The diff must use the b/ destination prefix. */
export function addedLinesOfDiff(diff: string): Map<string, Set<number>> {
  const added = new Map<string, Set<number>>();
  let lines: Set<number> | undefined;
  let next = 0;
  let inHunk = false;
  for (const raw of diff.split('\n')) {
    if (raw.startsWith('diff --git ')) {
      lines = undefined;
      inHunk = false;
    } else if (!inHunk && raw.startsWith('+++ ')) {
      const name = diffPath(raw.slice(4));
      lines = name === undefined ? undefined : (added.get(name) ?? new Set());
      if (name !== undefined && lines) added.set(name, lines);
    } else if (raw.startsWith('@@')) {
      const hunk = HUNK.exec(raw);
      inHunk = hunk !== null;
      next = hunk ? Number(hunk[1]) : 0;
    } else if (inHunk && lines) {
      if (raw.startsWith('+')) lines.add(next++);
      else if (raw.startsWith(' ')) next++;
      // '-' lines are gone from the new side and '\' lines are markers: neither moves the count.
    }
  }
  for (const [name, set] of added) if (set.size === 0) added.delete(name);
  return added;
}

/** `b/src/a.ts`, `"b/\303\266.ts"`, `b/my file.ts<TAB>` → the path; /dev/null → undefined. */
export function diffPath(field: string): string | undefined {
  const name = field.startsWith('"') ? unquoteC(field) : field.replace(/\t$/, '');
  if (name === '/dev/null' || name === undefined) return undefined;
  return name.startsWith('b/') ? name.slice(2) : name;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** git's C-style quoting: `"…"` with \ escapes and \ooo octal bytes of UTF-8. */
export function unquoteC(quoted: string): string | undefined {
  const end = quoted.lastIndexOf('"');
  if (end <= 0) return undefined;
  const body = quoted.slice(1, end);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      const escaped = ESCAPES[body[i + 1] ?? ''];
      if (escaped === undefined) return undefined;
      bytes.push(escaped);
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
