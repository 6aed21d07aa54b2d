// What the model manager shows for a model, from three sources that can disagree: the files on
// disk (ModelStore), the download running now (if any), and the last failure. The running
// download wins over the disk (a partial file is "downloading", not "paused", while bytes flow),
// and a file that is ready on disk wins over an old failure.
import type { ModelStateKind } from '../../../core/modelsProtocol';
import type { ModelStatus } from '../../modelStore';

export type ModelJobState = 'queued' | 'downloading' | 'paused' | 'verifying' | 'ready' | 'failed' | 'cancelled';

export interface ModelJobSnapshot {
  state: ModelJobState;
  bytes: number;
  totalBytes: number | null;
  speed: number;
  etaSeconds: number | null;
  reason?: string;
}

export interface ModelStateInput {
  store: ModelStatus;
  job?: ModelJobSnapshot;
  /** The last download or verification failure, cleared when the user acts again. */
  failure?: string;
  /** The model (its file, or a file in its folder) is in memory now. */
  loaded: boolean;
}

export interface ModelStateView {
  state: ModelStateKind;
  reason?: string;
  bytes: number;
  speed?: number;
  etaSeconds?: number | null;
}

export function modelStateOf(input: ModelStateInput): ModelStateView {
  const { store, job, failure, loaded } = input;
  if (job && (job.state === 'queued' || job.state === 'downloading' || job.state === 'verifying' || job.state === 'paused')) {
    return {
      state: job.state,
      bytes: job.bytes,
      ...(job.state === 'downloading' ? { speed: job.speed, etaSeconds: job.etaSeconds } : {}),
    };
  }
  if (store.state === 'ready') return { state: loaded ? 'loaded' : 'ready', bytes: store.bytesOnDisk };
  if (job?.state === 'failed' || failure) return { state: 'failed', reason: job?.reason ?? failure ?? 'the download failed', bytes: store.bytesOnDisk };
  if (store.state === 'corrupt') {
    const problems = store.files.filter((f) => f.state === 'corrupt').map((f) => `${f.name} ${f.problem ?? 'is damaged'}`);
    return { state: 'failed', reason: problems.join('; ') || 'a file is damaged', bytes: store.bytesOnDisk };
  }
  // A partial file with no download running: paused by the user, or cut off by a restart.
  if (store.state === 'partial') return { state: 'paused', bytes: store.bytesOnDisk };
  if (store.state === 'unverified') return { state: 'unverified', bytes: store.bytesOnDisk };
  return { state: 'not-downloaded', bytes: 0 };
}
