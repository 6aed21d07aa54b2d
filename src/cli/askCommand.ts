// `local-focus ask "<question>"`: answers a question from the notes of one folder or several
// (--path, repeated), as the editor's Ask Notes does. The notes search's top passages go to the
// worker's notes/ask, which has a model answer from them alone, citing [n]; the sources list under
// the answer says which note and line each [n] is. With no model (or --tier rules) the passages are
// printed with the question's words marked, and the output says no model answered. On a terminal
// the answer streams as the model writes it (the sources follow); piped, it is printed whole once
// its citations are checked, so a script never reads a citation that was taken out.
import { askPassages, ASK_PASSAGE_CHARS, ASK_PASSAGE_COUNT, promptPassages, type SourcedPassage } from '../core/notes/ask/askPassages';
import { extractiveNotice } from '../core/notes/ask/extractive';
import { markSnippet } from '../core/notes/snippet';
import { isNotesAnswerPartial, type NotesAskParams, type NotesAskResult } from '../core/notesAskProtocol';
import { MAX_ASK_PASSAGES } from '../core/notesAskProtocol';
import { TIER_LABELS } from '../core/protocol';
import { UsageError } from './args';
import type { CliCommand, CliContext } from './command';
import { NOTE_SCOPE_OPTIONS, PATH_OPTION } from './indexCommand';
import { searchNoteFolders } from './searchCommand';
import { forcedTierOf, TIER_SOURCE } from './taskTiers';
import { printable } from './terminalText';

function passageCount(ctx: CliContext): number {
  const k = ctx.options.k === undefined ? ASK_PASSAGE_COUNT : Number(ctx.options.k);
  if (!Number.isInteger(k) || k < 1 || k > MAX_ASK_PASSAGES) throw new UsageError(`--k must be a whole number from 1 to ${MAX_ASK_PASSAGES}`);
  return k;
}

function sourceLine(p: SourcedPassage): string {
  return `[${p.n}] ${printable(p.source)}${p.heading ? `  ${printable(p.heading)}` : ''}`;
}

/** `streamed`: the answer's text is on the terminal already; only what follows it is printed. */
export function formatAnswer(answer: NotesAskResult, passages: readonly SourcedPassage[], color: boolean, streamed = false): string {
  const lines: string[] = [];
  if (answer.answer !== undefined) {
    lines.push(streamed ? '' : printable(answer.answer), '', 'Sources:');
    for (const p of passages) lines.push(`  ${sourceLine(p)}${answer.cited.includes(p.n) ? '' : '  (not cited)'}`);
    if (answer.removedCitations.length > 0) lines.push(`Removed citations that named no passage: ${answer.removedCitations.map((n) => `[${n}]`).join(' ')}`);
    lines.push(`Answered by ${TIER_LABELS[answer.tier]} (${TIER_SOURCE[answer.tier]}) from ${passages.length} passage${passages.length === 1 ? '' : 's'}.`);
    if (answer.fallbackReason) lines.push(`Why not a better tier: ${answer.fallbackReason}`);
    return lines.join('\n') + '\n';
  }
  if (passages.length === 0) return 'No note matches the question, so there is nothing to answer from.\n';
  const [open, close] = color ? ['\x1b[1m', '\x1b[22m'] : ['**', '**'];
  lines.push(extractiveNotice(answer.fallbackReason), '');
  for (const p of passages) {
    lines.push(sourceLine(p));
    lines.push(`    ${markSnippet({ text: printable(p.text), highlights: p.highlights }, open, close)}`);
  }
  return lines.join('\n') + '\n';
}

/** Asks with the answer written to the terminal as it grows; `streamed` when any of it was. */
async function streamAnswer(ctx: CliContext, params: NotesAskParams): Promise<{ answer: NotesAskResult; streamed: boolean }> {
  const requestId = `cli-ask-${process.pid}`;
  let shown = '';
  const stop = ctx.onProgress((p) => {
    if (p.requestId !== requestId || !isNotesAnswerPartial(p.partial) || !p.partial.text.startsWith(shown)) return;
    ctx.io.out(printable(p.partial.text.slice(shown.length)));
    shown = p.partial.text;
  });
  try {
    const answer = await ctx.service.call('notes/ask', { ...params, requestId }, ctx.signal);
    const streamed = shown.length > 0 && answer.answer !== undefined;
    // The cloud answers whole, and a tier may fail after streaming part: the checked answer then.
    if (!streamed && shown) ctx.io.out('\n');
    if (streamed && shown.trim() !== answer.answer) ctx.io.out(`\n\nChecked: ${printable(answer.answer!)}`);
    return { answer, streamed };
  } finally {
    stop();
  }
}

export const askCommand: CliCommand = {
  synopsis:
    'ask "<question>" [--path <folder>]… [--k 6] [--tier auto|local|server|cloud|rules] [--json] [--no-update]   answer from your notes, citing each claim as [n]',
  options: { ...PATH_OPTION, k: { value: true }, tier: { value: true }, 'no-update': { value: false }, ...NOTE_SCOPE_OPTIONS },
  async run(ctx) {
    const question = ctx.args.join(' ').trim();
    if (!question) throw new UsageError(`'ask' needs a question, e.g. local-focus ask "when does the payment key rotate?"`);
    const k = passageCount(ctx);
    const tier = forcedTierOf(ctx);
    const search = await searchNoteFolders(ctx, { query: question, k, tier: 'hybrid', snippetChars: ASK_PASSAGE_CHARS });
    const several = search.folders.length > 1;
    const passages = askPassages(search.results.map((r) => ({ folder: r.folder, ...(several ? { folderLabel: r.folderLabel } : {}), result: r })));
    const params: NotesAskParams = { question, passages: promptPassages(passages), ...(tier ? { tier } : {}) };
    if (ctx.json) {
      const answer = await ctx.service.call('notes/ask', params, ctx.signal);
      ctx.io.out(JSON.stringify({ question, ...answer, search: { tier: search.tier, ...(search.reason ? { reason: search.reason } : {}) }, passages }) + '\n');
    } else if (ctx.io.isTTY) {
      const { answer, streamed } = await streamAnswer(ctx, params);
      ctx.io.out(formatAnswer(answer, passages, true, streamed));
    } else {
      ctx.io.out(formatAnswer(await ctx.service.call('notes/ask', params, ctx.signal), passages, false));
    }
    return passages.length > 0 ? 0 : 1;
  },
};
