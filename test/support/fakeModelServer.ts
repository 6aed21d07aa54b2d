// The common part of the fake model servers (fakeOllama.ts, fakeOpenAiServer.ts): a real HTTP
// server on 127.0.0.1 at a free port that records every request, answers with a configured JSON
// text streamed in pieces, and misbehaves on request (slow, stalls, dies mid-stream, breaks its
// output, overflows its context, fails) so the clients' failure handling can be tested for real.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  /** The parsed JSON body; undefined for a GET. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the client sent
  body: any;
}

export interface FakeModel {
  name: string;
  embedding?: boolean;
  family?: string;
}

/**
 * - ok: answers normally.
 * - malformed-output: streams only the first half of the answer, then ends normally.
 * - dies-mid-stream: destroys the socket after `dieAfterPieces` pieces.
 * - stall: sends the first piece, then nothing until the server closes.
 * - context-too-small: reports the prompt does not fit, the way the server kind does.
 * - error-500: fails the request with HTTP 500.
 * - error-in-stream: streams a piece, then an error inside the stream.
 */
export type FakeBehaviour = 'ok' | 'malformed-output' | 'dies-mid-stream' | 'stall' | 'context-too-small' | 'error-500' | 'error-in-stream';

export interface FakeServerConfig {
  models: FakeModel[];
  /** The model's answer text (JSON for structured output), streamed in `pieces` pieces. */
  answer: string;
  pieces: number;
  behaviour: FakeBehaviour;
  delayBeforeMs: number;
  delayBetweenMs: number;
  dieAfterPieces: number;
}

export const DEFAULT_FAKE_CONFIG: FakeServerConfig = {
  models: [{ name: 'chat-model', family: 'llama' }, { name: 'nomic-embed-text', embedding: true, family: 'nomic-bert' }],
  answer: '{"title":"Write the report","priority":"high"}',
  pieces: 4,
  behaviour: 'ok',
  delayBeforeMs: 0,
  delayBetweenMs: 0,
  dieAfterPieces: 2,
};

/** A deterministic unit-free vector for a text: the same text always gives the same numbers. */
export function fakeEmbedding(text: string, dims = 8): number[] {
  const vector = new Array<number>(dims).fill(0);
  for (let i = 0; i < text.length; i++) vector[i % dims]! += (text.charCodeAt(i) % 31) / 31;
  return vector.map((x) => Math.round(x * 1000) / 1000 + 0.001);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export abstract class FakeModelServer {
  readonly requests: RecordedRequest[] = [];
  config: FakeServerConfig;
  private readonly server = http.createServer((req, res) => void this.receive(req, res));
  private baseUrl = '';

  constructor(config: Partial<FakeServerConfig> = {}) {
    this.config = { ...DEFAULT_FAKE_CONFIG, ...config };
  }

  get url(): string {
    return this.baseUrl;
  }

  /** The port it listens on (or last listened on, once closed). */
  get port(): number {
    return Number(new URL(this.baseUrl).port);
  }

  /** Listens on `port` (a free one when 0); a closed fake starts again on its old port with start(port). */
  async start(port = 0): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  /** Closes the server and every connection, stalled streams included. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The last request to `path`, for asserting what a client sent. */
  last(path: string): RecordedRequest | undefined {
    return this.requests.filter((r) => r.path === path).at(-1);
  }

  protected abstract route(req: RecordedRequest, res: http.ServerResponse): Promise<void>;

  protected hasModel(name: unknown, embedding?: boolean): boolean {
    return this.config.models.some((m) => m.name === name && (embedding === undefined || Boolean(m.embedding) === embedding));
  }

  protected sendJson(res: http.ServerResponse, status: number, value: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  }

  /** The answer cut into the configured number of pieces; half of it for malformed-output. */
  protected answerPieces(): string[] {
    const text = this.config.behaviour === 'malformed-output' ? this.config.answer.slice(0, Math.floor(this.config.answer.length / 2)) : this.config.answer;
    const size = Math.max(1, Math.ceil(text.length / this.config.pieces));
    const pieces: string[] = [];
    for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
    return pieces;
  }

  /**
   * Writes the streamed pieces (already framed by the caller), with the configured delays and
   * misbehaviour; resolves false when the stream was cut (died, stalled) and must not be finished.
   */
  protected async writePieces(res: http.ServerResponse, framed: string[], errorFrame: string): Promise<boolean> {
    const { behaviour, delayBeforeMs, delayBetweenMs, dieAfterPieces } = this.config;
    if (delayBeforeMs > 0) await sleep(delayBeforeMs);
    for (let i = 0; i < framed.length; i++) {
      if (res.destroyed) return false;
      if (behaviour === 'dies-mid-stream' && i === dieAfterPieces) {
        res.socket?.destroy();
        return false;
      }
      if (behaviour === 'error-in-stream' && i === 1) {
        res.end(errorFrame);
        return false;
      }
      if (i > 0 && delayBetweenMs > 0) await sleep(delayBetweenMs);
      // Waits until the piece is handed to the socket: a destroy right after would drop it unsent.
      await new Promise<void>((resolve) => res.write(framed[i], () => resolve()));
      if (behaviour === 'stall') return false;
    }
    return !res.destroyed;
  }

  private async receive(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://x').pathname, body };
    this.requests.push(recorded);
    try {
      await this.route(recorded, res);
    } catch (err) {
      if (!res.headersSent) this.sendJson(res, 500, { error: `fake server failed: ${String(err)}` });
      else res.destroy();
    }
  }
}
