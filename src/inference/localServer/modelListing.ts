// The models a server offers: Ollama's GET /api/tags (name, size and details per model) and the
// OpenAI-compatible GET /v1/models (ids only). Embedding models are told apart from chat models
// so a feature is never offered one that cannot do its job.
import type { LocalServerModel } from '../../core/localServerProtocol';
import { localServerError } from './failures';
import { fetchJson, type ServerCall } from './serverRequest';

/** Architectures that only embed (BERT and its descendants); Ollama reports them as details.family. */
const EMBEDDING_FAMILIES = new Set(['bert', 'nomic-bert', 'nomic-bert-moe', 'jina-bert', 'jina-bert-v2', 'xlm-roberta', 'roberta', 't5encoder']);
/** Names embedding models go by: nomic-embed-text, mxbai-embed-large, bge-m3, all-minilm, text-embedding-*. */
const EMBEDDING_NAME = /embed|bge|minilm/i;

export function isEmbeddingModel(name: string, families: readonly string[] = []): boolean {
  return EMBEDDING_NAME.test(name) || families.some((f) => EMBEDDING_FAMILIES.has(f.toLowerCase()));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function ollamaModel(entry: Record<string, unknown>): LocalServerModel | undefined {
  const name = text(entry.name) ?? text(entry.model);
  if (!name) return undefined;
  const details = isRecord(entry.details) ? entry.details : {};
  const family = text(details.family);
  const families = [...(family ? [family] : []), ...(Array.isArray(details.families) ? details.families.filter((f): f is string => typeof f === 'string') : [])];
  const parameterSize = text(details.parameter_size);
  const quantization = text(details.quantization_level);
  return {
    name,
    role: isEmbeddingModel(name, families) ? 'embedding' : 'chat',
    ...(typeof entry.size === 'number' ? { size: entry.size } : {}),
    ...(family ? { family } : {}),
    ...(parameterSize ? { parameterSize } : {}),
    ...(quantization ? { quantization } : {}),
  };
}

/** The models in an /api/tags answer, or undefined when the answer is not that shape. */
export function modelsFromOllamaTags(body: unknown): LocalServerModel[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.models)) return undefined;
  return body.models.flatMap((entry) => {
    const model = isRecord(entry) ? ollamaModel(entry) : undefined;
    return model ? [model] : [];
  });
}

/** The models in a /v1/models answer ({data: [{id}]}), or undefined when the answer is not that shape. */
export function modelsFromOpenAiList(body: unknown): LocalServerModel[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.data)) return undefined;
  return body.data.flatMap((entry) => {
    const id = isRecord(entry) ? text(entry.id) : undefined;
    return id ? [{ name: id, role: isEmbeddingModel(id) ? ('embedding' as const) : ('chat' as const) }] : [];
  });
}

export async function listOllamaModels(baseUrl: string, call: ServerCall, timeoutMs: number): Promise<LocalServerModel[]> {
  const models = modelsFromOllamaTags(await fetchJson(`${baseUrl}/api/tags`, undefined, call, timeoutMs));
  if (!models) throw localServerError('server-error', call.where, 'its /api/tags answer has no model list');
  return models;
}

export async function listOpenAiModels(baseUrl: string, call: ServerCall, timeoutMs: number): Promise<LocalServerModel[]> {
  const models = modelsFromOpenAiList(await fetchJson(`${baseUrl}/v1/models`, undefined, call, timeoutMs));
  if (!models) throw localServerError('server-error', call.where, 'its /v1/models answer has no model list');
  return models;
}
