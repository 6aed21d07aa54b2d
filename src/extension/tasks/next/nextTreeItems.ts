// How the "Next" group and its suggestions read in the Tasks view: the group first and expanded,
// each suggestion with its reasons as the description ("due today · high priority"), and a
// tooltip that says what Snooze and Not Today do. A suggested task also stays in its date group.
import * as vscode from 'vscode';
import type { LocatedSuggestion } from './nextSuggestions';

export const NEXT_GROUP_LABEL = 'Next';
/** The context value the view's menus offer Snooze, Not Today and Complete on. */
export const SUGGESTION_CONTEXT = 'nextSuggestion';

export function nextGroupItem(count: number): vscode.TreeItem {
  const item = new vscode.TreeItem(NEXT_GROUP_LABEL, vscode.TreeItemCollapsibleState.Expanded);
  item.id = 'group:next';
  item.description = String(count);
  item.contextValue = 'nextGroup';
  item.iconPath = new vscode.ThemeIcon('lightbulb');
  item.tooltip = 'Suggested by the rules: due date, priority, the current branch\'s files and how long a task has waited.';
  return item;
}

export function suggestionItem(located: LocatedSuggestion, multiRoot: boolean, openCommand: string, node: unknown): vscode.TreeItem {
  const { task, folder, suggestion } = located;
  const item = new vscode.TreeItem(task.title, vscode.TreeItemCollapsibleState.None);
  item.id = `next:${folder.folder.uri.toString()}:${task.id}`;
  const rules = suggestion.reasons.map((r) => r.text).join(' · ');
  // A model's reason comes first; the rules' reasons stay beside it, so the facts are always there.
  const reasons = located.modelReason ? `${located.modelReason} (${rules})` : rules;
  item.description = [reasons, multiRoot ? folder.folder.name : ''].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon('arrow-small-right');
  item.contextValue = SUGGESTION_CONTEXT;
  const tooltip = new vscode.MarkdownString();
  tooltip.appendText(`${task.title}\n\nWhy now: ${reasons}\n\nSnooze hides it for two hours; Not Today until midnight.`);
  item.tooltip = tooltip;
  item.command = { command: openCommand, title: 'Open', arguments: [node] };
  return item;
}
