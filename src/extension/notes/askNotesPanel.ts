// "Ask Notes…": the user's question, the notes search's top passages from every indexed folder,
// and the worker's notes/ask answer streamed into a panel (askNotesHtml, src/webview/askNotes.ts)
// as the model writes it. Each [n] in the answer and each source opens its note at the passage's
// line. With no model (the degraded tier) the panel shows the passages with the question's words
// marked and says that no model answered. Closing the panel cancels the search and the answer.
import * as vscode from 'vscode';
import { toLocalFocusError } from '../../core/errors';
import { askPassages, ASK_PASSAGE_CHARS, ASK_PASSAGE_COUNT, promptPassages, type SourcedPassage } from '../../core/notes/ask/askPassages';
import { ANSWERED_BY, parseAskPanelMessage, type AskHostToPanel, type AskPanelState } from '../../core/notes/ask/askPanelProtocol';
import { extractiveNotice } from '../../core/notes/ask/extractive';
import { isNotesAnswerPartial } from '../../core/notesAskProtocol';
import type { Tier } from '../../core/protocol';
import type { LocalFocusApi } from '../featureApi';
import { askNotesHtml } from './askNotesHtml';
import { searchFolders } from './folderSearch';
import { indexedFolders } from './indexedFolders';

export const ASK_COMMAND = 'localFocus.notes.ask';
let requestCounter = 0;

function answeredBy(tier: Tier): string | undefined {
  return tier === 'degraded' ? undefined : ANSWERED_BY[tier];
}

async function askQuestion(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection).trim() : '';
  const question = await vscode.window.showInputBox({
    title: 'Ask Notes',
    prompt: 'A question your notes can answer; the answer cites the passages it comes from',
    placeHolder: 'e.g. When does the payment key rotate?',
    ...(selected && selected.length <= 200 && !selected.includes('\n') ? { value: selected } : {}),
    validateInput: (value) => (value.length > 2000 ? 'Ask in at most 2000 characters' : undefined),
  });
  return question?.trim() || undefined;
}

/** One question's panel: it owns the state and sends all of it on each change. */
class AskPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly cts = new vscode.CancellationTokenSource();
  private passages: SourcedPassage[] = [];
  private state: AskPanelState;

  constructor(
    private readonly api: LocalFocusApi,
    question: string,
  ) {
    this.state = { question, phase: 'searching', passages: [], removedCitations: [] };
    const extension = api.context.extensionUri;
    const roots = [vscode.Uri.joinPath(extension, 'media'), vscode.Uri.joinPath(extension, 'dist')];
    this.panel = vscode.window.createWebviewPanel('localFocus.askNotes', `Ask: ${question.slice(0, 40)}`, vscode.ViewColumn.Beside, { enableScripts: true, localResourceRoots: roots });
    const webview = this.panel.webview;
    webview.html = askNotesHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extension, 'dist', 'askNotes.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extension, 'media', 'askNotes.css')).toString(),
    });
    const subs = [
      webview.onDidReceiveMessage((raw) => {
        const msg = parseAskPanelMessage(raw);
        if (msg?.type === 'ready') this.send();
        else if (msg?.type === 'open') void this.open(msg.n);
      }),
    ];
    this.panel.onDidDispose(() => {
      this.cts.cancel();
      this.cts.dispose();
      subs.forEach((d) => d.dispose());
    });
  }

  private update(change: Partial<AskPanelState>): void {
    this.state = { ...this.state, ...change };
    this.send();
  }

  private send(): void {
    const msg: AskHostToPanel = { type: 'state', state: this.state };
    void this.panel.webview.postMessage(msg);
  }

  /** Opens passage n's note with its first line at the top. */
  private async open(n: number): Promise<void> {
    const passage = this.passages.find((p) => p.n === n);
    if (!passage) return;
    const uri = vscode.Uri.joinPath(vscode.Uri.file(passage.folder), ...passage.file.split('/'));
    const at = new vscode.Position(passage.line - 1, 0);
    try {
      const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(at, at) });
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.AtTop);
    } catch (err) {
      this.api.reportError(`Could not open ${passage.source}`, err);
    }
  }

  async run(): Promise<void> {
    const folders = indexedFolders();
    const found = await searchFolders(this.api, folders, this.state.question, this.cts.token, { perFolder: ASK_PASSAGE_COUNT, rows: ASK_PASSAGE_COUNT, snippetChars: ASK_PASSAGE_CHARS });
    if (this.cts.token.isCancellationRequested) return;
    const several = folders.length > 1;
    this.passages = askPassages(found.hits.map((h) => ({ folder: h.folder.path, ...(several ? { folderLabel: h.folder.label } : {}), result: h.result })));
    const passages = this.passages.map(({ n, source, heading, text, highlights }) => ({ n, source, ...(heading ? { heading } : {}), text, highlights }));
    if (passages.length === 0) {
      const why = found.errors.length > 0 ? `The search failed: ${found.errors.join('; ')}` : found.indexedChunks === 0 ? 'No notes are indexed yet: wait for indexing, or check localFocus.notes.include and localFocus.notes.folders.' : 'No note matches the question, so there is nothing to answer from.';
      this.update({ phase: 'error', error: why });
      return;
    }
    this.update({ phase: 'answering', passages });
    const requestId = `ask-${process.pid}-${++requestCounter}`;
    const sub = this.api.onProgress((p) => {
      if (p.requestId !== requestId || !isNotesAnswerPartial(p.partial)) return;
      const by = answeredBy(p.partial.tier);
      this.update({ answer: p.partial.text, ...(by ? { answeredBy: by } : {}) });
    });
    try {
      const r = await this.api.request('notes/ask', { question: this.state.question, passages: promptPassages(this.passages), requestId }, this.cts.token);
      const by = answeredBy(r.tier);
      if (r.answer !== undefined && by) this.update({ phase: 'done', answer: r.answer, answeredBy: by, removedCitations: r.removedCitations, fallbackReason: r.fallbackReason });
      else this.update({ phase: 'done', answer: undefined, answeredBy: undefined, extractiveNotice: extractiveNotice(r.fallbackReason) });
    } finally {
      sub.dispose();
    }
  }

  fail(err: unknown): void {
    const e = toLocalFocusError(err);
    if (e.code === 'cancelled') return;
    this.api.log.write('warn', `notes: ask failed: ${e.code}: ${e.message}`);
    // The passages stay on screen: they are the answer when no model can give one.
    this.update({ phase: 'error', error: `No answer: ${e.userMessage}`, ...(this.passages.length > 0 ? { extractiveNotice: extractiveNotice(e.message) } : {}) });
  }
}

export async function askNotes(api: LocalFocusApi): Promise<void> {
  if (indexedFolders().length === 0) {
    void vscode.window.showInformationMessage('Local Focus: open a folder, or add your notes folders to localFocus.notes.folders, to ask your notes.');
    return;
  }
  const question = await askQuestion();
  if (!question) return;
  const panel = new AskPanel(api, question);
  await panel.run().catch((err) => panel.fail(err));
}
