// A local model host for download tests: serves the files of one folder on 127.0.0.1 (port 0) the
// way Hugging Face's CDN does (Range, ETag, If-Range), with knobs that misbehave on purpose:
// ignore Range, drop the connection or stall after N bytes, flip a byte, truncate the file, lie
// in Content-Length, answer 404, redirect, redirect in a loop, go slowly. Also a CONNECT proxy.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface ServeKnobs {
  /** false: answer every request 200 with the whole file, as servers without Range support do. */
  honourRange?: boolean;
  /** Destroy the connection after sending this many body bytes of this response. */
  dropAfterBytes?: number;
  /**
   * How a drop hangs up: "end" (default) closes after the bytes written (FIN), "destroy" destroys
   * the socket, "reset" sends a TCP RST, which may also lose bytes still in flight.
   */
  dropWith?: 'end' | 'destroy' | 'reset';
  /** Stop sending (but keep the connection open) after this many body bytes. */
  stallAfterBytes?: number;
  /** XOR this absolute byte offset of the file with 0xff. */
  flipByteAt?: number;
  /** Pretend the file is only this long (honest headers for the shorter file). */
  truncateTo?: number;
  /** Add this to the Content-Length header without changing the body (a lying server). */
  contentLengthDelta?: number;
  /** Answer this status with an empty body instead of the file. */
  status?: number;
  /** Send a 302 to this path or URL instead of the file. */
  redirectTo?: string;
  /** Throttle the body to about this many bytes per second. */
  bytesPerSecond?: number;
  /** Override the ETag (simulate the file having changed); false sends none. */
  etag?: string | false;
}

export interface ServedRequest {
  index: number;
  path: string;
  range?: string;
  ifRange?: string;
  status: number;
  bytesSent: number;
}

export type KnobPlan = (req: { index: number; path: string; range?: string }) => ServeKnobs | undefined;

function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = header ? /^bytes=(\d+)-(\d*)$/.exec(header.trim()) : null;
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export class ModelServer {
  readonly requests: ServedRequest[] = [];
  private plan: KnobPlan = () => undefined;
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly root: string, private readonly server: http.Server, readonly origin: string) {
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(root: string, options: { tls?: { key: string | Buffer; cert: string | Buffer } } = {}): Promise<ModelServer> {
    const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }) : http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const modelServer = new ModelServer(root, server, `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => modelServer.handle(req, res));
    return modelServer;
  }

  url(fileName: string): string {
    return `${this.origin}/${fileName.split('/').map(encodeURIComponent).join('/')}`;
  }

  /** Knobs for every request (or a function deciding per request: e.g. drop only the first three). */
  setKnobs(knobs: ServeKnobs | KnobPlan | undefined): void {
    this.plan = typeof knobs === 'function' ? knobs : () => knobs;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const index = this.requests.length;
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', this.origin).pathname);
    const range = typeof req.headers.range === 'string' ? req.headers.range : undefined;
    const ifRange = typeof req.headers['if-range'] === 'string' ? req.headers['if-range'] : undefined;
    const record: ServedRequest = { index, path: urlPath, ...(range ? { range } : {}), ...(ifRange ? { ifRange } : {}), status: 0, bytesSent: 0 };
    this.requests.push(record);
    const knobs = this.plan({ index, path: urlPath, ...(range ? { range } : {}) }) ?? {};
    const finish = (status: number, headers: http.OutgoingHttpHeaders = {}) => {
      record.status = status;
      res.writeHead(status, headers);
      res.end();
    };
    if (knobs.redirectTo) return finish(302, { location: knobs.redirectTo });
    if (knobs.status) return finish(knobs.status);
    const file = path.join(this.root, ...urlPath.split('/').filter(Boolean));
    if (!file.startsWith(path.resolve(this.root) + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return finish(404);

    const stat = fs.statSync(file);
    const size = knobs.truncateTo !== undefined ? Math.min(knobs.truncateTo, stat.size) : stat.size;
    const etag = knobs.etag === false ? undefined : (knobs.etag ?? `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`);
    let wanted = knobs.honourRange === false ? undefined : parseRange(range, size);
    // If-Range: resume only if the file is still the one the client has part of.
    if (wanted && ifRange !== undefined && ifRange !== etag) wanted = undefined;
    if (wanted === 'unsatisfiable') return finish(416, { 'content-range': `bytes */${size}` });
    const start = wanted ? wanted.start : 0;
    const end = wanted ? wanted.end : size - 1;
    const length = Math.max(0, end - start + 1);
    const status = wanted ? 206 : 200;
    record.status = status;
    res.writeHead(status, {
      'content-type': 'application/octet-stream',
      'content-length': String(length + (knobs.contentLengthDelta ?? 0)),
      'accept-ranges': knobs.honourRange === false ? 'none' : 'bytes',
      ...(etag ? { etag } : {}),
      ...(wanted ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
      ...(knobs.contentLengthDelta ? { connection: 'close' } : {}),
    });
    if (length === 0) {
      res.end();
      return;
    }
    void this.stream(file, start, end, knobs, record, res);
  }

  private async stream(file: string, start: number, end: number, knobs: ServeKnobs, record: ServedRequest, res: http.ServerResponse): Promise<void> {
    const chunkSize = knobs.bytesPerSecond ? Math.max(1024, Math.floor(knobs.bytesPerSecond / 20)) : 64 * 1024;
    const input = fs.createReadStream(file, { start, end, highWaterMark: chunkSize });
    let offset = start;
    try {
      for await (const raw of input as AsyncIterable<Buffer>) {
        if (res.destroyed) break;
        const chunk = Buffer.from(raw);
        if (knobs.flipByteAt !== undefined && knobs.flipByteAt >= offset && knobs.flipByteAt < offset + chunk.length) {
          chunk[knobs.flipByteAt - offset] ^= 0xff;
        }
        const stopAt = knobs.dropAfterBytes ?? knobs.stallAfterBytes;
        if (stopAt !== undefined && record.bytesSent + chunk.length >= stopAt) {
          const part = chunk.subarray(0, stopAt - record.bytesSent);
          if (part.length > 0) await new Promise<void>((r) => res.write(part, () => r()));
          record.bytesSent += part.length;
          // By default end(), not destroy(): the bytes already written must arrive, as with a real hang-up.
          if (knobs.dropAfterBytes !== undefined) {
            if (knobs.dropWith === 'destroy') res.socket?.destroy();
            else if (knobs.dropWith === 'reset') res.socket?.resetAndDestroy();
            else res.socket?.end();
          }
          // A stall keeps the socket open and silent until the client gives up.
          input.destroy();
          return;
        }
        const ok = res.write(chunk);
        record.bytesSent += chunk.length;
        offset += chunk.length;
        if (!ok) await new Promise<void>((r) => res.once('drain', () => r()));
        if (knobs.bytesPerSecond) await new Promise((r) => setTimeout(r, (chunk.length / knobs.bytesPerSecond!) * 1000));
      }
      if (knobs.contentLengthDelta && knobs.contentLengthDelta > 0) {
        res.socket?.end(); // promised more than it sends: hang up at the real end
        return;
      }
      res.end();
    } catch {
      res.destroy();
    }
  }
}

/** An HTTP proxy that only tunnels (CONNECT), recording each target it was asked for. */
export class ConnectProxy {
  readonly connects: string[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: http.Server, readonly url: string) {}

  static async start(): Promise<ConnectProxy> {
    const server = http.createServer((_req, res) => {
      res.writeHead(405);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new ConnectProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      proxy.connects.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      for (const s of [client, upstream]) {
        proxy.sockets.add(s);
        s.on('close', () => proxy.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
    });
    return proxy;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
