// One notes search over several folders at once, as Search Notes, Find Related Notes and Ask Notes
// run it: each folder's index is asked in parallel, the lists are taken in turns by rank (scores of
// two indexes do not compare), and the worst folder's tier is the one reported. A folder whose
// search fails adds its error and the others still answer.
import type * as vscode from 'vscode';
import { toLocalFocusError } from '../../core/errors';
import { interleaveByRank } from '../../core/notes/interleaveByRank';
import type { NoteSearchResult, NoteSearchTier, NotesSearchResult } from '../../core/notesProtocol';
import type { LocalFocusApi } from '../featureApi';
import type { IndexedFolder } from './indexedFolders';

export interface FolderSearchAnswer {
  hits: { folder: IndexedFolder; result: NoteSearchResult }[];
  /** How many folders were searched: rows name their folder when there is more than one. */
  folders: number;
  tier?: NoteSearchTier;
  /** The worst tier's reason and hint: a worse folder's answer replaces them, absent ones included. */
  reason?: string | undefined;
  hint?: string | undefined;
  indexedChunks: number;
  errors: string[];
}

export interface FolderSearchOptions {
  /** Results asked of each folder. */
  perFolder: number;
  /** Results kept after merging. */
  rows: number;
  /** Find Related Notes' note, left out of the answer, its links and backlinks ranked in. */
  relatedNote?: string;
  /** Longer snippets: Ask Notes sends them to the model as its passages. */
  snippetChars?: number;
}

export async function searchFolders(api: LocalFocusApi, folders: readonly IndexedFolder[], query: string, token: vscode.CancellationToken, options: FolderSearchOptions): Promise<FolderSearchAnswer> {
  const answer: FolderSearchAnswer = { hits: [], folders: folders.length, indexedChunks: 0, errors: [] };
  const { relatedNote, snippetChars } = options;
  const lists = await Promise.all(
    folders.map(async (folder) => {
      try {
        const r: NotesSearchResult = await api.request(
          'notes/search',
          { folder: folder.path, query, k: options.perFolder, ...(relatedNote ? { excludeFile: relatedNote, relatedTo: relatedNote } : {}), ...(snippetChars ? { snippetChars } : {}) },
          token,
        );
        answer.indexedChunks += r.indexed.chunks;
        // The worst tier of any folder is the one to show.
        if (!answer.tier || r.tier === 'keyword') {
          answer.tier = r.tier;
          answer.reason = r.reason;
          answer.hint = r.hint;
        }
        return r.results.map((result) => ({ folder, result }));
      } catch (err) {
        const e = toLocalFocusError(err);
        if (e.code !== 'cancelled') {
          answer.errors.push(`${folder.label}: ${e.message}`);
          api.log.write('warn', `notes: search in ${folder.label} failed: ${e.code}: ${e.message}`);
        }
        return [];
      }
    }),
  );
  answer.hits = interleaveByRank(lists, options.rows);
  return answer;
}
