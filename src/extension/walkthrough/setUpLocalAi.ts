// Set Up Local AI, the walkthrough's second step and the status tooltip's link: use a model server
// the user already runs when the worker found one that counts as Local, else offer the default
// model downloads that fit the memory budget and download the chosen ones with progress.
import * as vscode from 'vscode';
import { formatBytes } from '../../core/models/formatBytes';
import { isModelDownloadProgress, type ModelDownloadProgress } from '../../core/modelsProtocol';
import { setLocalServerModels } from '../config';
import type { LocalFocusApi } from '../featureApi';
import { chooseDownloads, chooseServerModels, type DownloadOffer } from './localAiChoice';

const ENDED: readonly ModelDownloadProgress['state'][] = ['ready', 'failed', 'cancelled', 'paused'];

/** How a download ended: its last state and, when it failed, why. */
type Ended = Pick<ModelDownloadProgress, 'state' | 'reason'>;

export async function setUpLocalAi(api: LocalFocusApi): Promise<void> {
  const server = chooseServerModels(api.status()?.localServers);
  if (server) {
    await setLocalServerModels(server);
    const embedding = server.embeddingModel ? ` and ${server.embeddingModel} for notes search` : '; it lists no embedding model, so notes search keeps its own';
    api.log.write('info', `set up local AI: ${server.server.name} at ${server.server.url}, chat model ${server.chatModel}, embedding model ${server.embeddingModel ?? 'none'}`);
    void vscode.window.showInformationMessage(`Local Focus uses ${server.server.name} at ${server.server.url}: ${server.chatModel} for tasks and review${embedding}. Saved in your user settings (localFocus.localServer.*).`);
    return;
  }
  const list = await api.request('models/list', {});
  const { offers, tooBig, nothingToDo } = chooseDownloads(list);
  if (nothingToDo) {
    void vscode.window.showInformationMessage('Local Focus: the default models are already downloaded (or downloading). The Model Manager shows them.', 'Open Model Manager').then((c) => c && api.openModelManager());
    return;
  }
  if (offers.length === 0) {
    void vscode.window.showWarningMessage(`Local Focus: no default model fits the memory budget (${tooBig.join(', ')}). Run Ollama or LM Studio, or pick a smaller model in the Model Manager.`, 'Open Model Manager').then((c) => c && api.openModelManager());
    return;
  }
  const picked = await pickDownloads(offers, tooBig);
  if (!picked?.length) return;
  await download(api, picked);
}

async function pickDownloads(offers: DownloadOffer[], tooBig: string[]): Promise<DownloadOffer[] | undefined> {
  const items = offers.map((o) => ({
    label: o.name,
    description: `${formatBytes(o.sizeBytes)} · ${o.roles}`,
    detail: o.memory,
    picked: o.fitsEasily,
    offer: o,
  }));
  const left = tooBig.length ? ` (left out, too big for the memory budget: ${tooBig.join(', ')})` : '';
  const picked = await vscode.window.showQuickPick(items, {
    title: `Local Focus: Set Up Local AI${left}`,
    placeHolder: 'No model server found: download the models that fit your memory',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  return picked?.map((p) => p.offer);
}

/** Starts the downloads and follows them in one cancellable notification; Cancel pauses them. */
async function download(api: LocalFocusApi, offers: DownloadOffer[]): Promise<void> {
  const total = offers.reduce((sum, o) => sum + o.sizeBytes, 0);
  const names = offers.map((o) => o.name).join(', ');
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Local Focus: downloading ${names}`, cancellable: true },
    async (progress, token) => {
      const bytes = new Map<string, number>();
      const ended = new Map<string, Ended>();
      let reported = 0;
      let finish: () => void = () => undefined;
      const allEnded = new Promise<void>((resolve) => (finish = resolve));
      const sub = api.onProgress((p) => {
        if (!isModelDownloadProgress(p) || !offers.some((o) => o.id === p.modelId)) return;
        bytes.set(p.modelId, p.bytes);
        const done = [...bytes.values()].reduce((a, b) => a + b, 0);
        const percent = total > 0 ? Math.min(100, (done / total) * 100) : 0;
        progress.report({ message: `${formatBytes(done)} of ${formatBytes(total)}`, increment: Math.max(0, percent - reported) });
        reported = Math.max(reported, percent);
        if (ENDED.includes(p.state)) ended.set(p.modelId, p);
        if (ended.size === offers.length) finish();
      });
      const cancel = token.onCancellationRequested(() => {
        for (const o of offers) if (!ended.has(o.id)) void api.request('models/pause', { id: o.id }).catch(() => undefined);
        finish();
      });
      try {
        for (const o of offers) {
          const { model } = await api.request('models/download', { id: o.id });
          if (model.state === 'ready') ended.set(o.id, { state: 'ready' });
        }
        if (ended.size === offers.length) finish();
        await allEnded;
      } catch (err) {
        api.reportError('Could not start the downloads', err);
        return;
      } finally {
        sub.dispose();
        cancel.dispose();
      }
      reportOutcome(api, offers, ended, token.isCancellationRequested);
    },
  );
}

function reportOutcome(api: LocalFocusApi, offers: DownloadOffer[], ended: Map<string, Ended>, cancelled: boolean): void {
  if (cancelled) {
    void vscode.window.showInformationMessage('Local Focus: downloads paused. Resume them in the Model Manager.', 'Open Model Manager').then((c) => c && api.openModelManager());
    return;
  }
  const failed = offers.filter((o) => ended.get(o.id)?.state !== 'ready');
  if (failed.length === 0) {
    api.log.write('info', `set up local AI: downloaded ${offers.map((o) => o.name).join(', ')}`);
    void vscode.window.showInformationMessage(`Local Focus: ${offers.map((o) => o.name).join(', ')} downloaded. Each loads on first use.`);
    return;
  }
  const why = failed.map((o) => `${o.name}: ${ended.get(o.id)?.reason ?? ended.get(o.id)?.state ?? 'unknown'}`).join('; ');
  api.log.write('warn', `set up local AI: not downloaded: ${why}`);
  void vscode.window.showWarningMessage(`Local Focus: not downloaded: ${why}.`, 'Open Model Manager').then((c) => c && api.openModelManager());
}
