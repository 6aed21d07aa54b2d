// `local-focus search "<query>"`: searches a folder's notes as the editor's Search Notes does.
// The index is brought up to date first (a stat per file when nothing changed), so a search never
// answers from notes that were edited since; --no-update skips that for scripts that just indexed.
import { markSnippet } from '../core/notes/snippet';
import type { NoteSearchTier, NotesSearchResult } from '../core/notesProtocol';
import { UsageError } from './args';
import { printable } from './terminalText';
import type { CliCommand } from './command';
import { formatSeconds, indexNotes, NOTE_SCOPE_OPTIONS, noteScopeFromOptions, notesFolder, tierLine } from './indexCommand';

const TIERS: readonly NoteSearchTier[] = ['keyword', 'hybrid'];

/** A result as the CLI prints it: 1-based lines, as editors and grep print them. */
export interface SearchHit {
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

export function searchHits(result: NotesSearchResult): SearchHit[] {
  return result.results.map((r) => ({
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

export function formatSearch(query: string, result: NotesSearchResult, color: boolean): string {
  const [open, close] = color ? ['\x1b[1m', '\x1b[22m'] : ['**', '**'];
  const lines = [`${result.results.length} result${result.results.length === 1 ? '' : 's'} for "${query}" in ${result.folder} (${result.tier}, ${formatSeconds(result.ms)})`];
  if (result.reason) lines.push(tierLine(result));
  result.results.forEach((r, i) => {
    const where = printable(`${r.file}:${r.startLine + 1}`);
    const heading = printable(r.headingPath.length > 0 ? r.headingPath.join(' › ') : r.title);
    lines.push(`${String(i + 1).padStart(2)}. ${where}  ${heading}  (${r.score.toFixed(3)})`);
    // The note's own control characters are made visible before our bold codes go in.
    lines.push(`    ${markSnippet({ ...r.snippet, text: printable(r.snippet.text) }, open, close)}`);
  });
  if (result.results.length === 0 && result.indexed.chunks === 0) lines.push('The index is empty: no notes matched the include globs in this folder.');
  return lines.join('\n') + '\n';
}

export const searchCommand: CliCommand = {
  synopsis: 'search "<query>" [--path <folder>] [--k 10] [--tier keyword|hybrid] [--json] [--no-update]   search the notes of a folder',
  options: { path: { value: true }, k: { value: true }, tier: { value: true }, 'no-update': { value: false }, ...NOTE_SCOPE_OPTIONS },
  async run(ctx) {
    const query = ctx.args.join(' ').trim();
    if (!query) throw new UsageError(`'search' needs a query, e.g. local-focus search "rotate the payment key"`);
    const k = ctx.options.k === undefined ? 10 : Number(ctx.options.k);
    if (!Number.isInteger(k) || k < 1 || k > 100) throw new UsageError('--k must be a whole number from 1 to 100');
    const tier = ctx.options.tier === undefined ? 'hybrid' : String(ctx.options.tier);
    if (!(TIERS as readonly string[]).includes(tier)) throw new UsageError(`--tier must be one of ${TIERS.join(', ')}`);
    const folder = notesFolder(ctx.cwd, typeof ctx.options.path === 'string' ? ctx.options.path : undefined);

    if (!ctx.options['no-update']) await indexNotes(ctx, folder, noteScopeFromOptions(ctx.options));
    const result = await ctx.service.call('notes/search', { folder, query, k, tier: tier as NoteSearchTier }, ctx.signal);
    if (ctx.json) {
      const { results, ...rest } = result;
      void results;
      ctx.io.out(JSON.stringify({ query, ...rest, results: searchHits(result) }) + '\n');
    } else {
      ctx.io.out(formatSearch(query, result, Boolean(ctx.io.isTTY)));
    }
    return result.results.length > 0 ? 0 : 1;
  },
};
