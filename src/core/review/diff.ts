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
  const strip = options.stripPrefixes ?? true;
  const lines = diffText.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const files: FileDiff[] = [];
  let file: FileDiff | undefined;
  let hunk: DiffHunk | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  let oldNo = 0;
  let newNo = 0;
  let lastLine: DiffLine | undefined;
  // A combined diff (`diff --cc`, merge conflicts) has a different hunk format; its files are skipped.
  let skipping = false;

  const startFile = (): FileDiff => {
    const f: FileDiff = { oldPath: null, newPath: null, status: 'modified', binary: false, hunks: [], changedLines: new Set(), deletionPoints: [] };
    files.push(f);
    return f;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];

    if (hunk && (oldLeft > 0 || newLeft > 0)) {
      const marker = line[0];
      if (marker === '\\') {
        if (lastLine) lastLine.noNewlineAtEnd = true;
        continue;
      }
      // Some tools strip the single space of an empty context line.
      const kind: DiffLineKind | undefined = marker === ' ' || line === '' ? 'context' : marker === '+' ? 'add' : marker === '-' ? 'delete' : undefined;
      if (kind) {
        const text = line.slice(1);
        let entry: DiffLine | undefined;
        if (kind === 'context' && oldLeft > 0 && newLeft > 0) {
          entry = { kind, text, oldLine: oldNo++, newLine: newNo++ };
          oldLeft--;
          newLeft--;
        } else if (kind === 'add' && newLeft > 0) {
          entry = { kind, text, newLine: newNo };
          file!.changedLines.add(newNo++);
          newLeft--;
        } else if (kind === 'delete' && oldLeft > 0) {
          entry = { kind, text, oldLine: oldNo++ };
          oldLeft--;
        }
        if (entry) {
          hunk.lines.push(entry);
          lastLine = entry;
          continue;
        }
        hunk = undefined; // one side's count is used up: the header lied, so the hunk ends here
      } else {
        hunk = undefined;
      }
    }
    if (line.startsWith('\\') && lastLine) {
      lastLine.noNewlineAtEnd = true;
      continue;
    }

    if (line.startsWith('diff --git ')) {
      skipping = false;
      file = startFile();
      hunk = undefined;
      const paths = parseGitHeaderPaths(line.slice('diff --git '.length));
      if (paths) {
        file.oldPath = stripPrefix(paths[0], strip);
        file.newPath = stripPrefix(paths[1], strip);
      }
      continue;
    }
    if (line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
      skipping = true;
      file = undefined;
      hunk = undefined;
      continue;
    }
    if (skipping) continue;

    if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      // Inside a `diff --git` section these lines name its file; after hunks they start a new one.
      if (!file || file.hunks.length > 0) file = startFile();
      const oldPath = parseFilePath(line.slice(4));
      const newPath = parseFilePath(lines[i + 1].slice(4));
      file.oldPath = oldPath === null ? null : stripPrefix(oldPath, strip);
      file.newPath = newPath === null ? null : stripPrefix(newPath, strip);
      if (oldPath === null) file.status = 'added';
      else if (newPath === null) file.status = 'deleted';
      i++;
      continue;
    }
    if (!file) continue;

    const header = HUNK_HEADER.exec(line);
    if (header) {
      oldNo = Number(header[1]);
      oldLeft = header[2] === undefined ? 1 : Number(header[2]);
      newNo = Number(header[3]);
      newLeft = header[4] === undefined ? 1 : Number(header[4]);
      // An empty side's start names the line before the hunk; the next line is start + 1.
      if (oldLeft === 0) oldNo++;
      if (newLeft === 0) newNo++;
      hunk = { oldStart: Number(header[1]), oldLines: oldLeft, newStart: Number(header[3]), newLines: newLeft, section: header[5] ?? '', lines: [] };
      file.hunks.push(hunk);
      lastLine = undefined;
      continue;
    }
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

  for (const f of files) {
    if (f.status === 'added') f.oldPath = null;
    if (f.status === 'deleted') f.newPath = null;
    f.deletionPoints = deletionPoints(f);
  }
  return files;
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
