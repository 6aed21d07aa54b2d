// The notes one note is linked with in an index: those it links to (outgoing) and those that link
// to it (backlinks), each resolved by name (linkResolution.ts). The note may be in another index
// (a workspace note and a vault): then it has no outgoing links here, and its backlinks are the
// links here whose name is its name and that no note of this index answers to.

import { linkKey, NoteNames } from './linkResolution';

export interface LinkedNote {
  /** Path relative to the notes folder. */
  file: string;
  direction: 'outgoing' | 'backlink';
}

/**
 * `notes`: each indexed note's link targets, by path; `note`: the note's path in this index, or
 * undefined with `fileName` when it is not in it. Outgoing links first in the order written, then
 * backlinks by path; each note once, never the note itself.
 */
export function linkedNotes(
  notes: Readonly<Record<string, { links?: readonly string[] }>>,
  note: { path: string } | { fileName: string },
): LinkedNote[] {
  const names = new NoteNames(Object.keys(notes));
  const own = 'path' in note ? note.path : undefined;
  const ownKey = 'path' in note ? undefined : linkKey(note.fileName, { isNoteFile: true });
  const pointsHere = (target: string): boolean => {
    const resolved = names.resolve(target);
    if (own !== undefined) return resolved === own;
    return resolved === undefined && linkKey(target) === ownKey;
  };

  const linked = new Map<string, LinkedNote>();
  for (const target of (own !== undefined ? notes[own]?.links : undefined) ?? []) {
    const file = names.resolve(target);
    if (file !== undefined && file !== own && !linked.has(file)) linked.set(file, { file, direction: 'outgoing' });
  }
  for (const file of Object.keys(notes).sort()) {
    if (file === own || linked.has(file)) continue;
    if ((notes[file]!.links ?? []).some(pointsHere)) linked.set(file, { file, direction: 'backlink' });
  }
  return [...linked.values()];
}
