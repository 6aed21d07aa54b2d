// A fake OpenAI-compatible server in the flavour of LM Studio or llama.cpp's llama-server:
// GET /v1/models, POST /v1/chat/completions streamed as server-sent events ending in
// `data: [DONE]`, POST /v1/embeddings, errors as {"error": {"message", "type"}}. The llama-server
// flavour also has GET /health and /props, refuses embeddings on a chat model with 501, and reports
// an over-long prompt as HTTP 400 exceed_context_size_error.
import type http from 'node:http';
import { fakeEmbedding, FakeModelServer, type FakeServerConfig, type RecordedRequest } from './fakeModelServer';

export type OpenAiFlavour = 'lm-studio' | 'llama-server';

export class FakeOpenAiServer extends FakeModelServer {
  constructor(
    config: Partial<FakeServerConfig> = {},
    readonly flavour: OpenAiFlavour = 'llama-server',
  ) {
    super(config);
  }

  protected async route(req: RecordedRequest, res: http.ServerResponse): Promise<void> {
    const where = `${req.method} ${req.path}`;
    const llamaServer = this.flavour === 'llama-server';
    if (where === 'GET /v1/models') {
      const owner = llamaServer ? 'llamacpp' : 'organization_owner';
      return this.sendJson(res, 200, { object: 'list', data: this.config.models.map((m) => ({ id: m.name, object: 'model', created: 1736500000, owned_by: owner })) });
    }
    if (llamaServer && where === 'GET /health') return this.sendJson(res, 200, { status: 'ok' });
    if (llamaServer && where === 'GET /props') return this.sendJson(res, 200, { build_info: 'b4500-fake', default_generation_settings: { n_ctx: 4096 } });
    if (where === 'POST /v1/chat/completions') return this.chat(req, res);
    if (where === 'POST /v1/embeddings') return this.embed(req, res);
    this.sendError(res, 404, `Unexpected endpoint or method. (${where})`, 'not_found_error');
  }

  private sendError(res: http.ServerResponse, status: number, message: string, type: string, extra: Record<string, unknown> = {}): void {
    this.sendJson(res, status, { error: { code: status, message, type, ...extra } });
  }

  /** The refusals both endpoints share; true when one was sent. */
  private refused(req: RecordedRequest, res: http.ServerResponse): boolean {
    const model = req.body?.model;
    if (!this.hasModel(model)) {
      this.sendError(res, 404, `model '${String(model)}' not found`, 'not_found_error');
    } else if (this.config.behaviour === 'error-500') {
      this.sendError(res, 500, 'Jinja Exception: System message must be at the beginning', 'server_error');
    } else if (this.config.behaviour === 'context-too-small') {
      const message = 'request (5000 tokens) exceeds the available context size (4096 tokens), try increasing it';
      this.sendError(res, 400, message, 'exceed_context_size_error', { n_prompt_tokens: 5000, n_ctx: 4096 });
    } else {
      return false;
    }
    return true;
  }

  private async chat(req: RecordedRequest, res: http.ServerResponse): Promise<void> {
    if (this.refused(req, res)) return;
    const model = req.body.model;
    const event = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
    const chunk = (delta: unknown, finish: string | null) => ({
      id: 'chatcmpl-fake',
      object: 'chat.completion.chunk',
      created: 1736500000,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    const pieces = this.answerPieces();
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const framed = pieces.map((content, i) => event(chunk(i === 0 ? { role: 'assistant', content } : { content }, null)));
    // llama-server has written stream errors as a nonstandard `error:` line; LM Studio as data with an error object.
    const error = { code: 500, message: 'llama_decode failed: no memory slot', type: 'server_error' };
    const errorFrame = this.flavour === 'llama-server' ? `error: ${JSON.stringify(error)}\n\n` : event({ error });
    if (!(await this.writePieces(res, framed, errorFrame))) return;
    res.write(event(chunk({}, 'stop')));
    if (req.body.stream_options?.include_usage) {
      res.write(event({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', model, choices: [], usage: { prompt_tokens: 31, completion_tokens: pieces.length + 7, total_tokens: 38 + pieces.length } }));
    }
    res.end('data: [DONE]\n\n');
  }

  private async embed(req: RecordedRequest, res: http.ServerResponse): Promise<void> {
    if (this.refused(req, res)) return;
    if (this.flavour === 'llama-server' && !this.hasModel(req.body.model, true)) {
      return this.sendError(res, 501, 'This server does not support embeddings. Start it with `--embeddings`', 'not_supported_error');
    }
    const input: string[] = Array.isArray(req.body.input) ? req.body.input : [req.body.input];
    // Answered in reverse: the index, not the position, says which input a vector belongs to.
    const data = input.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) })).reverse();
    this.sendJson(res, 200, { object: 'list', model: req.body.model, data, usage: { prompt_tokens: input.length, total_tokens: input.length } });
  }
}
