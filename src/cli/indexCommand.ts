// `local-focus index [path…] [--path <folder>]…`: builds or updates the notes index of each folder,
// the same index (under <home>/indexes/) and the same code the editor uses, a notes folder outside
// any workspace included, and prints what changed and how long it took.
import { DEFAULT_NOTE_EXCLUDE, DEFAULT_NOTE_INCLUDE, skippedNotes, type NoteFileScope, type NotesIndexResult } from '../core/notesProtocol';
import { folderIndexesOf } from '../inference/features/notes';
import { progressMessage } from '../inference/features/notes/folderIndexes';
import type { CliCommand, CliContext } from './command';
import { notesFolders } from './notesFolderArgs';
import { printable } from './terminalText';

export const NOTE_SCOPE_OPTIONS = { include: { value: true }, exclude: { value: true }, 'no-gitignore': { value: false } };
/** `--path <folder>`, as often as there are folders. */
export const PATH_OPTION = { path: { value: true, repeatable: true } };

function globList(value: string | boolean | undefined): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  const globs = value.split(',').map((g) => g.trim()).filter(Boolean);
  return globs.length > 0 ? globs : undefined;
}

export function noteScopeFromOptions(options: CliContext['options']): NoteFileScope {
  return {
    include: globList(options.include) ?? [...DEFAULT_NOTE_INCLUDE],
    exclude: globList(options.exclude) ?? [...DEFAULT_NOTE_EXCLUDE],
    respectGitignore: !options['no-gitignore'],
  };
}

/** Runs notes/index, drawing its progress on stderr when that is a terminal. */
export async function indexNotes(ctx: CliContext, folder: string, scope: NoteFileScope): Promise<NotesIndexResult> {
  const live = Boolean(ctx.io.isTTY) && !ctx.json;
  // Waiting for another process (the editor indexing the same folder) is said even when stderr is
  // not a terminal: a pre-commit hook or a script would otherwise seem to hang.
  const stop = folderIndexesOf(ctx.service).onProgress((p) => {
    if (live) ctx.io.err(`\r${progressMessage(p)}\x1b[K`);
    else if (p.phase === 'waiting') ctx.io.err(`${progressMessage(p)}…\n`);
  });
  try {
    return await ctx.service.call('notes/index', { folder, ...scope }, ctx.signal);
  } finally {
    stop();
    if (live) ctx.io.err('\r\x1b[K');
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** One line on the search tier: hybrid, or keyword with why and how to get the model. */
export function tierLine(r: Pick<NotesIndexResult, 'tier' | 'reason' | 'hint'>): string {
  if (r.tier === 'hybrid') return 'Search: hybrid (local embeddings + keyword)';
  if (r.tier === 'dense') return 'Search: dense (local embeddings)';
  return `Search: keyword only${r.reason ? ` (${r.reason})` : ''}${r.hint ? `. ${r.hint}` : ''}`;
}

export function formatIndexResult(r: NotesIndexResult): string {
  const lines = [
    `Indexed ${r.folder}: ${r.filesInScope} note${r.filesInScope === 1 ? '' : 's'} (${r.filesAdded} added, ${r.filesChanged} changed, ${r.filesDeleted} deleted, ${r.filesUnchanged} unchanged)`,
    `Chunks: ${r.chunksAdded} added, ${r.chunksEmbedded} embedded, ${r.chunksRemoved} removed in ${formatSeconds(r.ms)}`,
    `Index: ${r.stats.files} files, ${r.stats.chunks} chunks, ${r.stats.vectors} vectors, ${formatBytes(r.stats.bytesOnDisk)} in ${r.stats.indexDir}`,
    tierLine(r),
  ];
  if (r.filesSkipped) {
    const { listed, more } = skippedNotes(r);
    lines.push(`Not indexed: ${r.filesSkipped} file${r.filesSkipped === 1 ? '' : 's'}`, ...listed.map((l) => `  ${printable(l)}`), ...(more > 0 ? [`  and ${more} more (see the log)`] : []));
  }
  if (r.rebuildReason) lines.push(`Rebuilt from scratch: ${r.rebuildReason}`);
  if (r.paused) lines.push(`Paused with ${r.pendingChunks ?? 0} chunks left to embed; run it again to continue.`);
  return lines.join('\n') + '\n';
}

export const indexCommand: CliCommand = {
  synopsis:
    'index [path…] [--path <folder>]… [--json] [--include glob,glob] [--exclude glob,glob] [--no-gitignore]   build or update the notes index of each folder (default: this one)',
  options: { ...PATH_OPTION, ...NOTE_SCOPE_OPTIONS },
  async run(ctx) {
    const folders = notesFolders(ctx.cwd, [...ctx.args, ...(ctx.repeated.path ?? [])]);
    const scope = noteScopeFromOptions(ctx.options);
    // One folder after the other: they share the embedding model, and a line per folder (JSON: one
    // object per line, with the folder's label) comes out as soon as that folder is done.
    for (const folder of folders) {
      const result = await indexNotes(ctx, folder.path, scope);
      ctx.io.out(ctx.json ? JSON.stringify({ ...result, folderLabel: folder.label }) + '\n' : formatIndexResult(result));
    }
    return 0;
  },
};
