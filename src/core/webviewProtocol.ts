// Messages between the extension host and the model manager webview (both directions typed here).
// The host checks every incoming message with parseWebviewMessage: a webview is a web page, and
// nothing it posts is acted on unless it has the expected shape.
import { MODEL_ROLES, ModelRole } from './models/catalogTypes';
import { isHubRepo } from './models/hubNames';
import type { HubSearchResult } from './modelsHubProtocol';
import type { DeviceInfo, ModelDownloadProgress, ModelListResult, ModelsOnDiskResult } from './modelsProtocol';

/** What a button on a model's card asks for. */
export type ModelAction = 'download' | 'pause' | 'resume' | 'cancel' | 'load' | 'unload' | 'remove' | 'verify';
export const MODEL_ACTIONS: readonly ModelAction[] = ['download', 'pause', 'resume', 'cancel', 'load', 'unload', 'remove', 'verify'];

/** The "Search Hugging Face" section: the last search shown, and what the host is doing with it. */
export interface HubPanelState {
  /** The search on screen (from the Hub just now, or kept from an earlier one: see its `stale`). */
  search?: HubSearchResult;
  /** A search is running. */
  busy: boolean;
  /** Why the last search failed, with what to do. */
  error?: string;
  /** Set in Local only: why the search box is off (the last search can still be browsed). */
  offReason?: string;
  /** The hub asked, for the heading. */
  hubUrl: string;
}

export type HostToWebview =
  /** The whole picture: catalog, states, roles, device. */
  | { type: 'models'; list: ModelListResult }
  /** The worker is down or starting; the last list stays on screen, greyed. */
  | { type: 'workerDown'; reason: string }
  /** A download moved (at most ~10 a second per model). */
  | { type: 'progress'; progress: ModelDownloadProgress }
  /** The device report with the GPU, after "Detect GPU". */
  | { type: 'device'; device: DeviceInfo }
  /** An action started or ended, so its card can show it is busy (loading a model takes seconds). */
  | { type: 'busy'; id: string; action: ModelAction; busy: boolean }
  /** The models found in Ollama's and LM Studio's folders ("Found on this machine"). */
  | { type: 'onDisk'; found: ModelsOnDiskResult }
  /** Reading those folders or checking one of their models started or ended. */
  | { type: 'onDiskBusy'; busy: boolean }
  /** The Hub search section changed. */
  | { type: 'hub'; panel: HubPanelState };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'action'; action: ModelAction; id: string }
  /** Make the worker use this model for a role (writes the localFocus.models.* setting). */
  | { type: 'useForRole'; id: string; role: ModelRole }
  | { type: 'importModel' }
  | { type: 'addModelFromUrl' }
  | { type: 'detectGpu' }
  | { type: 'openModelsFolder' }
  | { type: 'showLog' }
  /** Read Ollama's and LM Studio's folders again. */
  | { type: 'refreshOnDisk' }
  /** Use the found model whose file is `path` where it lies; the worker accepts only a path it found. */
  | { type: 'useInPlace'; path: string }
  /** Search the Hub for models of a role. */
  | { type: 'hubSearch'; query: string; role: ModelRole }
  /** Add a search result to the catalog and download it; the worker accepts only a file the Hub lists for the role. */
  | { type: 'hubDownload'; repo: string; file: string; role: ModelRole }
  | { type: 'setHubToken' };

const SIMPLE: ReadonlySet<string> = new Set(['ready', 'refresh', 'importModel', 'addModelFromUrl', 'detectGpu', 'openModelsFolder', 'showLog', 'refreshOnDisk', 'setHubToken']);
/** A search is one line of at most this many characters. */
const MAX_QUERY_LENGTH = 200;
/** Paths are checked against the found list by the worker; here only their form. */
const MAX_PATH_LENGTH = 4096;
const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,79}$/;

/** The message if it is one the host understands, else undefined. */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  if (typeof m.type !== 'string') return undefined;
  if (SIMPLE.has(m.type)) return { type: m.type } as WebviewToHost;
  const id = typeof m.id === 'string' && ID_PATTERN.test(m.id) ? m.id : undefined;
  if (m.type === 'action' && id && MODEL_ACTIONS.includes(m.action as ModelAction)) return { type: 'action', action: m.action as ModelAction, id };
  if (m.type === 'useForRole' && id && MODEL_ROLES.includes(m.role as ModelRole)) return { type: 'useForRole', id, role: m.role as ModelRole };
  if (m.type === 'useInPlace' && typeof m.path === 'string' && m.path.length > 0 && m.path.length <= MAX_PATH_LENGTH && !m.path.includes('\0')) return { type: 'useInPlace', path: m.path };
  return parseHubMessage(m);
}

function parseHubMessage(m: Record<string, unknown>): WebviewToHost | undefined {
  const role = MODEL_ROLES.includes(m.role as ModelRole) ? (m.role as ModelRole) : undefined;
  if (!role) return undefined;
  if (m.type === 'hubSearch' && typeof m.query === 'string' && m.query.trim() && m.query.length <= MAX_QUERY_LENGTH && !/[\u0000-\u001f\u007f]/.test(m.query)) {
    return { type: 'hubSearch', query: m.query.trim(), role };
  }
  if (m.type === 'hubDownload' && isHubRepo(m.repo) && typeof m.file === 'string' && m.file.length > 0 && m.file.length <= MAX_PATH_LENGTH && !m.file.includes('\0')) {
    return { type: 'hubDownload', repo: m.repo, file: m.file, role };
  }
  return undefined;
}
