// The GGUF headers a model's shape is read from, cached: from the file on disk (keyed by path,
// size and modification time, so a replaced file is read again) and from the model's server
// before it is downloaded (keyed by URL; only the header's leading bytes are fetched).
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { toLocalFocusError } from '../../../core/errors';
import type { CatalogEntry } from '../../../core/models/catalogTypes';
import { GgufModelInfo, ggufModelInfo, readGgufHeaderFromFile, readGgufHeaderWith } from '../../../core/models/gguf';
import { fetchLeadingBytes, proxyFromEnv } from '../../download';
import type { ModelManagerHost } from './modelManagerHost';

export class GgufHeaders {
  /** null: the file is there but its header cannot be read. */
  private readonly fromFiles = new Map<string, GgufModelInfo | null>();
  private readonly fromServers = new Map<string, GgufModelInfo>();

  constructor(private readonly host: ModelManagerHost) {}

  /** The header of a file on disk; undefined when the file is missing or is not GGUF. */
  async ofFile(p: string): Promise<GgufModelInfo | undefined> {
    let st: fs.Stats;
    try {
      st = await fsp.stat(p);
    } catch {
      return undefined;
    }
    const key = `${p}|${st.size}|${st.mtimeMs}`;
    if (!this.fromFiles.has(key)) {
      try {
        this.fromFiles.set(key, ggufModelInfo(await readGgufHeaderFromFile(p, { stopAtModelInfo: true })));
      } catch {
        this.fromFiles.set(key, null);
      }
    }
    return this.fromFiles.get(key) ?? undefined;
  }

  /** Keeps a header read from a server elsewhere (a Hub search result's), for the estimate of the entry at that URL. */
  remember(url: string, info: GgufModelInfo): void {
    this.fromServers.set(url, info);
  }

  /** The header fetched earlier from this URL's server, if one was. */
  fetchedFrom(url: string): GgufModelInfo | undefined {
    return this.fromServers.get(url);
  }

  /**
   * Reads a GGUF model's header from its server, for a memory estimate before the download when
   * the catalog lacks the model's shape. Undefined (and a line in the log) when it cannot.
   */
  async fetch(entry: CatalogEntry, signal?: AbortSignal): Promise<GgufModelInfo | undefined> {
    const file = entry.files[0];
    if (entry.format !== 'gguf' || !file || !/^https?:/.test(file.url)) return undefined;
    const cached = this.fromServers.get(file.url);
    if (cached) return cached;
    const proxy = this.host.currentConfig.proxy?.trim() || proxyFromEnv().proxy;
    try {
      const header = await readGgufHeaderWith((n) => fetchLeadingBytes(file.url, n, { ...(proxy ? { proxy } : {}), stallTimeoutMs: 10_000, ...(signal ? { signal } : {}) }), {
        stopAtModelInfo: true,
        initialBytes: 256 * 1024,
        maxBytes: 16 * 1024 * 1024,
        ...(signal ? { signal } : {}),
      });
      const info = ggufModelInfo(header);
      this.fromServers.set(file.url, info);
      return info;
    } catch (err) {
      this.host.log('info', `Could not read the header of ${file.url} before downloading (${toLocalFocusError(err).message}); the memory estimate uses the catalog.`);
      return undefined;
    }
  }
}
