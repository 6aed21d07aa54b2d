// VS Code-style glob patterns (files.exclude, search.exclude) compiled to one RegExp.
// Paths are relative to the workspace folder and use forward slashes.

function escapeRegExpChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** Translates one glob to a regular expression source (no anchors). Supports `**`, `*`, `?`,
 *  `[abc]`, `[!abc]`, `{a,b}` (nested) and `\` escapes. */
export function globToRegExpSource(glob: string): string {
  let out = '';
  let i = 0;
  let braceDepth = 0;
  const n = glob.length;
  while (i < n) {
    const ch = glob[i]!;
    if (ch === '\\' && i + 1 < n) {
      out += escapeRegExpChar(glob[i + 1]!);
      i += 2;
      continue;
    }
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/' || glob[i - 1] === '{' || glob[i - 1] === ',';
        let j = i + 2;
        while (glob[j] === '*') j++;
        if (atSegmentStart && glob[j] === '/') {
          out += '(?:.*/)?';
          i = j + 1;
          continue;
        }
        if (atSegmentStart && (j === n || glob[j] === '}' || glob[j] === ',')) {
          out += '.*';
          i = j;
          continue;
        }
        out += '[^/]*';
        i = j;
        continue;
      }
      out += '[^/]*';
      i++;
      continue;
    }
    if (ch === '?') {
      out += '[^/]';
      i++;
      continue;
    }
    if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close > 0) {
        let body = glob.slice(i + 1, close);
        let negate = false;
        if (body.startsWith('!') || body.startsWith('^')) {
          negate = true;
          body = body.slice(1);
        }
        body = body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]');
        out += negate ? `[^/${body}]` : `[${body}]`;
        i = close + 1;
        continue;
      }
      out += '\\[';
      i++;
      continue;
    }
    if (ch === '{') {
      braceDepth++;
      out += '(?:';
      i++;
      continue;
    }
    if (ch === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
      i++;
      continue;
    }
    if (ch === ',' && braceDepth > 0) {
      out += '|';
      i++;
      continue;
    }
    out += escapeRegExpChar(ch);
    i++;
  }
  while (braceDepth-- > 0) out += ')';
  return out;
}

/** A glob without wildcards, braces, classes or escapes: it matches exactly its own text. */
const LITERAL = /^[^*?[\]{}\\]+$/;

/** A glob as written in a setting, without the surrounding spaces, a leading `./` or trailing slashes. */
export function normalizeGlob(raw: string): string {
  return raw.trim().replace(/^\.\//, '').replace(/\/+$/, '');
}

/** The common shapes of a normalized glob: a literal path from the root (`dist`), a name at any
 *  depth (`**\/node_modules`, text `node_modules`) and an ending at any depth (`**\/*.code-search`,
 *  text `.code-search`); undefined for any other glob. */
export function globShape(glob: string): { kind: 'path' | 'name' | 'suffix'; text: string } | undefined {
  if (LITERAL.test(glob)) return { kind: 'path', text: glob };
  const last = glob.startsWith('**/') ? glob.slice(3) : undefined;
  if (last === undefined || last.includes('/')) return undefined;
  if (LITERAL.test(last)) return { kind: 'name', text: last };
  if (last.startsWith('*') && LITERAL.test(last.slice(1))) return { kind: 'suffix', text: last.slice(1) };
  return undefined;
}

// One matcher for many globs: true when the relative path (file or folder) matches any of them.
// The common shapes skip the regular expression, which is tested against every path of a walk:
// a literal path (`dist`) is a set lookup, a name at any depth (`**/node_modules`) a lookup of the
// last segment, and an ending at any depth (`**/*.code-search`) a test of the last segment's end.
export function compileGlobs(globs: readonly string[]): (relPath: string) => boolean {
  const paths = new Set<string>();
  const names = new Set<string>();
  const suffixes: string[] = [];
  const sources: string[] = [];
  for (const raw of globs) {
    const glob = normalizeGlob(raw);
    if (glob.length === 0) continue;
    const shape = globShape(glob);
    if (shape?.kind === 'path') paths.add(shape.text);
    else if (shape?.kind === 'name') names.add(shape.text);
    else if (shape?.kind === 'suffix') suffixes.push(shape.text);
    else sources.push(globToRegExpSource(glob));
  }
  const re = sources.length > 0 ? new RegExp(`^(?:${sources.join('|')})$`) : undefined;
  if (paths.size === 0 && names.size === 0 && suffixes.length === 0 && !re) return () => false;
  return (relPath) => {
    if (paths.has(relPath)) return true;
    const name = relPath.slice(relPath.lastIndexOf('/') + 1);
    if (names.has(name) || suffixes.some((suffix) => name.endsWith(suffix))) return true;
    return re !== undefined && re.test(relPath);
  };
}
