// Reads `git diff` output (or any unified diff) so a diff review can tell which lines of the new
// file a change touched. Hunk line counts, not the look of a line, decide where a hunk ends: a
// removed line reading "-- x" must not be taken for a file header.

export type FileChangeStatus = 'added' | 'deleted' | 'modified' | 'renamed' | 'copied';

export type DiffLineKind = 'context' | 'add' | 'delete';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** 1-based line in the old file (context and delete lines). */
  oldLine?: number;
  /** 1-based line in the new file (context and add lines). */
  newLine?: number;
  /** Followed by "\ No newline at end of file". */
  noNewlineAtEnd?: boolean;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Text after the second @@, usually the enclosing function. */
  section: string;
  lines: DiffLine[];
}

export interface FileDiff {
  /** Path before the change, prefix such as a/ removed; null for an added file. */
  oldPath: string | null;
  /** Path after the change; null for a deleted file. */
  newPath: string | null;
  status: FileChangeStatus;
  binary: boolean;
  hunks: DiffHunk[];
  /** New-file lines added or modified: the lines a diff review may comment on. */
  changedLines: Set<number>;
  /**
   * New-file lines right after which old lines were removed without replacement (0 = the top of the
   * file). A review may want to flag those spots; they are not in changedLines.
   */
  deletionPoints: number[];
}

export interface ParseDiffOptions {
  /**
   * Removes git's one-letter source prefixes (a/ b/, or i/ w/ c/ o/ with diff.mnemonicPrefix).
   * Default true; pass false for `git diff --no-prefix` output.
   */
  stripPrefixes?: boolean;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

export function parseUnifiedDiff(diffText: string, options: ParseDiffOptions = {}): FileDiff[] {
  const lines = diffText.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const reader = new UnifiedDiffReader(options.stripPrefixes ?? true);
  let i = 0;
  while (i < lines.length) i += reader.read(lines[i], lines[i + 1]);
  return reader.finish();
}

/** Reads a unified diff line by line: the state is the file and the hunk being read. */
class UnifiedDiffReader {
  private readonly files: FileDiff[] = [];
  private file: FileDiff | undefined;
  private hunk: DiffHunk | undefined;
  /** Lines of each side that the hunk header announced and that are still to come. */
  private oldLeft = 0;
  private newLeft = 0;
  /** The line numbers, in the old and the new file, of the hunk's next line. */
  private oldNo = 0;
  private newNo = 0;
  private lastLine: DiffLine | undefined;
  /** A combined diff (`diff --cc`, merge conflicts) has a different hunk format; its files are skipped. */
  private skipping = false;

  constructor(private readonly strip: boolean) {}

  /** Reads one line, or two for a `---` line followed by `+++`; returns how many it read. */
  read(line: string, next: string | undefined): number {
    if (this.readHunkLine(line)) return 1;
    if (line.startsWith('\\') && this.lastLine) {
      this.lastLine.noNewlineAtEnd = true;
      return 1;
    }
    if (this.readDiffHeader(line) || this.skipping) return 1;
    if (line.startsWith('--- ') && next?.startsWith('+++ ')) {
      this.readFileHeader(line, next);
      return 2;
    }
    if (this.file && !this.readHunkHeader(line, this.file)) readExtendedHeader(line, this.file);
    return 1;
  }

  finish(): FileDiff[] {
    for (const f of this.files) {
      if (f.status === 'added') f.oldPath = null;
      if (f.status === 'deleted') f.newPath = null;
      f.deletionPoints = deletionPoints(f);
    }
    return this.files;
  }

  /** A line the open hunk's header counted; false when no hunk is open or the line ends it. */
  private readHunkLine(line: string): boolean {
    if (!this.hunk || (this.oldLeft === 0 && this.newLeft === 0)) return false;
    if (line[0] === '\\') {
      if (this.lastLine) this.lastLine.noNewlineAtEnd = true;
      return true;
    }
    const entry = this.countedLine(line);
    if (!entry) {
      // Not a hunk line, or one side's count is used up: the header lied, so the hunk ends here.
      this.hunk = undefined;
      return false;
    }
    this.hunk.lines.push(entry);
    this.lastLine = entry;
    return true;
  }

  /** The line as the hunk's next context, added or deleted line; undefined when its side has no line left. */
  private countedLine(line: string): DiffLine | undefined {
    const marker = line[0];
    // Some tools strip the single space of an empty context line.
    const kind: DiffLineKind | undefined = marker === ' ' || line === '' ? 'context' : marker === '+' ? 'add' : marker === '-' ? 'delete' : undefined;
    const text = line.slice(1);
    if (kind === 'context' && this.oldLeft > 0 && this.newLeft > 0) {
      this.oldLeft--;
      this.newLeft--;
      return { kind, text, oldLine: this.oldNo++, newLine: this.newNo++ };
    }
    if (kind === 'add' && this.newLeft > 0) {
      this.file!.changedLines.add(this.newNo);
      this.newLeft--;
      return { kind, text, newLine: this.newNo++ };
    }
    if (kind === 'delete' && this.oldLeft > 0) {
      this.oldLeft--;
      return { kind, text, oldLine: this.oldNo++ };
    }
    return undefined;
  }

  /** `diff --git` starts a file; `diff --cc` and `diff --combined` start one that is skipped. */
  private readDiffHeader(line: string): boolean {
    if (line.startsWith('diff --git ')) {
      this.skipping = false;
      this.file = this.startFile();
      this.hunk = undefined;
      const paths = parseGitHeaderPaths(line.slice('diff --git '.length));
      if (paths) {
        this.file.oldPath = stripPrefix(paths[0], this.strip);
        this.file.newPath = stripPrefix(paths[1], this.strip);
      }
      return true;
    }
    if (line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
      this.skipping = true;
      this.file = undefined;
      this.hunk = undefined;
      return true;
    }
    return false;
  }

  /** Inside a `diff --git` section the `---` and `+++` lines name its file; after hunks they start a new one. */
  private readFileHeader(oldLine: string, newLine: string): void {
    if (!this.file || this.file.hunks.length > 0) this.file = this.startFile();
    const oldPath = parseFilePath(oldLine.slice(4));
    const newPath = parseFilePath(newLine.slice(4));
    this.file.oldPath = oldPath === null ? null : stripPrefix(oldPath, this.strip);
    this.file.newPath = newPath === null ? null : stripPrefix(newPath, this.strip);
    if (oldPath === null) this.file.status = 'added';
    else if (newPath === null) this.file.status = 'deleted';
  }

  /** `@@ -a,b +c,d @@` opens a hunk of the file. */
  private readHunkHeader(line: string, file: FileDiff): boolean {
    const header = HUNK_HEADER.exec(line);
    if (!header) return false;
    this.oldNo = Number(header[1]);
    this.oldLeft = header[2] === undefined ? 1 : Number(header[2]);
    this.newNo = Number(header[3]);
    this.newLeft = header[4] === undefined ? 1 : Number(header[4]);
    // An empty side's start names the line before the hunk; the next line is start + 1.
    if (this.oldLeft === 0) this.oldNo++;
    if (this.newLeft === 0) this.newNo++;
    this.hunk = { oldStart: Number(header[1]), oldLines: this.oldLeft, newStart: Number(header[3]), newLines: this.newLeft, section: header[5] ?? '', lines: [] };
    file.hunks.push(this.hunk);
    this.lastLine = undefined;
    return true;
  }

  private startFile(): FileDiff {
    const f: FileDiff = { oldPath: null, newPath: null, status: 'modified', binary: false, hunks: [], changedLines: new Set(), deletionPoints: [] };
    this.files.push(f);
    return f;
  }
}

/** Git's extended header lines between `diff --git` and the hunks: file mode, rename, copy, binary. */
function readExtendedHeader(line: string, file: FileDiff): void {
  if (line.startsWith('new file mode')) file.status = 'added';
  else if (line.startsWith('deleted file mode')) file.status = 'deleted';
  else if (line.startsWith('rename from ')) {
    file.status = 'renamed';
    file.oldPath = unquote(line.slice('rename from '.length));
  } else if (line.startsWith('rename to ')) {
    file.status = 'renamed';
    file.newPath = unquote(line.slice('rename to '.length));
  } else if (line.startsWith('copy from ')) {
    file.status = 'copied';
    file.oldPath = unquote(line.slice('copy from '.length));
  } else if (line.startsWith('copy to ')) {
    file.status = 'copied';
    file.newPath = unquote(line.slice('copy to '.length));
  } else if (line.startsWith('Binary files ') || line === 'GIT binary patch') file.binary = true;
}

function deletionPoints(file: FileDiff): number[] {
  const points: number[] = [];
  for (const hunk of file.hunks) {
    for (let k = 0; k < hunk.lines.length; k++) {
      const l = hunk.lines[k];
      if (l.kind !== 'delete') continue;
      const prev = hunk.lines[k - 1];
      if (prev && prev.kind === 'delete') continue;
      // Find what follows the run of deletions; a replacement (adds) is a change, not a deletion.
      let j = k;
      while (j < hunk.lines.length && hunk.lines[j].kind === 'delete') j++;
      const next = hunk.lines[j];
      if (next && next.kind === 'add') continue;
      if (prev && prev.kind === 'add') continue;
      const before = prev?.newLine ?? (hunk.newLines === 0 ? hunk.newStart : hunk.newStart - 1);
      points.push(before);
    }
  }
  return points;
}

function parseGitHeaderPaths(rest: string): [string, string] | undefined {
  if (rest.startsWith('"')) {
    const first = readQuoted(rest, 0);
    if (!first) return undefined;
    const second = rest.slice(first.end).trimStart();
    return [first.value, second.startsWith('"') ? readQuoted(second, 0)?.value ?? second : second];
  }
  const quotedSecond = rest.indexOf(' "');
  if (quotedSecond >= 0) {
    const second = readQuoted(rest, quotedSecond + 1);
    if (second) return [rest.slice(0, quotedSecond), second.value];
  }
  // Unquoted paths with spaces are ambiguous; without a rename both halves are the same path.
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ' && rest.slice(0, half).replace(/^[^/]*\//, '') === rest.slice(half + 1).replace(/^[^/]*\//, '')) {
    return [rest.slice(0, half), rest.slice(half + 1)];
  }
  const m = /^(\S+) (\S+)$/.exec(rest);
  return m ? [m[1], m[2]] : undefined;
}

/** `--- a/path\t2024-01-01 ...` → the path; /dev/null → null. */
function parseFilePath(field: string): string | null {
  const value = field.startsWith('"') ? readQuoted(field, 0)?.value ?? field : field.split('\t')[0].trimEnd();
  return value === '/dev/null' ? null : value;
}

function stripPrefix(path: string, strip: boolean): string {
  return strip ? path.replace(/^[abciow12]\//, '') : path;
}

function unquote(value: string): string {
  return value.startsWith('"') ? readQuoted(value, 0)?.value ?? value : value;
}

const C_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Git quotes unusual paths C-style, with octal escapes for the UTF-8 bytes of non-ASCII characters. */
function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  const bytes: number[] = [];
  let k = start + 1;
  while (k < text.length && text[k] !== '"') {
    if (text[k] === '\\') {
      const next = text[k + 1];
      if (/[0-7]/.test(next)) {
        const oct = /^[0-7]{1,3}/.exec(text.slice(k + 1))![0];
        bytes.push(parseInt(oct, 8));
        k += 1 + oct.length;
        continue;
      }
      for (const b of Buffer.from(C_ESCAPES[next] ?? next, 'utf8')) bytes.push(b);
      k += 2;
      continue;
    }
    for (const b of Buffer.from(text[k], 'utf8')) bytes.push(b);
    k++;
  }
  if (k >= text.length) return undefined;
  return { value: Buffer.from(bytes).toString('utf8'), end: k + 1 };
}

/** The new-file line an old-file line ended up on, or undefined when the diff deleted it. */
export function mapOldLineToNew(file: FileDiff, oldLine: number): number | undefined {
  let shift = 0;
  for (const hunk of file.hunks) {
    const oldFirst = hunk.oldLines === 0 ? hunk.oldStart + 1 : hunk.oldStart;
    if (oldLine < oldFirst) break;
    const oldLast = oldFirst + hunk.oldLines - 1;
    if (oldLine <= oldLast) {
      const hit = hunk.lines.find((l) => l.oldLine === oldLine);
      return hit?.kind === 'context' ? hit.newLine : undefined;
    }
    shift += hunk.newLines - hunk.oldLines;
  }
  return oldLine + shift;
}

/** The old-file line a new-file line came from, or undefined when the diff added it. */
export function mapNewLineToOld(file: FileDiff, newLine: number): number | undefined {
  let shift = 0;
  for (const hunk of file.hunks) {
    const newFirst = hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart;
    if (newLine < newFirst) break;
    const newLast = newFirst + hunk.newLines - 1;
    if (newLine <= newLast) {
      const hit = hunk.lines.find((l) => l.newLine === newLine);
      return hit?.kind === 'context' ? hit.oldLine : undefined;
    }
    shift += hunk.oldLines - hunk.newLines;
  }
  return newLine + shift;
}

/** The diff of one file, matched on its new path (or old path for deletions), separators normalised. */
export function findFileDiff(files: readonly FileDiff[], path: string): FileDiff | undefined {
  const norm = (p: string): string => p.replace(/\\/g, '/').replace(/^\.\//, '');
  const wanted = norm(path);
  return (
    files.find((f) => f.newPath !== null && norm(f.newPath) === wanted) ??
    files.find((f) => f.newPath !== null && (wanted.endsWith('/' + norm(f.newPath)) || norm(f.newPath).endsWith('/' + wanted))) ??
    files.find((f) => f.oldPath !== null && norm(f.oldPath) === wanted)
  );
}

/**
 * Whether the text holds a unified diff: a `---` file line, then `+++`, then a hunk header. No
 * code of a language the heuristics read has these three lines in a row, so a file that does is a
 * patch (often named after the file it patches, `fix.h`), and its lines are not code to check.
 */
export function holdsUnifiedDiff(text: string): boolean {
  return /^--- .*\r?\n\+\+\+ .*\r?\n@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/m.test(text);
}
