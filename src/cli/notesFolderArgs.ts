// The folders a notes command (`index`, `search`) works on: every folder named on the line (as
// arguments or as `--path`, which may be repeated), else the current folder. Each is checked, a
// leading ~ counts as the home folder (`--path=~/notes` reaches us unexpanded by the shell), and
// each gets the label its results are shown with, the same label the editor gives a notes folder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { folderLabels } from '../core/notes/folderLabels';
import { expandTilde } from '../core/notes/notesFolders';
import { UsageError } from './args';

export interface CliNotesFolder {
  /** Absolute: the index's key, the same the editor uses for this folder. */
  path: string;
  label: string;
}

/** One folder: the path given (relative to `cwd`, or ~), else the current folder. */
export function notesFolder(cwd: string, given: string | undefined): string {
  const folder = path.resolve(cwd, expandTilde(given ?? '.', os.homedir()));
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch {
    throw new UsageError(`no folder at ${given ?? '.'}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`${given} is a file; give the folder that holds the notes`);
  return folder;
}

/** The folders named, each once, in the order given; none named is the current folder. */
export function notesFolders(cwd: string, given: readonly string[]): CliNotesFolder[] {
  const paths = given.length > 0 ? given.map((g) => notesFolder(cwd, g)) : [notesFolder(cwd, undefined)];
  const unique = [...new Set(paths)];
  const labels = folderLabels(unique);
  return unique.map((p, i) => ({ path: p, label: labels[i]! }));
}
