// The editable preview a task goes through before it is saved: a quick pick listing the parsed
// fields (title, due, priority, tags, assignee, estimate) with the tier that parsed them. Enter
// saves; picking a field edits it (an input box, or a list for the priority) and comes back.
// Suggested tags and an estimate (src/core/tasks/suggest/) are listed under the fields; picking one
// adds it to the task, and nothing suggested is saved unless it was picked.
import * as vscode from 'vscode';
import { parseTaskRules } from '../../core/tasks/parseTaskRules';
import { isValidDue, normalizeAssignee, normalizeTag, type Priority, type TaskFields } from '../../core/tasks/task';
import { acceptSuggestion, offeredSuggestions, type OfferedSuggestion } from '../../core/tasks/suggest/offeredSuggestions';
import type { TaskSuggestions } from '../../core/tasks/suggest/taskSuggester';
import { formatDuration, parseDuration } from '../../core/tasks/taskFile';
import { civilInZone } from '../../core/tasks/timeZone';
import { TIER_LABELS, type Tier } from '../../core/protocol';
import { formatDue } from './taskLabels';
import { userTimeZone } from './taskSettings';

export const SAVE_TASK_LABEL = 'Save Task';
const TIER_SOURCE: Record<Tier, string> = { cloud: 'cloud model', server: 'local model server', local: 'local model', degraded: 'rules' };

type Field = 'title' | 'due' | 'priority' | 'tags' | 'assignee' | 'estimate';

interface PreviewItem extends vscode.QuickPickItem {
  action: 'save' | Field | 'suggestion';
  suggestion?: OfferedSuggestion;
}

export interface PreviewOptions {
  /** e.g. "Add as Task" or "Edit Task". */
  title: string;
  tier: Tier;
  fallbackReason?: string;
  /** Where it will be saved, e.g. "TASKS.md". */
  target: string;
  saveLabel?: string;
  /** Tags and an estimate offered for the user to pick; none is applied unless picked. */
  suggestions?: TaskSuggestions;
}

function describeTier(tier: Tier, reason?: string): string {
  return `Parsed by ${TIER_LABELS[tier]} (${TIER_SOURCE[tier]})${reason ? ` · ${reason}` : ''}`;
}

function items(f: TaskFields, o: PreviewOptions): PreviewItem[] {
  const now = civilInZone(new Date(), userTimeZone());
  const none = '—';
  return [
    { action: 'save', label: `$(check) ${o.saveLabel ?? SAVE_TASK_LABEL}`, description: `to ${o.target}`, detail: describeTier(o.tier, o.fallbackReason), alwaysShow: true },
    { action: 'title', label: '$(edit) Title', description: f.title },
    { action: 'due', label: '$(calendar) Due', description: f.due ? `${f.due.replace('T', ' ')} (${formatDue(f.due, now)})` : none },
    { action: 'priority', label: '$(flame) Priority', description: f.priority ?? none },
    { action: 'tags', label: '$(tag) Tags', description: f.tags.length ? f.tags.map((t) => `#${t}`).join(' ') : none },
    { action: 'assignee', label: '$(person) Assignee', description: f.assignee ? `@${f.assignee}` : none },
    { action: 'estimate', label: '$(watch) Estimate', description: f.estimateMinutes ? formatDuration(f.estimateMinutes) : none },
    ...suggestionItems(f, o.suggestions),
  ];
}

function suggestionItems(f: TaskFields, suggestions: TaskSuggestions | undefined): PreviewItem[] {
  const offered = suggestions ? offeredSuggestions(f, suggestions) : [];
  if (offered.length === 0) return [];
  const separator: PreviewItem = { action: 'suggestion', label: 'Suggested (pick to add)', kind: vscode.QuickPickItemKind.Separator };
  return [separator, ...offered.map(suggestionItem)];
}

function suggestionItem(s: OfferedSuggestion): PreviewItem {
  if (s.kind === 'tag') {
    const why = s.isNew ? 'new tag, proposed by the model' : s.similarTasks ? `on ${s.similarTasks} similar task${s.similarTasks === 1 ? '' : 's'}` : 'often used in this task file';
    return { action: 'suggestion', suggestion: s, label: `$(lightbulb) Add tag #${s.tag}`, description: why };
  }
  const why = s.basis === 'similar' ? `from ${s.tasks} similar finished task${s.tasks === 1 ? '' : 's'}` : `the median of ${s.tasks} finished task${s.tasks === 1 ? '' : 's'}`;
  return { action: 'suggestion', suggestion: s, label: `$(lightbulb) Use estimate ${formatDuration(s.minutes)}`, description: why };
}

function pick(f: TaskFields, o: PreviewOptions, active: PreviewItem['action']): Promise<PreviewItem | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<PreviewItem>();
    qp.title = `${o.title}: ${f.title}`;
    qp.placeholder = 'Enter saves the task; pick a field to change it';
    qp.items = items(f, o);
    const choosable = qp.items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator);
    qp.activeItems = [choosable.find((i) => i.action === active) ?? choosable[0]!];
    qp.matchOnDescription = true;
    qp.ignoreFocusOut = true;
    let done = false;
    qp.onDidAccept(() => {
      done = true;
      resolve(qp.selectedItems[0] ?? qp.activeItems[0]);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

async function editField(field: Field, f: TaskFields): Promise<TaskFields | undefined> {
  const next: TaskFields = { ...f, tags: [...f.tags] };
  const ask = (prompt: string, value: string, validate: (v: string) => string | undefined) =>
    vscode.window.showInputBox({ title: `Task ${field}`, prompt, value, ignoreFocusOut: true, validateInput: validate });
  switch (field) {
    case 'title': {
      const v = await ask('The task in a few words', f.title, (s) => (s.trim() ? undefined : 'A task needs a title.'));
      if (v === undefined) return undefined;
      next.title = v.replace(/\s+/g, ' ').trim();
      return next;
    }
    case 'due': {
      // A date the way one writes it in a TODO ("fri 3pm", "next monday") or as YYYY-MM-DD[ HH:mm]; empty removes it.
      const read = (s: string): string | undefined => {
        const iso = s.trim().replace(' ', 'T');
        if (isValidDue(iso)) return iso;
        return parseTaskRules(s, { now: new Date(), timeZone: userTimeZone() }).due;
      };
      const v = await ask('Due date: "tomorrow 3pm", "next monday", 2026-03-11 or 2026-03-11 15:00; empty for none', f.due?.replace('T', ' ') ?? '', (s) =>
        !s.trim() || read(s) ? undefined : 'Not a date; try "friday", "in 2 weeks" or 2026-03-11 15:00.',
      );
      if (v === undefined) return undefined;
      const due = v.trim() ? read(v) : undefined;
      if (due) next.due = due;
      else delete next.due;
      return next;
    }
    case 'priority': {
      const choice = await vscode.window.showQuickPick(
        [
          { label: 'high', value: 'high' as Priority | undefined },
          { label: 'medium', value: 'medium' as Priority | undefined },
          { label: 'low', value: 'low' as Priority | undefined },
          { label: 'none', value: undefined },
        ],
        { title: 'Task priority', ignoreFocusOut: true },
      );
      if (!choice) return undefined;
      if (choice.value) next.priority = choice.value;
      else delete next.priority;
      return next;
    }
    case 'tags': {
      const v = await ask('Tags separated by spaces, e.g. #auth #perf', f.tags.map((t) => `#${t}`).join(' '), (s) =>
        s.split(/[\s,]+/).filter(Boolean).every((t) => normalizeTag(t)) ? undefined : 'Tags are words of letters, digits, -, _ and /.',
      );
      if (v === undefined) return undefined;
      next.tags = [...new Set(v.split(/[\s,]+/).filter(Boolean).map((t) => normalizeTag(t)!))];
      return next;
    }
    case 'assignee': {
      const v = await ask('Who does it, e.g. @ana; empty for nobody', f.assignee ? `@${f.assignee}` : '', (s) => (!s.trim() || normalizeAssignee(s) ? undefined : 'A name or handle.'));
      if (v === undefined) return undefined;
      const a = v.trim() ? normalizeAssignee(v) : undefined;
      if (a) next.assignee = a;
      else delete next.assignee;
      return next;
    }
    case 'estimate': {
      const v = await ask('Effort, e.g. 30m, 2h, 1h30m or 1d (8h); empty for none', f.estimateMinutes ? formatDuration(f.estimateMinutes) : '', (s) =>
        !s.trim() || parseDuration(s.replace(/\s+/g, '')) ? undefined : 'Write it like 30m, 2h or 1h30m.',
      );
      if (v === undefined) return undefined;
      const m = v.trim() ? parseDuration(v.replace(/\s+/g, '')) : undefined;
      if (m) next.estimateMinutes = m;
      else delete next.estimateMinutes;
      return next;
    }
  }
}

/** Shows the preview until the user saves (the fields as edited) or cancels (undefined). */
export async function previewTask(fields: TaskFields, o: PreviewOptions): Promise<TaskFields | undefined> {
  let current: TaskFields = { ...fields, tags: [...fields.tags] };
  let active: PreviewItem['action'] = 'save';
  for (;;) {
    const picked = await pick(current, o, active);
    if (picked === undefined) return undefined;
    const action = picked.action;
    if (action === 'save') return current;
    if (action === 'suggestion') {
      // Accepted: the suggestion leaves the list, and the next one is under the cursor.
      if (picked.suggestion) current = acceptSuggestion(current, picked.suggestion);
      active = 'suggestion';
      continue;
    }
    // Escape in a field's editor goes back to the preview with the field unchanged.
    current = (await editField(action, current)) ?? current;
    active = action;
  }
}

/** Only the task fields of a parse result. */
export function fieldsOf(p: TaskFields): TaskFields {
  const f: TaskFields = { title: p.title, tags: [...p.tags] };
  if (p.due) f.due = p.due;
  if (p.priority) f.priority = p.priority;
  if (p.assignee) f.assignee = p.assignee;
  if (p.estimateMinutes) f.estimateMinutes = p.estimateMinutes;
  return f;
}
