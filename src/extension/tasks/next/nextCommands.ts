// Snooze and Not Today on a Next suggestion: the suggestion leaves the group (the next one moves
// up) until two hours have passed or the day is over, also after a restart. The task itself is
// not changed and stays in its date group.
import * as vscode from 'vscode';
import type { HideKind } from '../../../core/tasks/next/hiddenSuggestions';
import type { CommandRegistrar } from '../../commandRegistration';
import type { LocalFocusApi } from '../../featureApi';
import type { TaskNode } from '../tasksTree';
import type { NextSuggestions } from './nextSuggestions';

export const SNOOZE_COMMAND = 'localFocus.tasks.snooze';
export const NOT_TODAY_COMMAND = 'localFocus.tasks.notToday';

export function registerNextCommands(api: LocalFocusApi, next: NextSuggestions, cmd: CommandRegistrar): vscode.Disposable[] {
  const hide = async (node: TaskNode | undefined, kind: HideKind) => {
    if (node?.kind !== 'suggestion') return;
    const until = await next.hide(node.located, kind);
    const when = until.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    api.log.write('info', `tasks: Next hides "${node.located.task.title}" until ${until.toISOString()} (${kind})`);
    vscode.window.setStatusBarMessage(`$(check) ${kind === 'snooze' ? `Snoozed until ${when}` : 'Hidden until tomorrow'}: ${node.located.task.title}`, 5_000);
  };
  return [cmd(SNOOZE_COMMAND, (node?: TaskNode) => hide(node, 'snooze')), cmd(NOT_TODAY_COMMAND, (node?: TaskNode) => hide(node, 'not-today'))];
}
