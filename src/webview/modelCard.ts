// What one model's card says and offers, as plain data: the DOM code in main.ts draws it, and the
// unit tests check it without a browser. The actions follow the state, so a card never offers
// "Load" for a file that is still downloading or "Download" for one that is ready.
import type { ModelRole } from '../core/models/catalogTypes';
import type { ModelDownloadProgress, ModelView } from '../core/modelsProtocol';
import type { ModelAction } from '../core/webviewProtocol';
import { formatBytes, formatDuration } from '../core/models/formatBytes';

export const ROLE_LABELS: Record<ModelRole, string> = {
  'task-parsing': 'Task parsing',
  review: 'Code review',
  embeddings: 'Notes search',
};

export interface CardAction {
  /** A model action, or "useForRole" with the role it sets. */
  action: ModelAction | 'useForRole';
  role?: ModelRole;
  label: string;
  /** The one action the state is waiting for; drawn as the primary button. */
  primary?: boolean;
  /** Longer text for screen readers and the tooltip. */
  title: string;
}

export interface CardModel {
  stateText: string;
  stateKind: ModelView['state'];
  /** 0–100 while a download is under way or paused; undefined otherwise. */
  percent?: number;
  trustText: string;
  trustTitle: string;
  verdictText: string;
  verdictKind: ModelView['memory']['verdict'];
  detailText: string;
  statsText?: string;
  actions: CardAction[];
}

const TRUST = {
  official: { text: 'Official', title: 'Published by the model\'s creator' },
  verified: { text: 'Verified', title: 'Published by a named quantiser Local Focus trusts' },
  community: { text: 'Community', title: 'Published by anyone: check the source before trusting it' },
} as const;

/** The model's state merged with a progress event newer than the last list. */
export function withProgress(model: ModelView, progress: ModelDownloadProgress | undefined): ModelView {
  if (!progress || progress.modelId !== model.id) return model;
  if (progress.state === 'queued' || progress.state === 'downloading' || progress.state === 'paused' || progress.state === 'verifying') {
    return { ...model, state: progress.state, bytes: progress.bytes, speed: progress.speed, etaSeconds: progress.etaSeconds };
  }
  if (progress.state === 'failed') return { ...model, state: 'failed', ...(progress.reason ? { reason: progress.reason } : {}) };
  return model;
}

function percentOf(model: ModelView): number | undefined {
  if (model.state !== 'downloading' && model.state !== 'paused' && model.state !== 'queued' && model.state !== 'verifying') return undefined;
  if (model.state === 'verifying') return 100;
  return model.sizeBytes > 0 ? Math.min(100, Math.floor((model.bytes / model.sizeBytes) * 100)) : undefined;
}

export function stateText(model: ModelView): string {
  const pct = percentOf(model);
  switch (model.state) {
    case 'not-downloaded':
      return 'Not downloaded';
    case 'queued':
      return 'Queued';
    case 'downloading': {
      const parts = [`Downloading ${pct !== undefined ? `${pct}%` : formatBytes(model.bytes)}`];
      if (model.speed && model.speed > 0) parts.push(`${formatBytes(model.speed)}/s`);
      if (model.etaSeconds !== undefined && model.etaSeconds !== null) parts.push(`${formatDuration(model.etaSeconds)} left`);
      return parts.join(' · ');
    }
    case 'paused':
      return `Paused at ${pct !== undefined ? `${pct}%` : formatBytes(model.bytes)}`;
    case 'verifying':
      return 'Verifying';
    case 'unverified':
      return 'On disk, not verified yet';
    case 'ready':
      return 'Ready';
    case 'loaded':
      return 'Loaded';
    case 'failed':
      return `Failed: ${model.reason ?? 'unknown reason'}`;
  }
}

export function verdictText(model: Pick<ModelView, 'memory'>): string {
  const m = model.memory;
  const needs = `needs ${formatBytes(m.totalBytes)}`;
  if (m.verdict === 'too-big') return `Too big: ${needs}, ${formatBytes(m.remainingBytes)} free`;
  return `${m.verdict === 'fits' ? 'Fits' : 'Tight'}: ${needs} of ${formatBytes(m.remainingBytes)} free`;
}

export function actionsFor(model: ModelView): CardAction[] {
  const name = model.name;
  const a = (action: ModelAction, label: string, title: string, primary = false): CardAction => ({ action, label, title: `${title} ${name}`, ...(primary ? { primary } : {}) });
  // Imported and in-place models have no URL to download from; an in-place model's Remove only forgets it.
  const imported = model.origin === 'imported' || model.origin === 'in-place';
  const remove = model.origin === 'in-place' ? a('remove', 'Forget', 'Forget (its file stays where it is)') : a('remove', 'Remove', 'Delete the files of');
  switch (model.state) {
    case 'not-downloaded':
      return imported ? [model.origin === 'in-place' ? remove : a('remove', 'Remove', 'Forget')] : [a('download', 'Download', 'Download', true)];
    case 'queued':
    case 'downloading':
      return [a('pause', 'Pause', 'Pause the download of'), a('cancel', 'Cancel', 'Cancel the download of and delete the partial file of')];
    case 'paused':
      return [a('resume', 'Resume', 'Resume the download of', true), a('cancel', 'Cancel', 'Cancel the download of and delete the partial file of')];
    case 'verifying':
      return [];
    case 'unverified':
      return [a('verify', 'Verify', 'Check the SHA-256 of', true), remove];
    case 'failed': {
      const retry = imported ? [] : [a('download', 'Retry', 'Download again', true)];
      return [...retry, ...(model.bytes > 0 || model.origin === 'in-place' ? [remove] : [])];
    }
    case 'ready':
    case 'loaded': {
      const load = model.state === 'loaded' ? a('unload', 'Unload', 'Unload from memory') : a('load', 'Load', 'Load into memory', model.memory.verdict !== 'too-big');
      const useFor: CardAction[] = model.roles
        .filter((r) => !model.usedFor.includes(r))
        .map((r) => ({ action: 'useForRole', role: r, label: `Use for ${ROLE_LABELS[r]}`, title: `Use ${name} for ${ROLE_LABELS[r].toLowerCase()}` }));
      return [load, ...useFor, a('verify', 'Verify', 'Check the SHA-256 of'), remove];
    }
  }
}

/**
 * What was measured: this worker's figures first (they are the newest), else the ones kept for
 * this machine (model-speed.json), so a model that ran yesterday still shows its speed.
 */
function measuredParts(model: ModelView): string[] {
  const s = model.stats;
  const kept = model.measured;
  const loadMs = s?.loadMs ?? kept?.loadMs;
  const tokensPerSecond = s?.tokensPerSecond ?? kept?.genTokensPerSecond;
  const ttftMs = s?.ttftMs ?? kept?.ttftMs;
  const parts: string[] = [];
  if (loadMs !== undefined) parts.push(`loads in ${Math.round(loadMs)} ms`);
  if (tokensPerSecond !== undefined) parts.push(`${tokensPerSecond.toFixed(1)} tokens/s`);
  if (ttftMs !== undefined) parts.push(`first token ${Math.round(ttftMs)} ms`);
  if (kept?.promptTokensPerSecond !== undefined) parts.push(`prompt ${kept.promptTokensPerSecond.toFixed(0)} tokens/s`);
  if (kept?.gpuLayers !== undefined && kept.totalLayers !== undefined) parts.push(`${kept.gpuLayers}/${kept.totalLayers} layers on the GPU`);
  return parts;
}

export function cardModel(model: ModelView): CardModel {
  const trust = TRUST[model.trust];
  const size = model.sizeBytes > 0 ? `${model.sizeExact ? '' : '~'}${formatBytes(model.sizeBytes)}` : 'size unknown';
  const details = [model.publisher, model.parameters !== 'unknown' ? `${model.parameters} parameters` : '', model.quantization !== 'unknown' ? model.quantization : '', size, model.format.toUpperCase()];
  const statsParts = measuredParts(model);
  const pct = percentOf(model);
  return {
    stateText: stateText(model),
    stateKind: model.state,
    ...(pct !== undefined ? { percent: pct } : {}),
    trustText: trust.text,
    trustTitle: model.verified ? `${trust.title}; every file has a published SHA-256` : `${trust.title}; no published SHA-256, so the download cannot be checked`,
    verdictText: verdictText(model),
    verdictKind: model.memory.verdict,
    detailText: details.filter(Boolean).join(' · '),
    ...(statsParts.length ? { statsText: `Measured: ${statsParts.join(', ')}` } : {}),
    actions: actionsFor(model),
  };
}

export interface ModelFilters {
  role: ModelRole | 'all';
  fitsOnly: boolean;
}

/** Models per role section, in catalog order; a model with two roles shows in both. */
export function modelsByRole(models: readonly ModelView[], filters: ModelFilters): { role: ModelRole; models: ModelView[] }[] {
  const roles: ModelRole[] = filters.role === 'all' ? ['task-parsing', 'review', 'embeddings'] : [filters.role];
  return roles.map((role) => ({
    role,
    models: models.filter((m) => m.roles.includes(role) && (!filters.fitsOnly || m.memory.verdict !== 'too-big')),
  }));
}
