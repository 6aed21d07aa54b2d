// One model may be several files (an ONNX model with its tokenizer and config); the user sees one
// progress: bytes and total over all files, the speed of the file moving now, and the time left,
// sent as one progress event per model with a line of text for the CLI and the log.
import type { CatalogEntry } from '../../../core/models/catalogTypes';
import { formatBytes, formatDuration } from '../../../core/models/formatBytes';
import { ModelDownloadProgress, modelProgressRequestId } from '../../../core/modelsProtocol';
import type { ModelJobSnapshot, ModelJobState } from './modelState';

export interface FileProgress {
  state: ModelJobState;
  bytes: number;
  /** Expected bytes; null when the size is not published and the server has not said yet. */
  total: number | null;
  speed: number;
}

/**
 * `alreadyReadyBytes` counts files that were complete before this download started (they are
 * part of the model's size and of what is done, but have no job).
 */
export function combineFileProgress(files: readonly FileProgress[], alreadyReadyBytes = 0, reason?: string): ModelJobSnapshot {
  const states = new Set(files.map((f) => f.state));
  let state: ModelJobState;
  if (states.has('failed')) state = 'failed';
  else if (states.has('cancelled')) state = 'cancelled';
  else if (states.has('downloading')) state = 'downloading';
  else if (states.has('verifying')) state = 'verifying';
  else if (files.length === 0 || files.every((f) => f.state === 'ready')) state = 'ready';
  // A model is paused while any of its files is paused and nothing moves; queued files wait behind it.
  else if (states.has('paused')) state = 'paused';
  // Between two files of one model the next one is queued for a moment: the model is still downloading.
  else if (states.has('ready')) state = 'downloading';
  else state = 'queued';
  const bytes = alreadyReadyBytes + files.reduce((s, f) => s + f.bytes, 0);
  const totalKnown = files.every((f) => f.total !== null);
  const totalBytes = totalKnown ? alreadyReadyBytes + files.reduce((s, f) => s + (f.total ?? 0), 0) : null;
  const speed = state === 'downloading' ? files.reduce((s, f) => s + (f.state === 'downloading' ? f.speed : 0), 0) : 0;
  const etaSeconds = totalBytes !== null && speed > 0 ? Math.max(0, totalBytes - bytes) / speed : null;
  return { state, bytes, totalBytes, speed, etaSeconds, ...(reason && state === 'failed' ? { reason } : {}) };
}

/** The progress event for a model's snapshot, with its line: state, share done, speed and time left. */
export function downloadProgressEvent(entry: CatalogEntry, snap: ModelJobSnapshot): ModelDownloadProgress {
  const pct = snap.totalBytes ? Math.floor((snap.bytes / snap.totalBytes) * 100) : undefined;
  const parts = [`${entry.name}: ${snap.state}`];
  if (snap.state === 'downloading' || snap.state === 'paused' || snap.state === 'queued') {
    parts.push(`${pct !== undefined ? `${pct}% ` : ''}(${formatBytes(snap.bytes)}${snap.totalBytes ? ` of ${formatBytes(snap.totalBytes)}` : ''})`);
    if (snap.state === 'downloading' && snap.speed > 0) parts.push(`${formatBytes(snap.speed)}/s`, snap.etaSeconds !== null ? `${formatDuration(snap.etaSeconds)} left` : '');
  }
  if (snap.reason) parts.push(snap.reason);
  return {
    requestId: modelProgressRequestId(entry.id),
    modelId: entry.id,
    state: snap.state,
    bytes: snap.bytes,
    totalBytes: snap.totalBytes,
    speed: snap.speed,
    etaSeconds: snap.etaSeconds,
    message: parts.filter(Boolean).join(' · '),
    done: snap.bytes,
    ...(snap.totalBytes !== null ? { total: snap.totalBytes } : {}),
    ...(snap.reason ? { reason: snap.reason } : {}),
  };
}
