// Optional (setting localFocus.todos.highlightTags, off by default): the tag word of each TODO
// comment in the visible editors is drawn in the editor's warning colour, bold. It reads the TODOs
// from the same per-document cache the CodeLens uses, so only real TODOs in comments light up,
// and it redraws after typing pauses rather than on every key.
import * as vscode from 'vscode';
import type { DocumentTodoCache } from '../tasks/documentTodos';

const SETTING = 'todos.highlightTags';
const TYPING_QUIET_MS = 200;

export class TagHighlighter implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    color: new vscode.ThemeColor('editorWarning.foreground'),
    fontWeight: 'bold',
  });
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly documents: DocumentTodoCache) {
    this.disposables.push(
      this.decoration,
      vscode.window.onDidChangeVisibleTextEditors(() => this.drawAll()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!vscode.window.visibleTextEditors.some((ed) => ed.document === e.document)) return;
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => this.drawAll(), TYPING_QUIET_MS);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`localFocus.${SETTING}`) || e.affectsConfiguration('localFocus.todo.tags')) this.drawAll();
      }),
    );
    this.drawAll();
  }

  private drawAll(): void {
    const on = vscode.workspace.getConfiguration('localFocus').get<boolean>(SETTING, false);
    for (const editor of vscode.window.visibleTextEditors) {
      const todos = on ? (this.documents.get(editor.document)?.todos ?? []) : [];
      editor.setDecorations(
        this.decoration,
        todos.map((t) => new vscode.Range(t.line, t.column, t.line, t.column + t.tag.length)),
      );
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.disposables.forEach((d) => d.dispose());
  }
}
