// Summarise My Week / Summarise My Day: the tasks of every workspace folder summarised over the
// last 7 days or today (src/core/tasks/summary/), opened as Markdown in an untitled editor to copy
// into a stand-up note, with "Save as Note" offered beside it. Saving writes the editor's text as
// it is then, edits included, to notes/summary-YYYY-MM-DD.md in the first workspace folder, where
// the notes index picks it up; an existing note is never overwritten (-2, -3… instead). With a
// model tier, a short paragraph it wrote from the summary's facts goes on top (summaryNarrative.ts).
import * as vscode from 'vscode';
import { saveSummaryNote } from '../../../core/tasks/summary/summaryNoteFile';
import { parseSummaryPeriod, type SummaryClock } from '../../../core/tasks/summary/summaryPeriod';
import { summaryMarkdown, summaryTitle } from '../../../core/tasks/summary/summaryMarkdown';
import { summariseTasks, type TaskSummary } from '../../../core/tasks/summary/taskSummary';
import type { CommandRegistrar } from '../../commandRegistration';
import type { LocalFocusApi } from '../../featureApi';
import { userTimeZone } from '../taskSettings';
import { askSummaryNarrative } from './summaryNarrative';
import type { TaskWorkspace } from '../taskWorkspace';

export const SUMMARISE_WEEK_COMMAND = 'localFocus.tasks.summariseWeek';
export const SUMMARISE_DAY_COMMAND = 'localFocus.tasks.summariseDay';

const SAVE_AS_NOTE = 'Save as Note';

export function registerSummaryCommands(api: LocalFocusApi, workspace: TaskWorkspace, cmd: CommandRegistrar): vscode.Disposable[] {
  const summarise = async (since: string) => {
    await workspace.ready();
    const clock: SummaryClock = { now: new Date(), timeZone: userTimeZone() };
    const summary = summariseTasks(workspace.allTasks().map((t) => t.task), parseSummaryPeriod(since, clock), clock);
    const narrative = await askSummaryNarrative(api, summary);
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: summaryMarkdown(summary, narrative?.paragraph) });
    await vscode.window.showTextDocument(doc);
    api.log.write('info', `tasks: ${summaryTitle(summary.period)} opened (${counts(summary)}); Save as Note is offered`);
    const choice = await vscode.window.showInformationMessage(`Local Focus: ${summaryTitle(summary.period)} — copy it into a stand-up note, or save it as one.`, SAVE_AS_NOTE);
    if (choice === SAVE_AS_NOTE) await saveAsNote(api, doc, summary);
  };
  return [cmd(SUMMARISE_WEEK_COMMAND, () => summarise('7d')), cmd(SUMMARISE_DAY_COMMAND, () => summarise('today'))];
}

async function saveAsNote(api: LocalFocusApi, doc: vscode.TextDocument, summary: TaskSummary): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('Local Focus: open a folder to save the summary as a note in it; the summary stays open to copy.');
    return;
  }
  const file = await saveSummaryNote(folder.uri.fsPath, summary.period.lastDay, doc.getText());
  api.log.write('info', `tasks: summary saved as ${file}`);
  await vscode.window.showTextDocument(vscode.Uri.file(file));
}

function counts(summary: TaskSummary): string {
  return summary.sections.map((s) => `${s.kind} ${s.count}`).join(', ');
}
