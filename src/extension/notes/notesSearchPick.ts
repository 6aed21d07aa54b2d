// "Search Notes" and "Find Related Notes": a quick pick over the worker's note indexes, the
// workspace folders' and the notes folders' outside it (localFocus.notes.folders). Search
// asks again as the user types (debounced, the previous request cancelled); each row shows the
// note's title, the heading path and line, and a snippet with the matched words; picking a row
// opens the note at the chunk's first line. With more than one folder, each row names its folder. The title says which tier answered (hybrid or keyword)
// and, in keyword mode, a button opens the Model Manager to get the embedding model.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NoteSearchResult, NoteSearchTier } from '../../core/notesProtocol';
import type { LocalFocusApi } from '../featureApi';
import { folderHolding } from '../../core/notes/folderHolding';
import { searchFolders, type FolderSearchAnswer as Answer } from './folderSearch';
import { indexedFolders, type IndexedFolder } from './indexedFolders';
import { progressText, relatedQuery, resultRowText, searchTitle } from './noteResultText';
import type { NotesIndexer } from './notesIndexer';

const TYPING_DEBOUNCE_MS = 150;
const RESULTS_PER_FOLDER = 20;
const MAX_ROWS = 30;
/** The filters the worker takes out of a query (core/notes/queryFilters.ts) are named, since nothing else shows them. */
const SEARCH_HINT = 'Type to search your notes by meaning and keywords; #tag and path:folder/ filter';

interface NoteItem extends vscode.QuickPickItem {
  hit?: { folder: IndexedFolder; result: NoteSearchResult };
}

const MODEL_BUTTON: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('server-process'),
  tooltip: 'Keyword only: open the Model Manager to get the embedding model for search by meaning',
};

export class NotesSearchPick {
  constructor(
    private readonly api: LocalFocusApi,
    private readonly indexer: NotesIndexer,
  ) {}

  /** Search Notes: results as you type. */
  async search(): Promise<void> {
    const folders = indexedFolders();
    if (folders.length === 0) {
      void vscode.window.showInformationMessage('Local Focus: open a folder, or add your notes folders to localFocus.notes.folders, to search notes.');
      return;
    }
    const pick = this.createPick('Search Notes');
    // The worker already matched and ranked; the quick pick's own matching would only half-highlight the snippet.
    pick.matchOnDescription = false;
    pick.matchOnDetail = false;
    pick.placeholder = this.placeholder(SEARCH_HINT);
    let seq = 0;
    let timer: NodeJS.Timeout | undefined;
    let cts: vscode.CancellationTokenSource | undefined;
    const run = async (query: string): Promise<void> => {
      const mine = ++seq;
      cts?.cancel();
      cts?.dispose();
      cts = new vscode.CancellationTokenSource();
      if (!query.trim()) {
        pick.items = [];
        pick.busy = false;
        return;
      }
      pick.busy = true;
      const answer = await searchFolders(this.api, folders, query, cts.token, { perFolder: RESULTS_PER_FOLDER, rows: MAX_ROWS });
      if (mine !== seq) return;
      pick.busy = false;
      this.show(pick, 'Search Notes', answer, true);
    };
    const selection = vscode.window.activeTextEditor?.selection;
    const selected = selection && !selection.isEmpty ? vscode.window.activeTextEditor!.document.getText(selection).trim() : '';
    const disposables = [
      pick.onDidChangeValue((value) => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void run(value), TYPING_DEBOUNCE_MS);
      }),
      this.indexer.onDidChange(() => (pick.placeholder = this.placeholder(SEARCH_HINT))),
    ];
    this.tierFromStatus(pick, 'Search Notes');
    // A short selection is likely what the user wants to look up.
    if (selected && selected.length <= 100 && !selected.includes('\n')) {
      pick.value = selected;
      void run(selected);
    }
    await this.open(pick, () => {
      if (timer) clearTimeout(timer);
      cts?.cancel();
      cts?.dispose();
      disposables.forEach((d) => d.dispose());
    });
  }

  /** Find Related Notes: notes near the selection, or near the current file, leaving that file out. */
  async related(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Local Focus: open a note (or select some text) to find notes related to it.');
      return;
    }
    const doc = editor.document;
    const fromSelection = !editor.selection.isEmpty;
    const query = relatedQuery(fromSelection ? doc.getText(editor.selection) : doc.getText());
    if (!query) {
      void vscode.window.showInformationMessage('Local Focus: there is no text to find related notes for.');
      return;
    }
    // The note's own folder and the notes folders outside the workspace, which are the user's
    // notes wherever they work; the other workspace folders are other projects.
    const all = indexedFolders();
    const own = folderHolding(all, doc.uri.fsPath);
    const folders = own ? [own, ...all.filter((f) => f.outside && f !== own)] : all;
    if (folders.length === 0) {
      void vscode.window.showInformationMessage('Local Focus: open a folder to search its notes.');
      return;
    }
    const base = `Notes Related to ${fromSelection ? 'the Selection' : path.basename(doc.uri.fsPath)}`;
    const pick = this.createPick(base);
    pick.placeholder = 'Type to filter the related notes';
    pick.busy = true;
    this.tierFromStatus(pick, base);
    const cts = new vscode.CancellationTokenSource();
    // The note's links and backlinks come from the indexes, ranked with the text's neighbours.
    void searchFolders(this.api, folders, query, cts.token, { perFolder: RESULTS_PER_FOLDER, rows: MAX_ROWS, ...(doc.uri.scheme === 'file' ? { relatedNote: doc.uri.fsPath } : {}) }).then((answer) => {
      pick.busy = false;
      this.show(pick, base, answer, false);
    });
    await this.open(pick, () => {
      cts.cancel();
      cts.dispose();
    });
  }

  private createPick(title: string): vscode.QuickPick<NoteItem> {
    const pick = vscode.window.createQuickPick<NoteItem>();
    pick.title = title;
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    return pick;
  }

  private placeholder(idle: string): string {
    const state = this.indexer.state;
    if (state.paused) return `${idle} (indexing is paused: results cover what was indexed)`;
    if (state.running) return `${idle} (${state.progress ? progressText(state.progress) : 'indexing notes'}…)`;
    return idle;
  }

  /** Before the first answer, the tier the worker's status reports. */
  private tierFromStatus(pick: vscode.QuickPick<NoteItem>, base: string): void {
    const status = this.api.status()?.capabilities.find((c) => c.capability === 'notesSearch');
    if (!status) return;
    const tier: NoteSearchTier = status.tier === 'degraded' ? 'keyword' : 'hybrid';
    pick.title = searchTitle(base, tier, status.reason);
    pick.buttons = tier === 'keyword' ? [MODEL_BUTTON] : [];
  }

  private show(pick: vscode.QuickPick<NoteItem>, base: string, answer: Answer, asYouType: boolean): void {
    if (answer.tier) {
      pick.title = searchTitle(base, answer.tier, answer.reason);
      pick.buttons = answer.tier === 'keyword' ? [MODEL_BUTTON] : [];
    }
    const items: NoteItem[] = answer.hits.map((hit) => ({
      ...resultRowText(hit.result, { ...(answer.folders > 1 ? { folderName: hit.folder.label } : {}), marks: asYouType }),
      iconPath: new vscode.ThemeIcon('note'),
      // The worker ranked these: the quick pick's own filter must not hide them while typing.
      alwaysShow: asYouType,
      hit,
    }));
    if (items.length === 0) {
      const why =
        answer.errors.length > 0
          ? `Search failed: ${answer.errors.join('; ')}`
          : answer.indexedChunks === 0
            ? this.indexer.state.running
              ? 'No notes indexed yet: indexing is under way'
              : 'No notes found: localFocus.notes.include decides which files are notes'
            : 'No note matches';
      items.push({ label: why, alwaysShow: true });
    }
    pick.items = items;
  }

  private open(pick: vscode.QuickPick<NoteItem>, cleanup: () => void): Promise<void> {
    return new Promise((resolve) => {
      const subs = [
        pick.onDidAccept(() => {
          const hit = pick.selectedItems[0]?.hit;
          if (!hit) return;
          pick.hide();
          void openAtChunk(hit.folder, hit.result).catch((err) => this.api.reportError(`Could not open ${hit.result.file}`, err));
        }),
        pick.onDidTriggerButton((button) => {
          if (button === MODEL_BUTTON) {
            pick.hide();
            void this.api.openModelManager();
          }
        }),
        pick.onDidHide(() => {
          cleanup();
          subs.forEach((d) => d.dispose());
          pick.dispose();
          resolve();
        }),
      ];
      pick.show();
    });
  }
}

/** Opens the note with the cursor at the start of the chunk, that line at the top of the editor. */
export async function openAtChunk(folder: Pick<IndexedFolder, 'path'>, result: NoteSearchResult): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(vscode.Uri.file(folder.path), ...result.file.split('/'));
  const start = new vscode.Position(result.startLine, 0);
  const editor = await vscode.window.showTextDocument(uri, { selection: new vscode.Range(start, start) });
  editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.AtTop);
  return editor;
}
