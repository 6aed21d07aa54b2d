// Which note a link means. As Obsidian does, by the note's file name without its extension,
// case-insensitively: `[[Project Alpha]]`, `[[projects/project alpha]]` and
// `[text](../projects/Project Alpha.md)` all mean projects/Project Alpha.md wherever it is in the
// folder. Resolving at search time from names, not from paths stored at indexing time, is what
// makes a renamed or moved note's links resolve again once the index has seen the rename.

import path from 'node:path';

/** A link target's or a note's name as links match it: the base name without a Markdown extension (any extension for a note file), lowercased. */
export function linkKey(target: string, { isNoteFile = false } = {}): string {
  const base = path.posix.basename(target.replace(/\\/g, '/'));
  const stripped = isNoteFile ? base.replace(/\.[^.]+$/, '') : base.replace(/\.(md|mdx|markdown)$/i, '');
  return stripped.toLowerCase();
}

/** The notes of one index by name, to resolve links against. */
export class NoteNames {
  private readonly byKey = new Map<string, string[]>();

  /** `files`: paths relative to the notes folder, '/' separated. */
  constructor(files: Iterable<string>) {
    for (const file of files) {
      const key = linkKey(file, { isNoteFile: true });
      const same = this.byKey.get(key);
      if (same) same.push(file);
      else this.byKey.set(key, [file]);
    }
    for (const same of this.byKey.values()) same.sort();
  }

  /**
   * The note `target` means, or undefined when no note has its name. Where several share the
   * name, the one whose path ends with the target as written wins (`[[journal/plan]]`), else the
   * first by path, so the answer never depends on the order files were indexed in.
   */
  resolve(target: string): string | undefined {
    const same = this.byKey.get(linkKey(target));
    if (!same) return undefined;
    if (same.length === 1) return same[0];
    const written = target.replace(/\\/g, '/').toLowerCase().replace(/\.(md|mdx|markdown)$/i, '');
    return same.find((file) => stripExtension(file.toLowerCase()).endsWith(written)) ?? same[0];
  }
}

function stripExtension(file: string): string {
  return file.replace(/\.[^./]+$/, '');
}
