// How the worker reaches the Hub under the settings in force: its address (localFocus.hub.url,
// else the public Hub), the proxy (http.proxy, else HTTPS_PROXY) and the token (HF_TOKEN), read
// again on every use so a changed setting applies to the next request. The token goes only to the
// Hub's own origin: in the API requests, in the leading-bytes read of a GGUF header, and in a
// download of a file the Hub serves (credentialsFor); a host the Hub redirects to never sees it.
import type { GgufModelInfo } from '../../../../core/models/gguf';
import { ggufModelInfo, readGgufHeaderWith } from '../../../../core/models/gguf';
import { hubBaseUrl } from '../../../../core/models/hubAddress';
import { toLocalFocusError } from '../../../../core/errors';
import { fetchLeadingBytes, proxyFromEnv } from '../../../download';
import type { ModelManagerHost } from '../modelManagerHost';
import { HubClient } from './hubClient';
import { HubHttp } from './hubHttp';

export class HubAccess {
  constructor(private readonly host: ModelManagerHost) {}

  /** The Hub's base URL; a bad-input error naming the setting when it is not usable. */
  base(): string {
    return hubBaseUrl(this.host.currentConfig.hub?.url);
  }

  client(): HubClient {
    const { proxy, noProxy } = this.proxy();
    const token = this.token();
    return new HubClient(new HubHttp(this.base(), { ...(token ? { token } : {}), ...(proxy ? { proxy } : {}), ...(noProxy ? { noProxy } : {}) }));
  }

  /** The Authorization header for a download from the Hub's origin; undefined for any other URL or without a token. */
  credentialsFor(url: string): Record<string, string> | undefined {
    const token = this.token();
    if (!token) return undefined;
    try {
      return new URL(url).origin === new URL(this.base()).origin ? { authorization: `Bearer ${token}` } : undefined;
    } catch {
      return undefined;
    }
  }

  /** A GGUF file's model facts from its first bytes on the Hub; undefined (and a log line) when they cannot be read. */
  async header(url: string, signal?: AbortSignal): Promise<GgufModelInfo | undefined> {
    const { proxy, noProxy } = this.proxy();
    const headers = this.credentialsFor(url);
    try {
      const read = (n: number) => fetchLeadingBytes(url, n, { ...(proxy ? { proxy } : {}), ...(noProxy ? { noProxy } : {}), ...(headers ? { headers } : {}), stallTimeoutMs: 10_000, ...(signal ? { signal } : {}) });
      return ggufModelInfo(await readGgufHeaderWith(read, { stopAtModelInfo: true, initialBytes: 256 * 1024, maxBytes: 16 * 1024 * 1024, ...(signal ? { signal } : {}) }));
    } catch (err) {
      this.host.log('info', `Could not read the GGUF header of ${url} (${toLocalFocusError(err).message}); its memory estimate counts the weights only.`);
      return undefined;
    }
  }

  private token(): string | undefined {
    return this.host.currentConfig.hub?.token?.trim() || undefined;
  }

  private proxy(): { proxy?: string; noProxy?: string[] } {
    const fromEnv = proxyFromEnv();
    const proxy = this.host.currentConfig.proxy?.trim() || fromEnv.proxy;
    return { ...(proxy ? { proxy } : {}), ...(fromEnv.noProxy ? { noProxy: fromEnv.noProxy } : {}) };
  }
}
