// The "Tasks" view in the Local Focus container: the Next suggestions on top (next/), then open
// tasks grouped Overdue / Today / This week / Later / No date (and Completed, folded), an icon per
// priority, the open count as the view's badge. A click opens the TODO the task came from (or its
// line in the task file).
import * as vscode from 'vscode';
import type { Task } from '../../core/tasks/task';
import { civilInZone } from '../../core/tasks/timeZone';
import type { LocatedSuggestion, NextSuggestions } from './next/nextSuggestions';
import { nextGroupItem, suggestionItem } from './next/nextTreeItems';
import { groupOf, groupTasks, TASK_GROUP_LABELS, type TaskGroup } from './taskGroups';
import { fieldsSummary } from './taskLabels';
import { userTimeZone } from './taskSettings';
import type { LocatedTask, TaskWorkspace } from './taskWorkspace';

export const TASKS_VIEW_ID = 'localFocus.tasks';
export const OPEN_SOURCE_COMMAND = 'localFocus.tasks.openSource';

export type TaskNode =
  | { kind: 'group'; group: TaskGroup; count: number }
  | { kind: 'task'; located: LocatedTask }
  | { kind: 'next'; count: number }
  | { kind: 'suggestion'; located: LocatedSuggestion };

const PRIORITY_ICONS: Record<string, [string, string]> = {
  high: ['arrow-up', 'charts.red'],
  medium: ['arrow-right', 'charts.yellow'],
  low: ['arrow-down', 'charts.blue'],
};

function iconOf(task: Task): vscode.ThemeIcon {
  if (task.status === 'done') return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green'));
  if (task.status === 'resolved-in-code') return new vscode.ThemeIcon('circle-slash');
  const icon = task.priority ? PRIORITY_ICONS[task.priority] : undefined;
  return icon ? new vscode.ThemeIcon(icon[0], new vscode.ThemeColor(icon[1])) : new vscode.ThemeIcon('circle-large-outline');
}

/** `task.open.source`: the view's context menus choose their items with it. */
export function contextValueOf(task: Task): string {
  const state = task.status === 'open' ? 'open' : task.status === 'done' ? 'done' : 'resolved';
  return `task.${state}${task.source ? '.source' : ''}`;
}

export class TasksTreeProvider implements vscode.TreeDataProvider<TaskNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TaskNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  readonly view: vscode.TreeView<TaskNode>;
  private readonly disposables: vscode.Disposable[] = [];
  /** Nodes handed to the view, by task id and by group, so reveal() finds the same objects. */
  private taskNodes = new Map<string, TaskNode>();
  private groupNodes = new Map<TaskGroup, TaskNode>();
  private nextNode: TaskNode | undefined;
  private midnightTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly workspace: TaskWorkspace,
    private readonly next: NextSuggestions,
  ) {
    this.view = vscode.window.createTreeView(TASKS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(this.view, this.emitter, workspace.onDidChange(() => this.refresh()), next.onDidChange(() => this.refresh()));
    this.refresh();
  }

  refresh(): void {
    const open = this.workspace.allTasks().filter((t) => t.task.status === 'open').length;
    this.view.badge = open > 0 ? { value: open, tooltip: `${open} open task${open === 1 ? '' : 's'}` } : undefined;
    this.emitter.fire(undefined);
    this.armMidnight();
  }

  /** Groups depend on today's date: redraw when the day changes. */
  private armMidnight(): void {
    if (this.midnightTimer) clearTimeout(this.midnightTimer);
    const now = civilInZone(new Date(), userTimeZone());
    const msToMidnight = ((24 - now.hour) * 60 - now.minute) * 60_000 + 1_000;
    this.midnightTimer = setTimeout(() => this.refresh(), Math.min(msToMidnight, 60 * 60_000));
  }

  getChildren(node?: TaskNode): TaskNode[] {
    const now = civilInZone(new Date(), userTimeZone());
    const located = this.workspace.allTasks();
    if (!node) {
      const byTask = new Map(located.map((l) => [l.task, l]));
      this.taskNodes = new Map();
      this.groupNodes = new Map();
      const suggested = this.next.top();
      this.nextNode = suggested.length > 0 ? { kind: 'next', count: suggested.length } : undefined;
      const groups = groupTasks(
        located.map((l) => l.task),
        now,
      ).map(({ group, tasks }) => {
        const g: TaskNode = { kind: 'group', group, count: tasks.length };
        this.groupNodes.set(group, g);
        for (const t of tasks) this.taskNodes.set(t.id, { kind: 'task', located: byTask.get(t)! });
        return g;
      });
      return this.nextNode ? [this.nextNode, ...groups] : groups;
    }
    if (node.kind === 'next') return this.next.top().map((l): TaskNode => ({ kind: 'suggestion', located: l }));
    if (node.kind !== 'group') return [];
    return groupTasks(
      located.map((l) => l.task),
      now,
    )
      .find((g) => g.group === node.group)!
      .tasks.map((t) => this.taskNodes.get(t.id) ?? { kind: 'task', located: located.find((l) => l.task === t)! });
  }

  getParent(node: TaskNode): TaskNode | undefined {
    if (node.kind === 'group' || node.kind === 'next') return undefined;
    if (node.kind === 'suggestion') return this.nextNode;
    const group = groupOf(node.located.task, civilInZone(new Date(), userTimeZone()));
    return this.groupNodes.get(group);
  }

  getTreeItem(node: TaskNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(TASK_GROUP_LABELS[node.group], node.group === 'completed' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.group}`;
      item.description = String(node.count);
      item.contextValue = 'taskGroup';
      if (node.group === 'overdue') item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      return item;
    }
    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    if (node.kind === 'next') return nextGroupItem(node.count);
    if (node.kind === 'suggestion') return suggestionItem(node.located, multiRoot, OPEN_SOURCE_COMMAND, node);
    const { task, folder } = node.located;
    const now = civilInZone(new Date(), userTimeZone());
    const item = new vscode.TreeItem(task.title, vscode.TreeItemCollapsibleState.None);
    item.id = `task:${folder.folder.uri.toString()}:${task.id}`;
    const summary = fieldsSummary(task, now);
    item.description = [summary, multiRoot ? folder.folder.name : ''].filter(Boolean).join(' · ');
    item.iconPath = iconOf(task);
    item.contextValue = contextValueOf(task);
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${escapeMd(task.title)}**\n\n`);
    if (summary) tooltip.appendMarkdown(`${escapeMd(summary)}\n\n`);
    if (task.status !== 'open') tooltip.appendMarkdown(`${task.status === 'done' ? 'Done' : 'Resolved in code: its TODO is gone'}\n\n`);
    if (task.started && task.status === 'open') tooltip.appendMarkdown(`Started ${escapeMd(new Date(task.started).toLocaleString())}\n\n`);
    if (task.source) tooltip.appendMarkdown(`From \`${task.source.path}:${task.source.line + 1}\`: ${escapeMd(task.source.text)}\n\n`);
    tooltip.appendMarkdown(`Parsed by the ${task.tier} tier · in ${escapeMd(folder.taskFileRel)}`);
    item.tooltip = tooltip;
    item.command = { command: OPEN_SOURCE_COMMAND, title: 'Open', arguments: [node] };
    return item;
  }

  /** Selects a task in the view (when it is visible or can be shown). */
  async reveal(id: string): Promise<void> {
    if (this.taskNodes.size === 0) this.getChildren();
    const node = this.taskNodes.get(id);
    if (node) await this.view.reveal(node, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
  }

  dispose(): void {
    if (this.midnightTimer) clearTimeout(this.midnightTimer);
    this.disposables.forEach((d) => d.dispose());
  }
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
