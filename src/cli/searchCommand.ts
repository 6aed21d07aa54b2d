// `local-focus search "<query>"`: searches the notes of one folder or several (`--path`, repeated:
// a project and a vault, ~/notes) as the editor's Search Notes does, each result labelled with the
// folder it comes from. Each index is brought up to date first (a stat per file when nothing
// changed), so a search never answers from notes that were edited since; --no-update skips that for
// scripts that just indexed. The query may hold `#tag` and `path:` filters, which the worker's
// search applies (src/core/notes/queryFilters.ts): `search "#baking path:journal/"`.
import { markSnippet } from '../core/notes/snippet';
import type { NoteSearchTier } from '../core/notesProtocol';
import { UsageError } from './args';
import type { CliCommand, CliContext } from './command';
import { formatSeconds, indexNotes, NOTE_SCOPE_OPTIONS, noteScopeFromOptions, PATH_OPTION, tierLine } from './indexCommand';
import { mergeFolderSearches, type FolderResult, type MergedSearch } from './mergedSearch';
import { notesFolders } from './notesFolderArgs';
import { printable } from './terminalText';

const TIERS: readonly NoteSearchTier[] = ['keyword', 'hybrid'];

/** A result as the CLI prints it: 1-based lines, as editors and grep print them. */
export interface SearchHit {
  /** The folder searched, absolute; `file` is relative to it. */
  folder: string;
  /** The folder's name (with parents where two names clash), as the text output shows it. */
  folderLabel: string;
  file: string;
  line: number;
  endLine: number;
  title: string;
  headingPath: string[];
  score: number;
  snippet: string;
  /** [start, end) offsets of the matched words in `snippet`. */
  highlights: Array<[number, number]>;
}

export function searchHits(results: readonly FolderResult[]): SearchHit[] {
  return results.map((r) => ({
    folder: r.folder,
    folderLabel: r.folderLabel,
    file: r.file,
    line: r.startLine + 1,
    endLine: r.endLine + 1,
    title: r.title,
    headingPath: r.headingPath,
    score: r.score,
    snippet: r.snippet.text,
    highlights: r.snippet.highlights,
  }));
}

/** Where the search looked: the folder, or the labels of several. */
function searchedWhere(search: MergedSearch): string {
  if (search.folders.length === 1) return search.folders[0]!.folder;
  return `${search.folders.length} folders (${search.folders.map((f) => f.folderLabel).join(', ')})`;
}

export function formatSearch(query: string, search: MergedSearch, color: boolean): string {
  const [open, close] = color ? ['\x1b[1m', '\x1b[22m'] : ['**', '**'];
  const several = search.folders.length > 1;
  const count = search.results.length;
  const lines = [`${count} result${count === 1 ? '' : 's'} for "${query}" in ${printable(searchedWhere(search))} (${search.tier}, ${formatSeconds(search.ms)})`];
  if (search.reason) lines.push(tierLine(search));
  search.results.forEach((r, i) => {
    // With several folders each row starts with its folder's label, as the editor's rows do.
    const where = printable(`${several ? `${r.folderLabel}/` : ''}${r.file}:${r.startLine + 1}`);
    const heading = printable(r.headingPath.length > 0 ? r.headingPath.join(' › ') : r.title);
    lines.push(`${String(i + 1).padStart(2)}. ${where}  ${heading}  (${r.score.toFixed(3)})`);
    // The note's own control characters are made visible before our bold codes go in.
    lines.push(`    ${markSnippet({ ...r.snippet, text: printable(r.snippet.text) }, open, close)}`);
  });
  if (count === 0 && search.indexed.chunks === 0) lines.push(`The index is empty: no notes matched the include globs in ${several ? 'these folders' : 'this folder'}.`);
  return lines.join('\n') + '\n';
}

/** The JSON answer: `folder` is the first folder searched (the only one, for scripts written for one). */
function searchJson(query: string, search: MergedSearch): string {
  const { results, ...rest } = search;
  return JSON.stringify({ query, folder: search.folders[0]!.folder, ...rest, results: searchHits(results) }) + '\n';
}

/**
 * Brings each --path folder's index up to date (unless --no-update) and searches them all, the
 * results merged by rank: what `search` prints and `ask` answers from.
 */
export async function searchNoteFolders(ctx: CliContext, request: { query: string; k: number; tier: NoteSearchTier; snippetChars?: number }): Promise<MergedSearch> {
  const folders = notesFolders(ctx.cwd, ctx.repeated.path ?? []);
  const searches = [];
  for (const folder of folders) {
    if (!ctx.options['no-update']) await indexNotes(ctx, folder.path, noteScopeFromOptions(ctx.options));
    const result = await ctx.service.call('notes/search', { folder: folder.path, ...request }, ctx.signal);
    searches.push({ folder, result });
  }
  return mergeFolderSearches(searches, request.k);
}

export const searchCommand: CliCommand = {
  synopsis:
    'search "<query>" [--path <folder>]… [--k 10] [--tier keyword|hybrid] [--json] [--no-update]   search the notes of a folder, or of several with one --path each',
  options: { ...PATH_OPTION, k: { value: true }, tier: { value: true }, 'no-update': { value: false }, ...NOTE_SCOPE_OPTIONS },
  async run(ctx) {
    const query = ctx.args.join(' ').trim();
    if (!query) throw new UsageError(`'search' needs a query, e.g. local-focus search "rotate the payment key"`);
    const k = ctx.options.k === undefined ? 10 : Number(ctx.options.k);
    if (!Number.isInteger(k) || k < 1 || k > 100) throw new UsageError('--k must be a whole number from 1 to 100');
    const tier = ctx.options.tier === undefined ? 'hybrid' : String(ctx.options.tier);
    if (!(TIERS as readonly string[]).includes(tier)) throw new UsageError(`--tier must be one of ${TIERS.join(', ')}`);
    const search = await searchNoteFolders(ctx, { query, k, tier: tier as NoteSearchTier });
    ctx.io.out(ctx.json ? searchJson(query, search) : formatSearch(query, search, Boolean(ctx.io.isTTY)));
    return search.results.length > 0 ? 0 : 1;
  },
};
