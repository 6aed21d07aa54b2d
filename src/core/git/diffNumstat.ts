// Reads `git diff --numstat -z` output: which files a diff touches, under which name each was
// before (rename detection on), and which of them git takes for binary. With -z git neither
// quotes nor escapes names, so any file name arrives as it is; a rename's record leaves its path
// field empty and puts the old and the new name in the two NUL-separated fields that follow.

export interface NumstatFile {
  /** The path after the change, repository-relative. */
  path: string;
  /** The path before it: the same as `path` unless the file was renamed or copied. */
  oldPath: string;
  /** git printed `-` for both counts: it found the file binary (or .gitattributes says so). */
  binary: boolean;
}

const COUNTS = /^(-|\d+)\t(-|\d+)\t/;

/** Every file record of `git diff --numstat -z`, in git's order. */
export function parseNumstatZ(output: string): NumstatFile[] {
  const fields = output.split('\0');
  const files: NumstatFile[] = [];
  for (let i = 0; i < fields.length; i++) {
    const counts = COUNTS.exec(fields[i]!);
    if (!counts) continue;
    const binary = counts[1] === '-' && counts[2] === '-';
    const name = fields[i]!.slice(counts[0].length);
    if (name !== '') {
      files.push({ path: name, oldPath: name, binary });
      continue;
    }
    const oldPath = fields[i + 1];
    const path = fields[i + 2];
    i += 2;
    if (oldPath && path) files.push({ path, oldPath, binary });
  }
  return files;
}
