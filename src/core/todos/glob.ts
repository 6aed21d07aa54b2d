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

/** One matcher for many globs: true when the relative path (file or folder) matches any of them. */
export function compileGlobs(globs: readonly string[]): (relPath: string) => boolean {
  const sources = globs
    .map((g) => g.trim().replace(/^\.\//, '').replace(/\/+$/, ''))
    .filter((g) => g.length > 0)
    .map(globToRegExpSource);
  if (sources.length === 0) return () => false;
  const re = new RegExp(`^(?:${sources.join('|')})$`);
  return (relPath) => re.test(relPath);
}
