// The model servers the worker knows of: it detects them on start and whenever the settings that
// decide which servers exist change (detection, the extra URL, the allowed hosts, the mode), keeps
// the list for the status, picks the model per role (localServerChoice) and makes the clients.
// A server that stops answering (server-down, timeout) is marked down with the failure, so the
// policy skips it with that reason, and detection runs again after probeDelayMs' backoff until
// it answers: the tier comes back without a restart.
import { LocalFocusError } from '../../core/errors';
import { pickServer, serverAvailability, type ServerAvailability, type ServerFacts } from '../../core/localServerChoice';
import type { DetectedLocalServer, LocalServerModelRole } from '../../core/localServerProtocol';
import { probeDelayMs } from '../../core/modePolicy';
import type { Capability, LocalServerSettings, LogLevel, Mode } from '../../core/protocol';
import { createLocalServerClient } from './createClient';
import { detectLocalServers, serverBaseUrl, type ServerCandidate } from './detection';
import { localServerFailureReason } from './failures';
import type { LocalServerClient, LocalServerClientOptions } from './localServerClient';

export interface LocalServersOptions {
  log(level: LogLevel, message: string): void;
  /** Called whenever the servers, their models or a down mark changed. */
  onChange(): void;
  /** First re-detection delay after a server went down; doubles per failure. */
  probeBaseMs?: number;
  /** Per request to a well-known port (detectLocalServers' default when absent). */
  probeTimeoutMs?: number;
  /** Per request to the configured URL; default 3 s. */
  configuredProbeTimeoutMs?: number;
  /** Replaces the well-known ports (tests: fake servers on free ports). */
  wellKnown?: readonly ServerCandidate[];
  /** Passed to the clients: chat timeouts, fetch. */
  client?: Omit<LocalServerClientOptions, 'url' | 'name' | 'chatModel' | 'embeddingModel'>;
}

/** A client with the model it uses, and an id that names both (for stores keyed by model). */
export interface ServerModelClient {
  client: LocalServerClient;
  model: string;
  id: string;
}

/** Absent settings: detection on, no other server. */
const DEFAULT_SETTINGS: LocalServerSettings = { detect: true, allowHosts: [] };
/** Failures that mean the server itself is gone, not that one answer went wrong. */
const DOWN_REASONS: ReadonlySet<string> = new Set(['server-down', 'timeout']);
const ROLE_OF: Record<Capability, LocalServerModelRole> = { taskParsing: 'chat', codeReview: 'chat', notesSearch: 'embedding' };

interface DownServer {
  name: string;
  reason: string;
  failures: number;
}

export class LocalServers {
  private settings: LocalServerSettings = DEFAULT_SETTINGS;
  private probeRemote = false;
  private detectionKey: string | undefined;
  private servers: DetectedLocalServer[] = [];
  private readonly down = new Map<string, DownServer>();
  private detecting: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Bumped by each configure, so a detection started under older settings is ignored. */
  private generation = 0;
  private disposed = false;

  constructor(private readonly options: LocalServersOptions) {}

  /** Follows the settings; detects again only when they change which servers exist. */
  configure(settings: LocalServerSettings | undefined, mode: Mode): void {
    this.settings = settings ?? DEFAULT_SETTINGS;
    // Local only promises that no prompt leaves the machine: a remote URL is not even asked.
    this.probeRemote = mode !== 'localOnly';
    const { detect, url, allowHosts } = this.settings;
    const key = JSON.stringify({ detect, url: url?.trim() ?? '', allowHosts, probeRemote: this.probeRemote });
    if (key === this.detectionKey) return;
    this.detectionKey = key;
    this.generation++;
    this.servers = [];
    this.down.clear();
    this.clearRetry();
    void this.detect();
  }

  /** Whether any server is looked for: detection is on or a URL is set. */
  get lookedFor(): boolean {
    return this.settings.detect || Boolean(this.settings.url?.trim());
  }

  /** Resolves when the detection in flight (if any) has finished. */
  settled(): Promise<void> {
    return this.detecting ?? Promise.resolve();
  }

  /** The servers the last detection found, the configured URL's first. */
  list(): DetectedLocalServer[] {
    return this.servers;
  }

  /** The server tier's facts per capability for the policy; undefined when none is looked for. */
  availability(): Record<Capability, ServerAvailability> | undefined {
    if (!this.lookedFor) return undefined;
    const facts = this.facts();
    const chat = serverAvailability('chat', facts);
    return { taskParsing: chat, codeReview: chat, notesSearch: serverAvailability('embedding', facts) };
  }

  /** The client and model that answer chat requests now, if any. */
  chatServer(): ServerModelClient | undefined {
    return this.clientFor('chat');
  }

  /** The client and model that embed now, if any (the notes feature's server tier). */
  embeddingServer(): ServerModelClient | undefined {
    return this.clientFor('embedding');
  }

  /**
   * The client for one chat model by name, for a bench: `server:<model>` (the first server that
   * lists it) or `<server url>#<model>`. Only a server that counts as Local unless the mode lets
   * prompts leave the machine, and not one marked down; undefined when none fits.
   */
  chatModelClient(ref: string): ServerModelClient | undefined {
    const named = parseServerModelRef(ref);
    if (!named) return undefined;
    const server = this.servers.find(
      (s) =>
        (named.url === undefined || s.url === named.url) &&
        (s.local || this.probeRemote) &&
        !this.down.has(s.url) &&
        s.models.some((m) => m.name === named.model && m.role === 'chat'),
    );
    if (!server) return undefined;
    const client = createLocalServerClient(server.kind, { ...this.options.client, url: server.url, name: server.name, chatModel: named.model });
    return { client, model: named.model, id: `${server.url}#${named.model}` };
  }

  /** The client for a capability, or the reason there is none as a 'local-server' error. */
  requireClient(capability: Capability): ServerModelClient {
    const found = this.clientFor(ROLE_OF[capability]);
    if (found) return found;
    const pick = pickServer(ROLE_OF[capability], this.facts());
    throw new LocalFocusError('local-server', 'reason' in pick ? `No model server can answer: ${pick.reason}.` : undefined, { reason: 'server-down' });
  }

  /**
   * A call to the server at `url` failed. A server that is gone (server-down, timeout) is marked
   * down and detected again later; a broken connection may be a server that was just stopped (a
   * kept-alive socket sees that first), so detection checks at once. Other failures are the
   * answer's, not the server's.
   */
  noteFailure(url: string, err: unknown): void {
    const reason = localServerFailureReason(err);
    if (reason === 'stream-died') {
      void this.detect();
      return;
    }
    if (!reason || !DOWN_REASONS.has(reason)) return;
    this.markDown(url, reason === 'timeout' ? 'it stopped answering' : 'nothing answers');
    this.options.onChange();
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.clearRetry();
  }

  private markDown(url: string, reason: string): void {
    const name = this.servers.find((s) => s.url === url)?.name ?? this.down.get(url)?.name ?? 'Model server';
    const failures = (this.down.get(url)?.failures ?? 0) + 1;
    this.down.set(url, { name, reason, failures });
    this.scheduleRetry(failures);
    this.options.log('warn', `${name} at ${url} is down (${reason}); detecting again in ${probeDelayMs(failures, this.options.probeBaseMs)} ms`);
  }

  private facts(): ServerFacts {
    const down = new Map([...this.down].map(([url, d]) => [url, { name: d.name, reason: d.reason }]));
    return {
      servers: this.servers,
      down,
      ...(this.settings.chatModel ? { chatModel: this.settings.chatModel } : {}),
      ...(this.settings.embeddingModel ? { embeddingModel: this.settings.embeddingModel } : {}),
    };
  }

  private clientFor(role: LocalServerModelRole): ServerModelClient | undefined {
    if (!this.lookedFor) return undefined;
    const pick = pickServer(role, this.facts());
    if ('reason' in pick) return undefined;
    const { server, model } = pick;
    const client = createLocalServerClient(server.kind, {
      ...this.options.client,
      url: server.url,
      name: server.name,
      ...(role === 'chat' ? { chatModel: model } : { embeddingModel: model }),
    });
    return { client, model, id: `${server.url}#${model}` };
  }

  private detect(): Promise<void> {
    if (this.detecting) return this.detecting;
    const generation = this.generation;
    this.detecting = this.findServers()
      .then((found) => {
        if (generation === this.generation && !this.disposed) this.applyDetection(found);
      })
      .catch((err) => this.options.log('warn', `model server detection failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.detecting = undefined;
      });
    return this.detecting;
  }

  /**
   * The well-known ports and the configured URL, asked in parallel, the configured server first.
   * A server the user named gets longer to answer than a guess at a port: it may be on another
   * machine, or this process may be busy starting.
   */
  private async findServers(): Promise<DetectedLocalServer[]> {
    const { detect, url, allowHosts } = this.settings;
    const configured = url?.trim() ? serverBaseUrl(url) : undefined;
    const common = { allowHosts, signal: new AbortController().signal, ...(this.options.client?.fetchImpl ? { fetchImpl: this.options.client.fetchImpl } : {}) };
    const [wellKnown, named] = await Promise.all([
      detect
        ? detectLocalServers({
            ...common,
            autoDetect: true,
            ...(this.options.probeTimeoutMs ? { probeTimeoutMs: this.options.probeTimeoutMs } : {}),
            ...(this.options.wellKnown ? { wellKnown: this.options.wellKnown } : {}),
          })
        : [],
      configured
        ? detectLocalServers({ ...common, autoDetect: false, configuredUrl: configured, probeRemote: this.probeRemote, probeTimeoutMs: this.options.configuredProbeTimeoutMs ?? 3_000 })
        : [],
    ]);
    return [...named, ...wellKnown.filter((s) => !named.some((n) => n.url === s.url))];
  }

  /**
   * A down server that answers is up again. One that answered before and no longer does is down,
   * like one still missing, and both are detected again after the backoff.
   */
  private applyDetection(found: DetectedLocalServer[]): void {
    const before = JSON.stringify({ servers: this.servers, down: [...this.down.keys()] });
    const answering = new Set(found.map((s) => s.url));
    for (const server of found) {
      if (this.down.delete(server.url)) this.options.log('info', `${server.name} at ${server.url} answers again; the server tier is back`);
    }
    const vanished = this.servers.filter((s) => !answering.has(s.url) && !this.down.has(s.url));
    const stillDown = [...this.down.keys()];
    this.servers = found;
    for (const server of vanished) this.down.set(server.url, { name: server.name, reason: 'nothing answers', failures: 0 });
    for (const url of [...vanished.map((s) => s.url), ...stillDown]) this.markDown(url, this.down.get(url)!.reason);
    if (JSON.stringify({ servers: this.servers, down: [...this.down.keys()] }) !== before) {
      const names = found.map((s) => `${s.name} at ${s.url} (${s.models.length} models${s.local ? '' : ', not Local'})`);
      this.options.log('info', names.length > 0 ? `model servers: ${names.join(', ')}` : 'no model server found');
      this.options.onChange();
    }
  }

  private scheduleRetry(failures: number): void {
    this.clearRetry();
    if (this.disposed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.detect();
    }, probeDelayMs(failures, this.options.probeBaseMs));
    this.retryTimer.unref?.();
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}

/** `server:<model>` or `<server url>#<model>`; undefined for anything else (a catalog id). */
export function parseServerModelRef(ref: string): { url?: string; model: string } | undefined {
  if (ref.startsWith('server:')) return ref.length > 'server:'.length ? { model: ref.slice('server:'.length) } : undefined;
  const hash = ref.lastIndexOf('#');
  if (hash <= 0 || !/^https?:\/\//.test(ref)) return undefined;
  const model = ref.slice(hash + 1);
  return model ? { url: ref.slice(0, hash).replace(/\/+$/, ''), model } : undefined;
}
