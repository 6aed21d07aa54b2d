// Every TODO of the workspace as the last reads found it, per workspace folder and file, for the
// TODOs view. The TODO scan scheduler feeds it: a full scan replaces a folder's files, a save or a
// change on disk replaces only the files it read, so one edit never costs a rescan of the rest.
// Before a folder's first full scan reports, the TODOs its record held may stand in for it.
// Plain code (no vscode), with its own small change event, so it is tested without an editor.
import type { TodoMatch } from '../../core/todos/findTodos';

export interface TodoStoreChange {
  /** The workspace folder's key (its URI as a string). */
  folder: string;
  /** The relative paths whose TODOs changed; undefined when the whole folder was replaced. */
  paths?: string[];
}

type Listener = (change: TodoStoreChange) => void;

export class WorkspaceTodoStore {
  private readonly byFolder = new Map<string, Map<string, readonly TodoMatch[]>>();
  private readonly listeners = new Set<Listener>();
  /** Folders shown from the scan record while their full scan runs. */
  private readonly fromRecord = new Set<string>();

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Whether a full scan of the folder has reported yet (before that the view says it is scanning). */
  hasFolder(folder: string): boolean {
    return this.byFolder.has(folder) && !this.fromRecord.has(folder);
  }

  /** Whether the folder's TODOs are, for now, the ones its scan record held. */
  isFromRecord(folder: string): boolean {
    return this.fromRecord.has(folder);
  }

  /**
   * The TODOs a folder's scan record held, shown until its full scan reports. Only for a folder
   * with nothing yet: once a scan has reported, it is newer than any record.
   */
  showRecorded(folder: string, files: Iterable<readonly [string, readonly TodoMatch[]]>): boolean {
    if (this.byFolder.has(folder)) return false;
    this.fromRecord.add(folder);
    this.setFolder(folder, files);
    return true;
  }

  /** The folder's files that hold TODOs, by relative path (forward slashes). */
  files(folder: string): ReadonlyMap<string, readonly TodoMatch[]> {
    return this.byFolder.get(folder) ?? new Map();
  }

  /** A full scan's result: the folder holds exactly these files' TODOs now. */
  replaceFolder(folder: string, files: Iterable<readonly [string, readonly TodoMatch[]]>): void {
    this.fromRecord.delete(folder);
    this.setFolder(folder, files);
  }

  private setFolder(folder: string, files: Iterable<readonly [string, readonly TodoMatch[]]>): void {
    const next = new Map<string, readonly TodoMatch[]>();
    for (const [path, todos] of files) if (todos.length) next.set(path, todos);
    this.byFolder.set(folder, next);
    this.fire({ folder });
  }

  /**
   * New TODOs of some files, every other file left as it is. An empty list removes the path, and
   * anything under it: a deleted folder is reported as one path.
   */
  updateFiles(folder: string, files: ReadonlyMap<string, readonly TodoMatch[]>): void {
    const current = this.byFolder.get(folder);
    // Before the first full scan there is nothing to update; that scan brings these files too.
    if (!current) return;
    const changed: string[] = [];
    for (const [path, todos] of files) {
      if (todos.length === 0) {
        for (const known of [...current.keys()]) {
          if (known === path || known.startsWith(`${path}/`)) {
            current.delete(known);
            changed.push(known);
          }
        }
      } else if (!sameTodos(current.get(path), todos)) {
        current.set(path, todos);
        changed.push(path);
      }
    }
    if (changed.length) this.fire({ folder, paths: changed });
  }

  removeFolder(folder: string): void {
    this.fromRecord.delete(folder);
    if (this.byFolder.delete(folder)) this.fire({ folder });
  }

  private fire(change: TodoStoreChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}

/** Same tags, places and texts: a save that left the TODOs alone changes nothing in the view. */
function sameTodos(a: readonly TodoMatch[] | undefined, b: readonly TodoMatch[]): boolean {
  if (!a || a.length !== b.length) return false;
  return a.every((t, i) => {
    const o = b[i]!;
    return t.line === o.line && t.column === o.column && t.endLine === o.endLine && t.tag === o.tag && t.text === o.text && t.owner === o.owner;
  });
}
