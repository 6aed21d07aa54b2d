// The first bytes of a remote file, to read a GGUF header before downloading the whole file; the
// same transport rules (https, redirects, proxy, stall timeout) as a download.
import { DownloadError } from './errors';
import type { DownloaderOptions } from './options';
import { StallWatch } from './stallWatch';
import { Transport } from './transport';

interface FetchBytesOptions extends Pick<DownloaderOptions, 'httpsAgent' | 'proxy' | 'noProxy' | 'ca' | 'rejectUnauthorized' | 'headers' | 'maxRedirects' | 'stallTimeoutMs'> {
  signal?: AbortSignal;
}

/**
 * The first `length` bytes of a remote file: a Range request, or the start of a full response when
 * the server ignores Range (the rest is not read). For reading a GGUF header before downloading.
 */
export async function fetchLeadingBytes(url: string, length: number, options: FetchBytesOptions = {}): Promise<Buffer> {
  const { signal, ...transportOptions } = options;
  const transport = new Transport(transportOptions);
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const stall = new StallWatch(transport.opts.stallTimeoutMs);
  try {
    const { res, url: finalUrl } = await transport.open(url, { range: `bytes=0-${Math.max(0, length - 1)}` }, controller.signal, stall);
    const status = res.statusCode ?? 0;
    if (status === 416) {
      res.resume();
      return Buffer.alloc(0);
    }
    if (status !== 200 && status !== 206) {
      res.resume();
      throw new DownloadError(status === 404 || status === 410 ? 'not-found' : 'http-status', `The server answered HTTP ${status} for ${finalUrl}.`, { status });
    }
    const chunks: Buffer[] = [];
    let got = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      stall.touch();
      chunks.push(chunk);
      got += chunk.length;
      if (got >= length) break;
    }
    res.destroy();
    return Buffer.concat(chunks).subarray(0, length);
  } finally {
    stall.stop();
    signal?.removeEventListener('abort', onAbort);
    controller.abort();
  }
}
