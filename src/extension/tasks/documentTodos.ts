// The TODOs of an open document, read from its buffer (unsaved edits included) with the same
// comment lexer the workspace scan uses. It runs in the extension host because the CodeLens must
// follow every keystroke and the lexer takes well under a millisecond on a typical file; the
// result is cached per document version. Files a workspace scan would skip (.gitignore,
// files.exclude, search.exclude, the task file) get no TODOs here either, so a task is never
// captured from a file whose TODOs the next scan would call resolved.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TodoRef } from '../../core/tasks/taskIdentity';
import { commentSyntaxFor, commentSyntaxForFileName } from '../../core/lexing/syntaxLookup';
import { findTodos, type TodoMatch } from '../../core/todos/findTodos';
import { isScannablePath } from '../../inference/todoScanner';
import { excludeGlobs, respectGitignore, todoTags } from './taskSettings';
import type { FolderTasks, TaskWorkspace } from './taskWorkspace';

export interface DocumentTodos {
  folder: FolderTasks;
  /** Workspace-relative, forward slashes. */
  relPath: string;
  todos: TodoMatch[];
  /** The same TODOs as identity tracking sees them. */
  refs: TodoRef[];
}

export function toRefs(relPath: string, todos: readonly TodoMatch[]): TodoRef[] {
  return todos.map((t) => ({ path: relPath, line: t.line, text: t.text }));
}

export class DocumentTodoCache {
  private readonly byDocument = new WeakMap<vscode.TextDocument, { version: number; tagsKey: string; todos: TodoMatch[] }>();
  /** Folder + relative path → whether a scan covers it; cleared when settings or ignore files change. */
  private readonly scannable = new Map<string, boolean>();

  constructor(private readonly workspace: TaskWorkspace) {}

  /** Settings or ignore files changed: which files are in scope must be asked again. */
  invalidateScope(): void {
    this.scannable.clear();
  }

  isInScope(folder: FolderTasks, relPath: string): boolean {
    if (relPath === folder.taskFileRel) return false;
    const key = `${folder.folder.uri.toString()}|${relPath}`;
    let ok = this.scannable.get(key);
    if (ok === undefined) {
      ok = isScannablePath(folder.folder.uri.fsPath, relPath, { exclude: excludeGlobs(folder.folder), respectGitignore: respectGitignore(folder.folder) });
      this.scannable.set(key, ok);
    }
    return ok;
  }

  /** The document's TODOs, or undefined when it is outside the workspace folders or out of scan scope. */
  get(doc: vscode.TextDocument): DocumentTodos | undefined {
    const folder = this.workspace.folderFor(doc.uri);
    const relPath = folder?.relPath(doc.uri);
    if (!folder || !relPath || !this.isInScope(folder, relPath)) return undefined;
    const syntax = commentSyntaxForFileName(path.basename(doc.uri.fsPath)) ?? commentSyntaxFor(doc.languageId);
    if (!syntax) return undefined;
    const tags = todoTags();
    const tagsKey = tags.join(',');
    let cached = this.byDocument.get(doc);
    if (!cached || cached.version !== doc.version || cached.tagsKey !== tagsKey) {
      cached = { version: doc.version, tagsKey, todos: findTodos(doc.getText(), syntax, { tags }) };
      this.byDocument.set(doc, cached);
    }
    return { folder, relPath, todos: cached.todos, refs: toRefs(relPath, cached.todos) };
  }
}
