// Finds the model servers a developer already runs: Ollama on 127.0.0.1:11434, LM Studio on 1234
// and llama-server on 8080 (each port is asked in both APIs, since people move servers around),
// plus the URL in localFocus.localServer.url. Probes are short and run in parallel, and go
// to no host but these: in Local-only mode a configured URL on another machine is not even asked
// unless the trust rule counts it as Local.
import { LocalFocusError } from '../../core/errors';
import type { DetectedLocalServer } from '../../core/localServerProtocol';
import { modelsFromOllamaTags, modelsFromOpenAiList } from './modelListing';
import { fetchJson, type ServerCall } from './serverRequest';
import { isLocalServer, isLoopbackHost } from './trust';

export interface ServerCandidate {
  /** Base URL, e.g. "http://127.0.0.1:1234". */
  url: string;
  /** The name for an OpenAI-compatible server found here that does not say what it is. */
  nameHint?: string;
}

export const WELL_KNOWN_SERVERS: readonly ServerCandidate[] = [
  { url: 'http://127.0.0.1:11434' },
  { url: 'http://127.0.0.1:1234', nameHint: 'LM Studio' },
  { url: 'http://127.0.0.1:8080', nameHint: 'llama-server' },
];

export interface DetectOptions {
  /** Probe the well-known ports; false probes only the configured URL (the user named it). */
  autoDetect: boolean;
  /** localFocus.localServer.url; "http://host:port", with or without a trailing /v1 or /api. */
  configuredUrl?: string;
  /** Hosts besides loopback whose servers count as Local (the trust rule). */
  allowHosts?: readonly string[];
  /** Whether a configured URL that is not Local may be probed: never in Local-only mode. */
  probeRemote?: boolean;
  signal: AbortSignal;
  /** Per request; default 500 ms (loopback servers answer in milliseconds). */
  probeTimeoutMs?: number;
  /** Replaces WELL_KNOWN_SERVERS (tests: fake servers on free ports). */
  wellKnown?: readonly ServerCandidate[];
  fetchImpl?: typeof fetch;
}

type Found = Omit<DetectedLocalServer, 'local'>;

/** A configured URL as a base URL: http(s), no query, no trailing slash or API suffix; undefined when it is not one. */
export function serverBaseUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const path = url.pathname.replace(/\/+$/, '').replace(/\/(v1|api)$/, '');
  return `${url.origin}${path}`;
}

/** The same server under another spelling: localhost, 127.0.0.1 and ::1 are one machine. */
function serverKey(base: string): string {
  const url = new URL(base);
  const host = isLoopbackHost(url.hostname) ? 'loopback' : url.hostname;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.protocol}//${host}:${port}${url.pathname.replace(/\/+$/, '')}`;
}

/** undefined for any failure: a probe that gets no answer means "no such server here". */
function probe(url: string, call: ServerCall, timeoutMs: number): Promise<unknown> {
  return fetchJson(url, undefined, call, timeoutMs).catch(() => undefined);
}

async function probeOllama(base: string, call: ServerCall, timeoutMs: number): Promise<Found | undefined> {
  const [version, tags] = await Promise.all([probe(`${base}/api/version`, call, timeoutMs), probe(`${base}/api/tags`, call, timeoutMs)]);
  const models = modelsFromOllamaTags(tags);
  if (!models) return undefined;
  const v = (version as { version?: unknown } | undefined)?.version;
  return { kind: 'ollama', url: base, name: typeof v === 'string' ? `Ollama ${v}` : 'Ollama', models };
}

/** llama-server has GET /props and owns its models as "llamacpp"; LM Studio owns them as "organization_owner". */
function openAiServerName(list: unknown, props: unknown, hint: string | undefined): string {
  const owners = ((list as { data?: { owned_by?: unknown }[] }).data ?? []).map((m) => m?.owned_by);
  const p = props as { build_info?: unknown; default_generation_settings?: unknown } | undefined;
  if (p?.build_info !== undefined || p?.default_generation_settings !== undefined || owners.includes('llamacpp')) return 'llama-server';
  if (owners.includes('organization_owner')) return 'LM Studio';
  return hint ?? 'OpenAI-compatible server';
}

async function probeOpenAi(candidate: ServerCandidate, call: ServerCall, timeoutMs: number): Promise<Found | undefined> {
  const base = candidate.url;
  const [list, props] = await Promise.all([probe(`${base}/v1/models`, call, timeoutMs), probe(`${base}/props`, call, timeoutMs)]);
  const models = modelsFromOpenAiList(list);
  if (!models) return undefined;
  return { kind: 'openai-compatible', url: base, name: openAiServerName(list, props, candidate.nameHint), models };
}

/** Both APIs at once; Ollama also serves /v1/models, so its native answer wins. */
async function probeServer(candidate: ServerCandidate, call: ServerCall, timeoutMs: number): Promise<Found | undefined> {
  const [ollama, openAi] = await Promise.all([probeOllama(candidate.url, call, timeoutMs), probeOpenAi(candidate, call, timeoutMs)]);
  return ollama ?? openAi;
}

/** The servers that answer, each with its models and whether it counts as Local; rejects only when cancelled. */
export async function detectLocalServers(options: DetectOptions): Promise<DetectedLocalServer[]> {
  const allowHosts = options.allowHosts ?? [];
  const candidates = options.autoDetect ? [...(options.wellKnown ?? WELL_KNOWN_SERVERS)] : [];
  const configured = options.configuredUrl ? serverBaseUrl(options.configuredUrl) : undefined;
  const mayProbeConfigured = configured !== undefined && (options.probeRemote === true || isLocalServer(configured, allowHosts));
  if (mayProbeConfigured && !candidates.some((c) => serverKey(c.url) === serverKey(configured))) candidates.push({ url: configured });
  const call: ServerCall = { where: 'a model server', signal: options.signal, fetchImpl: options.fetchImpl ?? fetch };
  const timeoutMs = options.probeTimeoutMs ?? 500;
  const found = await Promise.all(candidates.map((c) => probeServer(c, call, timeoutMs)));
  if (options.signal.aborted) throw new LocalFocusError('cancelled');
  return found.flatMap((server) => (server ? [{ ...server, local: isLocalServer(server.url, allowHosts) }] : []));
}
