// The Get Started walkthrough (contributes/walkthrough.json), opened once, on the first activation
// in this profile, unless the user turned off the editor's own welcome pages (config.ts says
// which), and the Set Up Local AI command its second step and the status tooltip run.
import * as vscode from 'vscode';
import { editorShowsWelcomePages } from '../config';
import type { Feature, LocalFocusApi } from '../featureApi';
import { SET_UP_LOCAL_AI_COMMAND } from '../statusBar';
import { setUpLocalAi } from './setUpLocalAi';

export const WALKTHROUGH_ID = 'localFocus.getStarted';
/** globalState key: set once the walkthrough was opened, so it never opens by itself again. */
const OPENED_KEY = 'localFocus.walkthroughOpened';

export const walkthroughFeature: Feature = (api) => {
  void openOnce(api);
  return [
    vscode.commands.registerCommand(SET_UP_LOCAL_AI_COMMAND, () =>
      setUpLocalAi(api).catch((err: unknown) => api.reportError('Could not set up local AI', err)),
    ),
  ];
};

async function openOnce(api: LocalFocusApi): Promise<void> {
  const state = api.context.globalState;
  if (state.get<boolean>(OPENED_KEY) || !editorShowsWelcomePages()) return;
  await state.update(OPENED_KEY, true);
  const extension = api.context.extension;
  const id = `${extension.packageJSON.publisher as string}.${extension.packageJSON.name as string}#${WALKTHROUGH_ID}`;
  try {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', id, false);
  } catch (err) {
    api.log.write('warn', `could not open the walkthrough ${id}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
