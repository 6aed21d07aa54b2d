// The model-server settings and the tier order as the user wrote them, checked and turned into the
// worker's shapes. A bad value never reaches the worker: it is replaced by its default and named in a
// warning that says what to fix. No vscode here, so plain Node tests cover it.
import { DEFAULT_TIER_ORDER, type LocalServerSettings, type ModelTier } from '../core/protocol';

const MODEL_TIERS: readonly ModelTier[] = ['local', 'server', 'cloud'];

/** The raw values of localFocus.localServer.* and localFocus.tierOrder, as read from the settings. */
export interface RawLocalServerSettings {
  detect: unknown;
  url: unknown;
  allowHosts: unknown;
  chatModel: unknown;
  embeddingModel: unknown;
  tierOrder: unknown;
}

export interface CheckedLocalServerSettings {
  localServer: LocalServerSettings;
  tierOrder: ModelTier[];
  /** One sentence per value that was replaced by its default, saying what to fix. */
  warnings: string[];
}

export function checkLocalServerSettings(raw: RawLocalServerSettings): CheckedLocalServerSettings {
  const warnings: string[] = [];
  const url = serverUrl(raw.url, warnings);
  const chatModel = text(raw.chatModel);
  const embeddingModel = text(raw.embeddingModel);
  return {
    localServer: {
      detect: raw.detect !== false,
      ...(url ? { url } : {}),
      allowHosts: allowHosts(raw.allowHosts, warnings),
      ...(chatModel ? { chatModel } : {}),
      ...(embeddingModel ? { embeddingModel } : {}),
    },
    tierOrder: tierOrder(raw.tierOrder, warnings),
    warnings,
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** An http(s) URL without a trailing slash, or undefined (empty, or not one: then a warning). */
function serverUrl(value: unknown, warnings: string[]): string | undefined {
  const raw = text(value);
  if (!raw) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.username || parsed.password) {
    warnings.push(`localFocus.localServer.url "${raw}" is not an http:// or https:// URL without credentials (e.g. "http://127.0.0.1:11434"); no extra server is used until it is fixed.`);
    return undefined;
  }
  return raw.replace(/\/+$/, '');
}

/** Host names or IP addresses; entries with a scheme, a path or spaces are dropped with a warning. */
function allowHosts(value: unknown, warnings: string[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    warnings.push('localFocus.localServer.allowHosts must be a list of host names, e.g. ["gpu-box.lan"]; no extra host is allowed until it is fixed.');
    return [];
  }
  const hosts: string[] = [];
  const bad: string[] = [];
  for (const entry of value) {
    const host = typeof entry === 'string' ? entry.trim().toLowerCase() : '';
    // A name or an IPv4 address, or an IPv6 address (colons, maybe in brackets); "host:port" is not a host.
    const hostPort = /^[^:]+:\d+$/.test(host);
    if (/^[a-z0-9.\-:[\]]+$/.test(host) && !hostPort) hosts.push(host);
    else bad.push(JSON.stringify(entry));
  }
  if (bad.length) warnings.push(`localFocus.localServer.allowHosts: ${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} not a host name (write "gpu-box.lan" or "10.0.0.5", no scheme or port); ignored.`);
  return [...new Set(hosts)];
}

/** A list of distinct model tiers; anything else falls back to the default order with a warning. */
function tierOrder(value: unknown, warnings: string[]): ModelTier[] {
  if (value === undefined || value === null) return [...DEFAULT_TIER_ORDER];
  const valid =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((t) => (MODEL_TIERS as readonly unknown[]).includes(t)) &&
    new Set(value).size === value.length;
  if (!valid) {
    warnings.push(
      `localFocus.tierOrder ${JSON.stringify(value)} must list distinct tiers among "local", "server" and "cloud" (rules always come last); using ${JSON.stringify(DEFAULT_TIER_ORDER)} until it is fixed.`,
    );
    return [...DEFAULT_TIER_ORDER];
  }
  return value as ModelTier[];
}
