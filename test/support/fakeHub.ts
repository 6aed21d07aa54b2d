// A fake Hugging Face Hub on 127.0.0.1 that answers with the real API's shapes
// (huggingface.js packages/hub: list-models, list-files, ApiModelInfo, ApiIndexTreeEntry):
// GET /api/models?search=&filter=&sort=&limit=&expand[]= (a JSON list of repositories, pages
// chained with a Link: <…>; rel="next" header), GET /api/models/{repo} (one repository),
// GET /api/models/{repo}/tree/{revision}?recursive=true (entries with type, oid, size, path and,
// for LFS files, lfs: { oid: sha256, size, pointerSize }) and GET /{repo}/resolve/{revision}/{path}
// (the bytes, with Range, or a 302 to a second "CDN" server as the Hub does for LFS files). Gated
// repositories want Authorization: Bearer <token> on resolve. Per-path misbehaviour on request:
// JSON that is not JSON, a huge body, endless pages, 429 with Retry-After, a hang, 500, an error
// body that echoes the Authorization header back.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeHubFile {
  path: string;
  content: Buffer;
  /** The size the tree lists, when it lies about the bytes served. */
  listedSize?: number;
  /** The sha256 the tree lists, when it lies about the bytes served. */
  listedSha256?: string;
  /** false: kept in git (no lfs record); default true for .gguf and .onnx files. */
  lfs?: boolean;
  /** An LFS record without a usable oid. */
  lfsWithoutOid?: boolean;
}

export interface FakeHubRepo {
  id: string;
  downloads?: number;
  likes?: number;
  lastModified?: string;
  tags?: string[];
  /** The commit; omitted from the answers when null (a mirror that does not expand sha). */
  sha?: string | null;
  gated?: false | 'auto' | 'manual';
  files: FakeHubFile[];
}

/** How one request is answered instead of normally. */
export type HubMisbehaviour =
  | { kind: 'not-json' }
  | { kind: 'huge'; bytes: number }
  | { kind: 'endless-pages' }
  | { kind: 'rate-limit'; retryAfter: string; times: number }
  | { kind: 'hang' }
  | { kind: 'status'; status: number }
  | { kind: 'echo-token'; status: number };

export interface HubRequestRecord {
  path: string;
  query: URLSearchParams;
  authorization?: string;
  range?: string;
  status: number;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const gitOid = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

export class FakeHub {
  readonly requests: HubRequestRecord[] = [];
  repos: FakeHubRepo[] = [];
  /** Entries per page of search results and trees; 0 sends everything at once. */
  pageSize = 0;
  /** The token gated repositories accept. */
  token = '';
  /** Redirect resolve of LFS files to the CDN server, as the Hub does. */
  redirectLfs = true;
  /** Misbehaviour for requests to the key's path ("/api/models"), or any path it starts when it ends in "*". */
  readonly misbehave = new Map<string, HubMisbehaviour>();
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private readonly cdn = http.createServer((req, res) => this.serveCdn(req, res));
  private readonly hanging = new Set<http.ServerResponse>();
  private base = '';
  private cdnBase = '';

  get url(): string {
    return this.base;
  }

  async start(): Promise<string> {
    for (const server of [this.server, this.cdn]) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.cdnBase = `http://127.0.0.1:${(this.cdn.address() as AddressInfo).port}`;
    return this.base;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    for (const server of [this.server, this.cdn]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** The sha256 the tree lists for a file, as the LFS oid. */
  static sha256(content: Buffer): string {
    return sha256(content);
  }

  /** Requests to the CDN server: a token must never reach it. */
  readonly cdnRequests: HubRequestRecord[] = [];

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.base);
    const record: HubRequestRecord = { path: decodeURIComponent(url.pathname), query: url.searchParams, status: 0, ...this.headersOf(req) };
    this.requests.push(record);
    const send = (status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) => {
      record.status = status;
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(text);
    };
    const bad = [...this.misbehave.entries()].find(([key]) => (key.endsWith('*') ? record.path.startsWith(key.slice(0, -1)) : record.path === key))?.[1];
    if (bad && this.misbehaves(bad, record, req, res, send)) return;
    const m = /^\/api\/models(?:\/([^/]+\/[^/]+))?(?:\/tree\/([^/]+))?$/.exec(record.path);
    if (m && !m[1]) return this.search(url, send);
    if (m && m[1] && !m[2]) return this.repoInfo(m[1], send);
    if (m && m[1] && m[2]) return this.tree(m[1], url, send);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(record.path);
    if (resolve) return this.resolve(resolve[1]!, resolve[3]!, req, res, record);
    send(404, { error: 'Not Found' });
  }

  private headersOf(req: http.IncomingMessage): Pick<HubRequestRecord, 'authorization' | 'range'> {
    return { ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), ...(req.headers.range ? { range: req.headers.range } : {}) };
  }

  private misbehaves(bad: HubMisbehaviour, record: HubRequestRecord, req: http.IncomingMessage, res: http.ServerResponse, send: (s: number, b: unknown, h?: http.OutgoingHttpHeaders) => void): boolean {
    switch (bad.kind) {
      case 'not-json':
        send(200, '[{"id": "a/b", "downloads": 3,');
        return true;
      case 'huge':
        send(200, `[${'"x",'.repeat(Math.ceil(bad.bytes / 4))}"x"]`);
        return true;
      case 'endless-pages': {
        const next = new URL(this.base + record.path);
        next.searchParams.set('cursor', String(Number(record.query.get('cursor') ?? 0) + 1));
        const body = record.path.includes('/tree/') ? [] : [{ _id: 'x', id: `endless/repo-${record.query.get('cursor') ?? 0}`, downloads: 1, likes: 0, tags: ['gguf'] }];
        send(200, body, { link: `<${next.toString()}>; rel="next"` });
        return true;
      }
      case 'rate-limit':
        if (bad.times <= 0) return false;
        bad.times--;
        send(429, { error: 'You have exceeded our rate limit' }, { 'retry-after': bad.retryAfter });
        return true;
      case 'hang':
        record.status = -1;
        this.hanging.add(res);
        return true;
      case 'status':
        send(bad.status, { error: `fake hub failure ${bad.status}` });
        return true;
      case 'echo-token':
        send(bad.status, { error: `Invalid credentials in Authorization header: ${req.headers.authorization ?? '(none)'}` });
        return true;
    }
  }

  private repoJson(r: FakeHubRepo) {
    const owner = r.id.split('/')[0]!;
    return {
      _id: createHash('md5').update(r.id).digest('hex').slice(0, 24),
      id: r.id,
      author: owner,
      downloads: r.downloads ?? 0,
      likes: r.likes ?? 0,
      lastModified: r.lastModified ?? '2025-01-10T10:00:00.000Z',
      private: false,
      gated: r.gated ?? false,
      tags: r.tags ?? ['gguf'],
      ...(r.sha === null ? {} : { sha: r.sha ?? createHash('sha1').update(r.id).digest('hex') }),
    };
  }

  private search(url: URL, send: (s: number, b: unknown, h?: http.OutgoingHttpHeaders) => void): void {
    const words = (url.searchParams.get('search') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const filter = url.searchParams.get('filter');
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const hits = this.repos.filter((r) => words.every((w) => r.id.toLowerCase().includes(w)) && (!filter || (r.tags ?? ['gguf']).includes(filter)));
    hits.sort((a, b) => (b.downloads ?? 0) - (a.downloads ?? 0));
    this.paged(url, hits.slice(0, limit).map((r) => this.repoJson(r)), send);
  }

  private repoInfo(id: string, send: (s: number, b: unknown) => void): void {
    const repo = this.repos.find((r) => r.id === id);
    if (!repo) return send(404, { error: 'Repository not found' });
    send(200, { ...this.repoJson(repo), siblings: repo.files.map((f) => ({ rfilename: f.path })) });
  }

  private tree(id: string, url: URL, send: (s: number, b: unknown, h?: http.OutgoingHttpHeaders) => void): void {
    const repo = this.repos.find((r) => r.id === id);
    if (!repo) return send(404, { error: 'Repository not found' });
    const folders = [...new Set(repo.files.flatMap((f) => f.path.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))))];
    const entries: unknown[] = folders.map((p) => ({ type: 'directory', oid: gitOid(Buffer.from(p)), size: 0, path: p }));
    for (const f of repo.files) {
      const size = f.listedSize ?? f.content.length;
      const lfs = f.lfs ?? /\.(gguf|onnx)$/i.test(f.path);
      const lfsRecord = f.lfsWithoutOid ? { size, pointerSize: 134 } : { oid: f.listedSha256 ?? sha256(f.content), size, pointerSize: 134 };
      entries.push({ type: 'file', oid: gitOid(f.content), size, path: f.path, ...(lfs ? { lfs: lfsRecord } : {}) });
    }
    this.paged(url, entries, send);
  }

  /** Sends `items` whole, or one page of `pageSize` with a Link to the next, as the Hub's cursor pages do. */
  private paged(url: URL, items: unknown[], send: (s: number, b: unknown, h?: http.OutgoingHttpHeaders) => void): void {
    if (this.pageSize <= 0) return send(200, items);
    const at = Number(url.searchParams.get('cursor') ?? 0);
    const page = items.slice(at, at + this.pageSize);
    const next = new URL(url.toString());
    next.searchParams.set('cursor', String(at + this.pageSize));
    send(200, page, at + this.pageSize < items.length ? { link: `<${next.toString()}>; rel="next"` } : {});
  }

  private resolve(id: string, filePath: string, req: http.IncomingMessage, res: http.ServerResponse, record: HubRequestRecord): void {
    const repo = this.repos.find((r) => r.id === id);
    const file = repo?.files.find((f) => f.path === filePath);
    const fail = (status: number, error: string) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error }));
    };
    if (!repo || !file) return fail(404, 'Entry not found');
    if (repo.gated && req.headers.authorization !== `Bearer ${this.token}`) return fail(401, `Access to model ${id} is restricted. You must have access to it and be authenticated to access it. Please log in.`);
    const lfs = file.lfs ?? /\.(gguf|onnx)$/i.test(file.path);
    if (lfs && this.redirectLfs) {
      record.status = 302;
      res.writeHead(302, { location: `${this.cdnBase}/blobs/${encodeURIComponent(id)}/${filePath.split('/').map(encodeURIComponent).join('/')}` }).end();
      return;
    }
    record.status = serveBytes(file.content, req, res);
  }

  private serveCdn(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.cdnBase);
    const record: HubRequestRecord = { path: decodeURIComponent(url.pathname), query: url.searchParams, status: 0, ...this.headersOf(req) };
    this.cdnRequests.push(record);
    const m = /^\/blobs\/([^/]+)\/(.+)$/.exec(url.pathname);
    const repo = m ? this.repos.find((r) => r.id === decodeURIComponent(m[1]!)) : undefined;
    const file = repo?.files.find((f) => f.path === m![2]!.split('/').map(decodeURIComponent).join('/'));
    if (!file) {
      record.status = 404;
      res.writeHead(404).end();
      return;
    }
    record.status = serveBytes(file.content, req, res);
  }
}

/** The bytes whole (200) or the asked range (206); returns the status sent. */
function serveBytes(content: Buffer, req: http.IncomingMessage, res: http.ServerResponse): number {
  const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  if (!m) {
    res.writeHead(200, { 'content-length': String(content.length), 'content-type': 'application/octet-stream', etag: `"${sha256(content)}"` }).end(content);
    return 200;
  }
  const start = Number(m[1]);
  const end = Math.min(m[2] ? Number(m[2]) : content.length - 1, content.length - 1);
  if (start >= content.length) {
    res.writeHead(416, { 'content-range': `bytes */${content.length}` }).end();
    return 416;
  }
  res.writeHead(206, { 'content-length': String(end - start + 1), 'content-range': `bytes ${start}-${end}/${content.length}`, etag: `"${sha256(content)}"` }).end(content.subarray(start, end + 1));
  return 206;
}
