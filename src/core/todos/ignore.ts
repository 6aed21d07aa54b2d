// A gitignore matcher that follows git's rules closely enough for a workspace scan:
// comments and escapes, negation, directory-only patterns, anchoring by a slash, `**`, and
// nested .gitignore files where the deeper file and the later line win.

export interface IgnoreRule {
  /** The line as written, for logs and tests. */
  source: string;
  negate: boolean;
  dirOnly: boolean;
  /** Whether the pattern holds a slash, which anchors it to the ignore file's folder; otherwise it
   *  matches the last part of a path (its body matches no slash). */
  anchored: boolean;
  /** The pattern as a regular expression without its anchors. */
  body: string;
  regex: RegExp;
}

function escapeRegExpChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** The body of a gitignore pattern as a regular expression, matched against a path relative to
 *  the .gitignore's folder. */
function patternToRegExpSource(pattern: string): string {
  let out = '';
  const n = pattern.length;
  let i = 0;
  while (i < n) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < n) {
      out += escapeRegExpChar(pattern[i + 1]!);
      i += 2;
      continue;
    }
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        const atStart = i === 0 || pattern[i - 1] === '/';
        let j = i + 2;
        while (pattern[j] === '*') j++;
        if (atStart && pattern[j] === '/') {
          // "**/" — zero or more leading folders.
          out += '(?:.*/)?';
          i = j + 1;
          continue;
        }
        if (atStart && j === n) {
          // Trailing "/**" — everything inside, not the folder itself.
          out += '.+';
          i = j;
          continue;
        }
        // Any other "**" is an ordinary star in git.
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
      let j = i + 1;
      if (pattern[j] === '!' || pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      const close = pattern.indexOf(']', j);
      if (close > 0) {
        let body = pattern.slice(i + 1, close);
        let negate = false;
        if (body.startsWith('!') || body.startsWith('^')) {
          negate = true;
          body = body.slice(1);
        }
        body = body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]').replace(/\[/g, '\\[');
        out += negate ? `[^/${body}]` : `[${body}]`;
        i = close + 1;
        continue;
      }
    }
    out += escapeRegExpChar(ch);
    i++;
  }
  return out;
}

/** Parses one line of a .gitignore; undefined for blanks and comments. */
export function parseIgnoreLine(line: string): IgnoreRule | undefined {
  let p = line.replace(/\r$/, '');
  // Trailing spaces are dropped unless escaped with a backslash.
  p = p.replace(/(?<!\\)\s+$/, '');
  if (p.endsWith('\\ ')) p = p.slice(0, -2) + ' ';
  if (p === '' || p.startsWith('#')) return undefined;
  let negate = false;
  if (p.startsWith('!')) {
    negate = true;
    p = p.slice(1);
  } else if (p.startsWith('\\!') || p.startsWith('\\#')) {
    p = p.slice(1);
  }
  let dirOnly = false;
  if (p.endsWith('/') && !p.endsWith('\\/')) {
    dirOnly = true;
    p = p.replace(/\/+$/, '');
  }
  if (p === '') return undefined;
  // A slash anywhere but the end anchors the pattern to the .gitignore's folder.
  const anchored = p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  const body = patternToRegExpSource(p);
  const regex = new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`);
  return { source: line, negate, dirOnly, anchored, body, regex };
}

/**
 * Rules per combined expression: V8's compile time grows faster than the expression (1,000 lines
 * take 50 ms, 3,000 take 300 ms), so a long ignore file gets several expressions of this many.
 */
const RULES_PER_EXPRESSION = 256;

/**
 * Whether any of a set of rules matches a path, in a few calls into the regular-expression engine
 * instead of one per rule. A pattern without a slash matches the path's last part, so those rules
 * are asked together about the last part alone: asked about the whole path, each would try every
 * slash in it as the start of that part.
 */
class AnyRule {
  private readonly wholePath: RegExp[];
  private readonly lastPart: RegExp[];

  constructor(rules: readonly IgnoreRule[]) {
    this.wholePath = combined(rules.filter((rule) => rule.anchored));
    this.lastPart = combined(rules.filter((rule) => !rule.anchored));
  }

  matches(relPath: string): boolean {
    if (this.lastPart.length > 0) {
      const lastPart = relPath.slice(relPath.lastIndexOf('/') + 1);
      for (const expression of this.lastPart) if (expression.test(lastPart)) return true;
    }
    for (const expression of this.wholePath) if (expression.test(relPath)) return true;
    return false;
  }
}

/** Expressions that together match what any rule's body matches, whole. */
function combined(rules: readonly IgnoreRule[]): RegExp[] {
  const expressions: RegExp[] = [];
  for (let from = 0; from < rules.length; from += RULES_PER_EXPRESSION) {
    const part = rules.slice(from, from + RULES_PER_EXPRESSION);
    expressions.push(new RegExp(`^(?:${part.map((rule) => rule.body).join('|')})$`));
  }
  return expressions;
}

/** The rules of one ignore file. */
export class GitIgnore {
  readonly rules: readonly IgnoreRule[];
  /**
   * Whether any rule matches a folder, or a file (whose test skips the folder-only rules). Most
   * paths match no rule, and in a file of many lines (git's own has 263) they are answered without
   * a test per line; a path that matches is judged line by line, where the last matching line wins.
   */
  private readonly anyForFolder: AnyRule;
  private readonly anyForFile: AnyRule;

  constructor(rules: readonly IgnoreRule[]) {
    this.rules = rules;
    this.anyForFolder = new AnyRule(rules);
    this.anyForFile = new AnyRule(rules.filter((rule) => !rule.dirOnly));
  }

  static parse(content: string): GitIgnore {
    const rules: IgnoreRule[] = [];
    for (const line of content.split('\n')) {
      const rule = parseIgnoreLine(line);
      if (rule) rules.push(rule);
    }
    return new GitIgnore(rules);
  }

  /**
   * The verdict of this file alone for a path relative to its folder: true ignored, false
   * re-included by a negation, undefined when no line matches. The last matching line wins.
   */
  test(relPath: string, isDir: boolean): boolean | undefined {
    if (!(isDir ? this.anyForFolder : this.anyForFile).matches(relPath)) return undefined;
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i]!;
      if (rule.dirOnly && !isDir) continue;
      if (rule.regex.test(relPath)) return !rule.negate;
    }
    return undefined;
  }
}

interface Layer {
  /** Folder of the ignore file relative to the root, '' for the root, without trailing slash. */
  base: string;
  ignore: GitIgnore;
}

/**
 * The ignore files in effect for a folder walk. Deeper files override shallower ones, as in git.
 * The walker pushes a layer when it enters a folder with a .gitignore and never descends into an
 * ignored folder, which is how git makes files under an excluded folder impossible to re-include.
 */
export class IgnoreStack {
  private readonly layers: Layer[];

  constructor(layers: Layer[] = []) {
    this.layers = layers;
  }

  /** A new stack with one more ignore file, for the folder `base` (relative to the root). */
  with(base: string, ignore: GitIgnore): IgnoreStack {
    if (ignore.rules.length === 0) return this;
    return new IgnoreStack([...this.layers, { base, ignore }]);
  }

  /** Whether a path relative to the root is ignored by the layers, judged on this path alone. */
  ignores(relPath: string, isDir: boolean): boolean {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const { base, ignore } = this.layers[i]!;
      let local: string;
      if (base === '') local = relPath;
      else if (relPath.startsWith(base + '/')) local = relPath.slice(base.length + 1);
      else continue;
      const verdict = ignore.test(local, isDir);
      if (verdict !== undefined) return verdict;
    }
    return false;
  }

  /** Whether a path is ignored, also counting excluded parent folders (for a single file check). */
  ignoresWithParents(relPath: string, isDir: boolean): boolean {
    const parts = relPath.split('/');
    for (let k = 1; k < parts.length; k++) {
      if (this.ignores(parts.slice(0, k).join('/'), true)) return true;
    }
    return this.ignores(relPath, isDir);
  }
}
