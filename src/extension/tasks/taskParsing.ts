// Parsing a task's text from the editor: the worker's tasks/parse (its tiers and fallbacks), and
// when the worker is down or failed, the rules right here in the extension host (they are pure
// core code), with the reason recorded so the preview can say so.
import type * as vscode from 'vscode';
import { toLocalFocusError } from '../../core/errors';
import { parseTaskRules } from '../../core/tasks/parseTaskRules';
import type { TaskParseResult } from '../../core/tasksProtocol';
import type { LocalFocusApi } from '../featureApi';
import { todoTags, userTimeZone } from './taskSettings';

/** Failures after which the rules in the host still give the user a task. */
const HOST_FALLBACK_CODES = new Set(['worker-exited', 'timeout', 'internal']);

export function parseInHost(text: string, reason: string, now = new Date()): TaskParseResult {
  const started = Date.now();
  const parsed = parseTaskRules(text, { now, timeZone: userTimeZone(), todoTags: todoTags() });
  return { ...parsed, tokens: 0, ms: Date.now() - started, fallbackReason: reason };
}

export async function parseTaskText(api: LocalFocusApi, text: string, token?: vscode.CancellationToken): Promise<TaskParseResult> {
  const now = new Date();
  try {
    return await api.request('tasks/parse', { text, now: now.toISOString(), timeZone: userTimeZone(), todoTags: todoTags() }, token);
  } catch (err) {
    const e = toLocalFocusError(err);
    if (!HOST_FALLBACK_CODES.has(e.code)) throw e;
    api.log.write('warn', `tasks/parse failed in the worker (${e.code}: ${e.message}); parsing with the rules in the editor instead`);
    const reason = e.code === 'worker-exited' ? 'the inference process is not running; parsed by the rules in the editor' : `the worker failed (${e.message}); parsed by the rules in the editor`;
    return parseInHost(text, reason, now);
  }
}
