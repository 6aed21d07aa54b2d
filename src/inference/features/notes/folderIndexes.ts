// The worker's note indexes: one NoteIndex per workspace folder, opened on first use, with
// embeddings from the embedding source in use (a model server's, or the in-process model when the
// mode policy says it is there: hybrid search) and without (keyword search) otherwise. When the
// source comes or goes the index is opened again with or without it between runs: vectors already
// on disk are kept for later, and only a different source rebuilds them, aside (see NoteIndex). Runs of notes/index for a folder can be paused (what was done is saved) and are
// followed by progress with counts and an ETA.
import { AsyncLocalStorage } from 'node:async_hooks';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { LocalFocusError, toLocalFocusError } from '../../../core/errors';
import type { NoteIndexProgress, NoteSearchResponse, NoteUpdateResult } from '../../../core/notes/searchTypes';
import {
  formatEta,
  type NotesIndexParams,
  type NotesIndexPartial,
  type NotesIndexResult,
  type NotesPauseParams,
  type NotesPauseResult,
  type NotesSearchParams,
  type NotesSearchResult,
  type NotesStatsParams,
  type NotesStatsResult,
  type NotesTierInfo,
} from '../../../core/notesProtocol';
import { NoteIndex, type EmbedFunction } from '../../notes/noteIndex';
import type { Tier } from '../../../core/protocol';
import type { FeatureHost } from '../../featureHost';
import { IN_PROCESS_EMBEDDING, type EmbeddingSource } from '../../notes/embeddingSource';
import { MODEL_HINT, NoteEmbeddings, type NoteEmbedding } from './noteEmbedding';
import { NoteScope } from './noteScope';

/** Longest query text searched; "Find Related Notes" on a long file sends its start. */
const MAX_QUERY_CHARS = 4_000;
const MAX_K = 100;
/** Fewest milliseconds between two progress notifications of one run (phase changes always go out). */
const PROGRESS_INTERVAL_MS = 200;
/** A background run waits this share of each embedding batch's time before the next, leaving the editor a core. */
const BACKGROUND_PAUSE_RATIO = 0.25;

/** What the notes feature takes from the worker besides its FeatureHost. */
export interface NotesDeps {
  /** The embedding source to index and search with now; default the in-process model. */
  embeddingSource?: () => EmbeddingSource;
}

interface OpenIndex {
  index: NoteIndex;
  /** The embedding source id the index was opened with; null: keyword only. */
  modelId: string | null;
  /** The notesSearch tier that searches its vectors. */
  tier: 'local' | 'server';
  /** Why there is no embedding model, when there is none; set again each time the open index is reused. */
  reason?: string | undefined;
}

interface FolderState {
  folder: string;
  open?: OpenIndex;
  /** Opens run one at a time per folder. */
  lock: Promise<unknown>;
  /** notes/index runs in flight, by their abort controller. */
  running: Set<AbortController>;
  /** Controllers notes/pause aborted: their runs end as paused, not as cancelled. */
  pausedByUser: WeakSet<AbortController>;
  /**
   * The last reason for keyword mode that was logged, so it is logged once per change; undefined
   * while an embedding model serves.
   */
  loggedReason?: string | undefined;
}

/** Set while a background notes/index run embeds, so its embedding batches leave the editor room. */
const backgroundRun = new AsyncLocalStorage<boolean>();

type TierSearch = (signal: AbortSignal) => Promise<NoteSearchResponse>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function progressMessage(p: NoteIndexProgress): string {
  return p.rebuilding ? `Rebuilding: ${p.rebuilding}. ${phaseMessage(p)}` : phaseMessage(p);
}

function phaseMessage(p: NoteIndexProgress): string {
  if (p.phase === 'waiting') return `Waiting for another Local Focus process${p.holderPid ? ` (pid ${p.holderPid})` : ''} to finish updating this index`;
  if (p.phase === 'scanning') return `Reading notes: ${p.done}/${p.total} files`;
  if (p.phase === 'saving') return 'Saving the index';
  return `Embedding ${p.done}/${p.total} chunks${p.etaMs !== undefined && p.done < p.total ? `, about ${formatEta(p.etaMs)} left` : ''}`;
}

function checkFolder(folder: unknown, method: string): string {
  if (typeof folder !== 'string' || !path.isAbsolute(folder)) throw new LocalFocusError('bad-input', `${method} needs the absolute path of a workspace folder.`);
  let isDir = false;
  try {
    isDir = statSync(folder).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new LocalFocusError('bad-input', `${folder} is not a folder.`);
  return path.resolve(folder);
}

function emptyUpdate(): NoteUpdateResult {
  return { filesAdded: 0, filesChanged: 0, filesDeleted: 0, filesUnchanged: 0, chunksAdded: 0, chunksRemoved: 0, chunksEmbedded: 0, ms: 0 };
}

export class FolderIndexes {
  private readonly folders = new Map<string, FolderState>();
  private readonly embeddings: NoteEmbeddings;
  private readonly checkpointMs: number | undefined;
  private readonly progressListeners = new Set<(p: NotesIndexPartial) => void>();
  private readonly embeddingSource: () => EmbeddingSource;

  constructor(
    private readonly service: FeatureHost,
    deps: NotesDeps = {},
  ) {
    this.embeddingSource = deps.embeddingSource ?? (() => IN_PROCESS_EMBEDDING);
    this.embeddings = new NoteEmbeddings(service);
    this.checkpointMs = service.tuning.notesCheckpointMs;
  }

  /** Hears every run's progress, with or without a request id (the CLI has no JSON-RPC channel). */
  onProgress(listener: (p: NotesIndexPartial) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  // ------------------------------------------------------------------ requests

  async index(params: NotesIndexParams, signal: AbortSignal): Promise<NotesIndexResult> {
    const started = performance.now();
    const folder = checkFolder(params?.folder, 'notes/index');
    if (params.files !== undefined && (!Array.isArray(params.files) || params.files.some((f) => typeof f !== 'string'))) {
      throw new LocalFocusError('bad-input', 'notes/index takes `files` as a list of paths.');
    }
    const state = this.state(folder);
    const open = await this.indexFor(state);
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) controller.abort();
    state.running.add(controller);
    const report = this.progressReporter(folder, params.requestId);
    const scope = new NoteScope(folder, params);
    let filesInScope = 0;
    try {
      let files: string[];
      if (params.files === undefined) {
        files = await scope.list(controller.signal);
      } else {
        files = [];
        for (const file of params.files) if (await scope.contains(file)) files.push(scope.relative(file)!);
      }
      filesInScope = files.length;
      const run = (): Promise<NoteUpdateResult> =>
        open.index.update(files, { signal: controller.signal, onProgress: report, scope: params.files === undefined ? 'all' : 'listed' });
      const update = params.background ? await backgroundRun.run(true, run) : await run();
      return await this.indexResult(folder, open, filesInScope, { ...update, ms: Math.round(performance.now() - started) });
    } catch (err) {
      const e = toLocalFocusError(err);
      if (e.code !== 'cancelled' || signal.aborted || !state.pausedByUser.has(controller)) throw e;
      const done = { ...emptyUpdate(), ...(e.data as Partial<NoteUpdateResult> & { pendingChunks?: number }) };
      const pendingChunks = (e.data as { pendingChunks?: number } | undefined)?.pendingChunks;
      const result = await this.indexResult(folder, open, filesInScope, { ...done, ms: Math.round(performance.now() - started) });
      return { ...result, paused: true, ...(pendingChunks !== undefined ? { pendingChunks } : {}) };
    } finally {
      signal.removeEventListener('abort', onAbort);
      state.running.delete(controller);
    }
  }

  async search(params: NotesSearchParams, signal: AbortSignal): Promise<NotesSearchResult> {
    const folder = checkFolder(params?.folder, 'notes/search');
    if (typeof params.query !== 'string') throw new LocalFocusError('bad-input', 'notes/search needs a query string.');
    const k = Math.min(MAX_K, Math.max(1, Math.floor(params.k ?? 10)));
    const asked = params.tier ?? 'hybrid';
    if (!['hybrid', 'dense', 'keyword'].includes(asked)) throw new LocalFocusError('bad-input', `The search tier must be hybrid, dense or keyword, not ${String(asked)}.`);
    const query = params.query.length > MAX_QUERY_CHARS ? params.query.slice(0, MAX_QUERY_CHARS) : params.query;
    const state = this.state(folder);
    const open = await this.indexFor(state);
    const options = {
      k,
      ...(params.excludeFile ? { excludeFile: params.excludeFile } : {}),
      ...(typeof params.relatedTo === 'string' ? { relatedTo: params.relatedTo } : {}),
      ...(params.snippetChars ? { snippetChars: params.snippetChars } : {}),
    };
    let fallback: string | undefined;
    const vectors = async (s: AbortSignal): Promise<NoteSearchResponse> => {
      if (open.modelId === null) throw new LocalFocusError('model-missing', (fallback = open.reason ?? 'the embedding model is not available'));
      const response = await open.index.search(query, { ...options, tier: asked, signal: s });
      // The index answered by keyword (nothing embedded yet, the model failed, a rebuild): the policy records why.
      if (response.tier === 'keyword') throw new LocalFocusError('model-missing', (fallback = response.fallbackReason ?? 'no vectors to search'));
      return response;
    };
    const keyword = (s: AbortSignal): Promise<NoteSearchResponse> => open.index.search(query, { ...options, tier: 'keyword', signal: s });
    const { value, tier } = await (open.tier === 'server' && asked !== 'keyword' ? this.searchOnServer(vectors, keyword, signal) : this.searchTiered(vectors, keyword, asked, signal));
    // The policy skipped the local tier without trying it: the model is not there.
    if (tier === 'degraded' && asked !== 'keyword' && fallback === undefined) fallback = open.reason ?? this.tierInfo(open).reason;
    const stats = await open.index.stats();
    return {
      folder,
      results: value.results,
      tier: value.tier,
      capabilityTier: tier,
      ...(fallback ? { reason: fallback } : {}),
      ...(fallback && open.modelId === null ? { hint: MODEL_HINT } : {}),
      ms: Math.round(value.ms * 10) / 10,
      indexed: { files: stats.files, chunks: stats.chunks, vectors: stats.vectors },
    };
  }

  async stats(params: NotesStatsParams): Promise<NotesStatsResult> {
    const folder = checkFolder(params?.folder, 'notes/stats');
    const state = this.state(folder);
    const open = await this.indexFor(state);
    return { stats: await open.index.stats(), indexing: state.running.size > 0, ...this.tierInfo(open) };
  }

  pause(params: NotesPauseParams): NotesPauseResult {
    const wanted = params?.folder ? path.resolve(params.folder) : undefined;
    const paused: string[] = [];
    for (const state of this.folders.values()) {
      if (wanted !== undefined && state.folder !== wanted) continue;
      if (state.running.size === 0) continue;
      for (const controller of state.running) {
        state.pausedByUser.add(controller);
        controller.abort();
      }
      paused.push(state.folder);
    }
    if (paused.length > 0) this.service.log('info', `Notes indexing paused for ${paused.join(', ')}; work done so far is saved.`);
    return { paused };
  }

  /** Stops every run (each saves what it did) and waits for them a little. */
  async dispose(): Promise<void> {
    const states = [...this.folders.values()];
    for (const state of states) for (const controller of state.running) controller.abort();
    const deadline = Date.now() + 10_000;
    while (states.some((s) => s.running.size > 0) && Date.now() < deadline) await sleep(50);
  }

  // ------------------------------------------------------------------ internals

  private state(folder: string): FolderState {
    let state = this.folders.get(folder);
    if (!state) {
      state = { folder, lock: Promise.resolve(), running: new Set(), pausedByUser: new WeakSet() };
      this.folders.set(folder, state);
    }
    return state;
  }

  private searchTiered(vectors: TierSearch, keyword: TierSearch, asked: string, signal: AbortSignal): Promise<{ value: NoteSearchResponse; tier: Tier }> {
    return this.service
      .runTiered('notesSearch', { local: vectors, degraded: keyword }, { signal, ...(asked === 'keyword' ? { forceTier: 'degraded' as const } : {}) })
      .catch((err) => {
        throw toLocalFocusError(err);
      });
  }

  /** Only the server whose model made the index can search its vectors: its tier runs first, then keywords answer. */
  private async searchOnServer(vectors: TierSearch, keyword: TierSearch, signal: AbortSignal): Promise<{ value: NoteSearchResponse; tier: Tier }> {
    try {
      return await this.service.runTiered('notesSearch', { server: vectors }, { signal, forceTier: 'server' });
    } catch (err) {
      const e = toLocalFocusError(err);
      if (e.code === 'cancelled' || signal.aborted) throw e;
      return this.searchTiered(vectors, keyword, 'keyword', signal);
    }
  }

  private tierInfo(open: OpenIndex): NotesTierInfo {
    const pending = open.index.pendingRebuild;
    if (open.modelId !== null && pending) return { tier: 'keyword', capabilityTier: 'degraded', reason: `the index is being rebuilt: ${pending}` };
    if (open.modelId !== null) return { tier: 'hybrid', capabilityTier: open.tier };
    return { tier: 'keyword', capabilityTier: 'degraded', ...(open.reason ? { reason: open.reason } : {}), hint: MODEL_HINT };
  }

  private async indexResult(folder: string, open: OpenIndex, filesInScope: number, update: NoteUpdateResult): Promise<NotesIndexResult> {
    const stats = await open.index.stats();
    return {
      folder,
      ...update,
      filesInScope,
      ...this.tierInfo(open),
      ...(open.index.rebuildReason ? { rebuildReason: open.index.rebuildReason } : {}),
      stats,
    };
  }

  /** The embedding setup of the source in use: a server's, or the in-process one the policy allows now; or why there is none. */
  private async wantedEmbedding(): Promise<{ embedding?: NoteEmbedding; reason?: string }> {
    const source = this.embeddingSource();
    if (source !== IN_PROCESS_EMBEDDING) return { embedding: this.embeddings.forServer(source) };
    const status = this.service.status().capabilities.find((c) => c.capability === 'notesSearch');
    if (status?.tier !== 'local') return { reason: status?.reason ?? 'the embedding model is not available' };
    const modelDir = this.service.modelPath('notesSearch');
    try {
      return { embedding: await this.embeddings.forModel(modelDir) };
    } catch (err) {
      return { reason: toLocalFocusError(err).message };
    }
  }

  /**
   * The folder's index, opened again when the embedding model came or went since it was opened, but
   * never under a run in flight (that run keeps the index it started with; the next call reopens).
   */
  private indexFor(state: FolderState): Promise<OpenIndex> {
    const run = state.lock.then(async () => {
      const wanted = await this.wantedEmbedding();
      const modelId = wanted.embedding?.modelId ?? null;
      if (state.open && (state.open.modelId === modelId || state.running.size > 0)) {
        if (state.open.modelId === modelId) state.open.reason = wanted.reason;
        return state.open;
      }
      if (state.open) {
        this.service.log('info', `Note index of ${state.folder}: reopening ${modelId ? `with the embedding model ${modelId}` : `keyword-only (${wanted.reason})`}.`);
      }
      const embed = wanted.embedding ? this.throttled(wanted.embedding.embed) : undefined;
      const index = await NoteIndex.open({
        folder: state.folder,
        ...(wanted.embedding && embed ? { modelId: wanted.embedding.modelId, embed, ...(wanted.embedding.countTokens ? { countTokens: wanted.embedding.countTokens } : {}) } : {}),
        ...(this.checkpointMs ? { checkpointMs: this.checkpointMs } : {}),
        log: (level, message) => this.service.log(level, message),
      });
      if (!wanted.embedding && wanted.reason !== state.loggedReason) {
        state.loggedReason = wanted.reason;
        this.service.log('info', `Notes search in ${state.folder} is keyword-only: ${wanted.reason}. ${MODEL_HINT}`);
      } else if (wanted.embedding) {
        state.loggedReason = undefined;
      }
      state.open = { index, modelId, tier: wanted.embedding?.tier ?? 'local', ...(wanted.reason ? { reason: wanted.reason } : {}) };
      return state.open;
    });
    state.lock = run.catch(() => undefined);
    return run;
  }

  /** The embed function with a pause after each batch of a background run. */
  private throttled(embed: EmbedFunction): EmbedFunction {
    return async (texts, signal) => {
      const started = performance.now();
      const vectors = await embed(texts, signal);
      if (backgroundRun.getStore()) await sleep(Math.round((performance.now() - started) * BACKGROUND_PAUSE_RATIO));
      return vectors;
    };
  }

  private progressReporter(folder: string, requestId: string | undefined): (p: NoteIndexProgress) => void {
    const notify = typeof requestId === 'string' && requestId !== '';
    let lastAt = 0;
    let lastPhase: NoteIndexProgress['phase'] | undefined;
    return (p) => {
      const now = performance.now();
      const edge = p.phase !== lastPhase || p.done === 0 || p.done >= p.total;
      if (!edge && now - lastAt < PROGRESS_INTERVAL_MS) return;
      lastAt = now;
      lastPhase = p.phase;
      const partial: NotesIndexPartial = { kind: 'notes/progress', folder, ...p };
      for (const listener of this.progressListeners) listener(partial);
      if (notify) this.service.progress({ requestId, message: progressMessage(p), done: p.done, total: p.total, partial });
    };
  }
}
