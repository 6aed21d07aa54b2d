// One answer from the searches of several folders (`local-focus search --path a --path b`): the
// results taken in turns by rank (scores of two indexes do not compare), each carrying the folder
// it comes from; the worst folder's tier, since that is what the merged list can be trusted for.
import { interleaveByRank } from '../core/notes/interleaveByRank';
import type { NoteSearchResult, NotesSearchResult } from '../core/notesProtocol';
import type { CliNotesFolder } from './notesFolderArgs';

export interface FolderSearched extends Omit<NotesSearchResult, 'results'> {
  folderLabel: string;
}

export interface FolderResult extends NoteSearchResult {
  /** The folder's absolute path: `file` is relative to it. */
  folder: string;
  folderLabel: string;
}

export interface MergedSearch extends Omit<NotesSearchResult, 'results' | 'folder'> {
  /** Each folder searched, with its own tier and counts. */
  folders: FolderSearched[];
  results: FolderResult[];
}

export function mergeFolderSearches(searches: readonly { folder: CliNotesFolder; result: NotesSearchResult }[], k: number): MergedSearch {
  const folders: FolderSearched[] = searches.map(({ folder, result }) => {
    const { results, ...rest } = result;
    void results;
    return { ...rest, folderLabel: folder.label };
  });
  const lists = searches.map(({ folder, result }) => result.results.map((r): FolderResult => ({ ...r, folder: folder.path, folderLabel: folder.label })));
  const worst = folders.find((f) => f.tier === 'keyword') ?? folders[0]!;
  return {
    tier: worst.tier,
    capabilityTier: worst.capabilityTier,
    ...(worst.reason ? { reason: worst.reason } : {}),
    ...(worst.hint ? { hint: worst.hint } : {}),
    ms: folders.reduce((sum, f) => sum + f.ms, 0),
    indexed: {
      files: folders.reduce((sum, f) => sum + f.indexed.files, 0),
      chunks: folders.reduce((sum, f) => sum + f.indexed.chunks, 0),
      vectors: folders.reduce((sum, f) => sum + f.indexed.vectors, 0),
    },
    folders,
    results: interleaveByRank(lists, k),
  };
}
