// A fake Ollama speaking its native API (docs/api.md of ollama/ollama): GET /api/version and
// /api/tags, POST /api/chat streamed as NDJSON (one object a line, the last with done: true and
// the counts and durations in nanoseconds, timed by the fake's own clock), POST /api/embed, and errors as {"error": "…"} (404 for a model that is not pulled).
import type http from 'node:http';
import { fakeEmbedding, FakeModelServer, type FakeServerConfig, type RecordedRequest } from './fakeModelServer';

export class FakeOllama extends FakeModelServer {
  constructor(
    config: Partial<FakeServerConfig> = {},
    private readonly version = '0.5.7',
  ) {
    super(config);
  }

  protected async route(req: RecordedRequest, res: http.ServerResponse): Promise<void> {
    const where = `${req.method} ${req.path}`;
    if (where === 'GET /api/version') return this.sendJson(res, 200, { version: this.version });
    if (where === 'GET /api/tags') return this.sendJson(res, 200, { models: this.config.models.map((m) => this.tag(m.name)) });
    if (where === 'POST /api/chat') return this.chat(req, res);
    if (where === 'POST /api/embed') return this.embed(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
  }

  private tag(name: string) {
    const model = this.config.models.find((m) => m.name === name)!;
    return {
      name: model.name,
      model: model.name,
      modified_at: '2025-01-10T10:00:00Z',
      size: model.embedding ? 274302450 : 2019393189,
      digest: 'a80c4f17acd5',
      details: {
        format: 'gguf',
        family: model.family ?? 'llama',
        families: [model.family ?? 'llama'],
        parameter_size: model.embedding ? '137M' : '3.2B',
        quantization_level: model.embedding ? 'F16' : 'Q4_K_M',
      },
    };
  }

  private notPulled(res: http.ServerResponse, model: unknown): void {
    this.sendJson(res, 404, { error: `model '${String(model)}' not found, try pulling it first` });
  }

  private async chat(req: RecordedRequest, res: http.ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const model = req.body?.model;
    if (!this.hasModel(model)) return this.notPulled(res, model);
    if (this.config.behaviour === 'error-500') return this.sendJson(res, 500, { error: 'llama runner process has terminated: exit status 2' });
    const line = (value: unknown) => `${JSON.stringify(value)}\n`;
    const at = '2025-01-10T10:00:00Z';
    const pieces = this.answerPieces();
    // Ollama cuts the prompt to num_ctx and stops the answer where the context ends: a part of the answer and done_reason "length".
    const truncated = this.config.behaviour === 'context-too-small';
    const sent = truncated ? pieces.slice(0, Math.max(1, pieces.length - 1)) : pieces;
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const framed = sent.map((content) => line({ model, created_at: at, message: { role: 'assistant', content }, done: false }));
    const loaded = process.hrtime.bigint();
    if (!(await this.writePieces(res, framed, line({ error: 'an error was encountered while running the model: unexpected EOF' })))) return;
    const ended = process.hrtime.bigint();
    // Like Ollama: the load, then the prompt (here the wait before the first piece), then the pieces.
    const promptNs = BigInt(Math.max(1, this.config.delayBeforeMs) * 1e6);
    const last = {
      model,
      created_at: at,
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: truncated ? 'length' : 'stop',
      total_duration: Number(ended - started),
      load_duration: Number(loaded - started) + 1,
      prompt_eval_count: 26,
      prompt_eval_duration: Number(promptNs),
      eval_count: sent.length + 10,
      // At least a microsecond a token: an unpaced fake writes faster than any model could generate.
      eval_duration: Math.max((sent.length + 10) * 1000, Number(ended - loaded - promptNs)),
    };
    res.end(line(last));
  }

  private async embed(req: RecordedRequest, res: http.ServerResponse): Promise<void> {
    const model = req.body?.model;
    if (!this.hasModel(model)) return this.notPulled(res, model);
    if (!this.hasModel(model, true)) return this.sendJson(res, 400, { error: `"${String(model)}" does not support embeddings` });
    if (this.config.behaviour === 'error-500') return this.sendJson(res, 500, { error: 'llama runner process has terminated: exit status 2' });
    if (this.config.behaviour === 'context-too-small') return this.sendJson(res, 400, { error: 'the input length exceeds the context length' });
    const input: string[] = Array.isArray(req.body.input) ? req.body.input : [req.body.input];
    this.sendJson(res, 200, { model, embeddings: input.map((t) => fakeEmbedding(t)), total_duration: 1000, prompt_eval_count: input.length });
  }
}
