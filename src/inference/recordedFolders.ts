// The folders of the persisted scan record (src/core/todos/scanRecord.ts), as the walk uses them.
// A folder's mtime changes when an entry in it is added, removed or renamed, so a folder whose
// stamp is the recorded one holds the same entries, and its listing is the recorded one as long
// as the rules that filtered it are the same: its own ignore files (stamped), and every ignore
// file above it (a change there makes the whole subtree listed again). The excludes, the use of
// ignore files and the scanner are part of the record's key. Folders changed less than 2 s before
// the scan are listed again next time, for the same reason as files (recordedVerdicts.ts).

import { sameRules, sameStamp, type FileStamp, type RecordedFolder } from '../core/todos/scanRecord';
import type { IgnoreStack } from '../core/todos/ignore';
import { RACY_MARGIN_MS } from './recordedVerdicts';
import { stampOf, type FolderListing, type FolderRecords, type ListedFolder, type WalkFolder } from './scanWalk';
import { join } from 'node:path';

export class RecordedFolders implements FolderRecords {
  /** The next record's folders: the reused entries and what this scan listed. */
  readonly next = new Map<string, RecordedFolder>();
  /** Folders listed from the record, not from the disk. */
  reused = 0;
  private fresh = 0;

  constructor(
    private readonly previous: ReadonlyMap<string, RecordedFolder>,
    /** Wall-clock time the scan started, in the file system's clock (Date.now()). */
    private readonly startedAt: number,
    private readonly absRoot: string,
  ) {}

  reuse(folder: WalkFolder, ownIgnores: (hasGitignore: boolean) => () => IgnoreStack): ListedFolder | undefined {
    const recorded = this.previous.get(folder.rel);
    if (!recorded || folder.rulesChanged) return undefined;
    const stamp = stampOf(folder.absDir);
    if (!stamp || !sameStamp(stamp, recorded.stamp) || !sameRules(this.ruleStamps(folder, recorded), recorded.rules)) return undefined;
    this.next.set(folder.rel, recorded);
    this.reused++;
    const hasGitignore = recorded.rules.length > 0 && recorded.rules[recorded.rules.length - 1] !== null;
    return { listing: recorded, ignores: ownIgnores(hasGitignore), rulesChanged: false };
  }

  remember(folder: WalkFolder, stamp: FileStamp | undefined, rules: (FileStamp | null)[], listing: FolderListing): boolean {
    const recorded = this.previous.get(folder.rel);
    const rulesChanged = folder.rulesChanged || !recorded || !sameRules(rules, recorded.rules);
    const settled = (s: FileStamp | null | undefined): boolean => !!s && Math.max(s.mtimeMs, s.ctimeMs) <= this.startedAt - RACY_MARGIN_MS;
    if (stamp && settled(stamp) && rules.every((r) => r === null || settled(r))) {
      this.next.set(folder.rel, { stamp, rules, ...listing });
      this.fresh++;
    }
    return rulesChanged;
  }

  /** Whether the next record's folders differ from the previous record's. */
  get changed(): boolean {
    return this.fresh > 0 || this.next.size !== this.previous.size;
  }

  /**
   * The ignore files' stamps now, in the record's order. A .gitignore the record says was not in
   * the folder is still not there while the folder's stamp is unchanged; .git/info/exclude lies
   * in another folder and is always stamped.
   */
  private ruleStamps(folder: WalkFolder, recorded: RecordedFolder): (FileStamp | null)[] {
    const gitignore = recorded.rules.length > 0 && recorded.rules[recorded.rules.length - 1] !== null ? (stampOf(join(folder.absDir, '.gitignore')) ?? null) : null;
    if (recorded.rules.length === 0) return [];
    return folder.rel === '' ? [stampOf(join(this.absRoot, '.git', 'info', 'exclude')) ?? null, gitignore] : [gitignore];
  }
}
