// The suggestions the Add-as-task preview offers: the rules' tags and estimate from the folder's
// task file (pure core code, here in the host), and, when the task model ran on a model tier for
// the parse, one tag no task uses yet from the worker's tasks/newTag, marked new. The model's part
// is optional: any failure leaves the rules' suggestions as they are, with the reason in the log.
import type * as vscode from 'vscode';
import { toLocalFocusError } from '../../core/errors';
import type { Tier } from '../../core/protocol';
import { tagUsage, examplesOf } from '../../core/tasks/suggest/suggestionExamples';
import { TaskSuggester, type TaskSuggestions } from '../../core/tasks/suggest/taskSuggester';
import type { Task, TaskFields } from '../../core/tasks/task';
import type { LocalFocusApi } from '../featureApi';

export async function suggestionsFor(api: LocalFocusApi, fields: TaskFields, parsedBy: Tier, tasks: readonly Task[], token?: vscode.CancellationToken): Promise<TaskSuggestions> {
  const examples = examplesOf(tasks);
  const rules = new TaskSuggester(examples).suggest(fields);
  // A parse on the rules tier means no model tier answers now: asking again would only wait.
  if (parsedBy === 'degraded') return rules;
  try {
    const inUse = [...tagUsage(examples).keys()];
    const answer = await api.request('tasks/newTag', { title: fields.title, suggested: rules.tags.map((t) => t.tag), inUse }, token);
    if (!answer.tag || fields.tags.includes(answer.tag)) return rules;
    return { ...rules, tags: [...rules.tags, { tag: answer.tag, score: 0, similarTasks: 0, isNew: true }] };
  } catch (err) {
    const e = toLocalFocusError(err);
    if (e.code === 'cancelled') throw e;
    api.log.write('warn', `tasks/newTag failed (${e.code}: ${e.message}); the preview offers the rules' suggestions alone`);
    return rules;
  }
}
