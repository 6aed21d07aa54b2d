// The summary's opening paragraph in the editor: when the task model has a tier that is not the
// rules (the worker's status says so), the summary's facts go to tasks/summaryNarrative under a
// cancellable notification, and a paragraph that passed the worker's check goes on top of the
// summary. Cancelled, failed or refused, the rules summary opens alone and the log says why: the
// paragraph is a nicety, never a reason to lose the summary.
import * as vscode from 'vscode';
import { toLocalFocusError } from '../../../core/errors';
import { TIER_LABELS } from '../../../core/protocol';
import { narrativeFactsOf } from '../../../core/tasks/summary/narrativeFacts';
import { summaryNarrativeOf, type SummaryNarrative } from '../../../core/tasks/summary/summaryNarrative';
import type { TaskSummary } from '../../../core/tasks/summary/taskSummary';
import type { LocalFocusApi } from '../../featureApi';

/** The paragraph for `summary`, or undefined when no model wrote one that passed. */
export async function askSummaryNarrative(api: LocalFocusApi, summary: TaskSummary): Promise<SummaryNarrative | undefined> {
  const tier = api.status()?.capabilities.find((c) => c.capability === 'taskParsing')?.tier;
  if (tier === undefined || tier === 'degraded') return undefined;
  const { facts, taskOf } = narrativeFactsOf(summary);
  if (facts.tasks.length === 0) return undefined;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Local Focus: writing the summary\'s opening paragraph', cancellable: true },
      (_progress, token) => api.request('tasks/summaryNarrative', { facts }, token),
    );
    const narrative = summaryNarrativeOf(result, taskOf);
    if (narrative.paragraph) api.log.write('info', `tasks: summary paragraph by ${TIER_LABELS[narrative.tier]}, naming ${narrative.tasks.map((t) => JSON.stringify(t.title)).join(', ')}`);
    else api.log.write('info', `tasks: the summary has no paragraph: ${narrative.fallbackReason ?? 'no model wrote one'}`);
    return narrative.paragraph ? narrative : undefined;
  } catch (err) {
    api.log.write('info', `tasks: the summary has no paragraph; asking for it failed: ${toLocalFocusError(err).message}`);
    return undefined;
  }
}
