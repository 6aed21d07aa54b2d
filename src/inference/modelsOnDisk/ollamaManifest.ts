// What one Ollama manifest says, read without trusting it. A manifest is a Docker/OCI image
// manifest (`manifests/<host>/<namespace>/<model>/<tag>`) whose `layers[]` name blobs by digest;
// the layer of media type `application/vnd.ollama.image.model` is the GGUF file. Its template,
// params, license and other layers are Ollama's business and are not read.
// Layout and names as Ollama's own code has them (server/images.go GetModel, types/model/name.go).

export const OLLAMA_DEFAULT_HOST = 'registry.ollama.ai';
export const OLLAMA_DEFAULT_NAMESPACE = 'library';

const MODEL_MEDIA_TYPE = 'application/vnd.ollama.image.model';
const PROJECTOR_MEDIA_TYPE = 'application/vnd.ollama.image.projector';

/** Ollama accepts "sha256:<hex>" and "sha256-<hex>". Anything else, "../" included, is refused:
 *  the digest becomes a file name under blobs/, and a hand-edited manifest must not name a file
 *  outside the store. */
const DIGEST = /^sha256[:-]([0-9a-fA-F]{64})$/;

export interface OllamaLayer {
  /** Normalised to `sha256:<hex>`. */
  digest: string;
  /** The blob's file name under `blobs/`: `sha256-<hex>`. */
  blobFileName: string;
  size: number;
}

export type ManifestReading =
  | { ok: true; model?: OllamaLayer; projector?: OllamaLayer; extraModelLayers: number }
  | { ok: false; problem: string };

/**
 * The name as `ollama list` shows it (Name.DisplayShortest): the host and namespace are left out
 * when they are Ollama's defaults, the namespace alone when only the host is, and the tag is
 * always shown ("llama3.2:latest", not "llama3.2").
 */
export function ollamaDisplayName(host: string, namespace: string, model: string, tag: string): string {
  const sameText = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  let prefix = '';
  if (!sameText(host, OLLAMA_DEFAULT_HOST)) prefix = `${host}/${namespace}/`;
  else if (!sameText(namespace, OLLAMA_DEFAULT_NAMESPACE)) prefix = `${namespace}/`;
  return `${prefix}${model}:${tag}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type LayerKind = 'model' | 'projector';

/** The layers read here, by media type without parameters ("…image.model; x=y" is a model layer). */
function layerKindOf(layer: Record<string, unknown>): LayerKind | undefined {
  const mediaType = typeof layer.mediaType === 'string' ? layer.mediaType.split(';')[0].trim() : undefined;
  if (mediaType === MODEL_MEDIA_TYPE) return 'model';
  if (mediaType === PROJECTOR_MEDIA_TYPE) return 'projector';
  return undefined;
}

function layerFrom(layer: Record<string, unknown>, what: LayerKind): OllamaLayer | string {
  const match = typeof layer.digest === 'string' ? DIGEST.exec(layer.digest) : null;
  if (!match) return `its ${what} layer's digest ${JSON.stringify(layer.digest)} is not a sha256 digest`;
  const size = layer.size;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    return `its ${what} layer's size ${JSON.stringify(size)} is not a byte count`;
  }
  return { digest: `sha256:${match[1]}`, blobFileName: `sha256-${match[1]}`, size };
}

/**
 * The model and projector layers of a manifest's text, or the reason it cannot be used. The first
 * model layer is the model, as in Ollama; later ones are only counted.
 */
export function readOllamaManifest(text: string): ManifestReading {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: `the manifest is not valid JSON (${(err as Error).message})` };
  }
  if (!isObject(json) || !Array.isArray(json.layers)) return { ok: false, problem: 'the manifest has no list of layers' };
  let model: OllamaLayer | undefined;
  let projector: OllamaLayer | undefined;
  let extraModelLayers = 0;
  for (const layer of json.layers) {
    const kind = isObject(layer) ? layerKindOf(layer) : undefined;
    if (!kind) continue;
    if (kind === 'model' && model) {
      extraModelLayers++;
      continue;
    }
    if (kind === 'projector' && projector) continue;
    const read = layerFrom(layer as Record<string, unknown>, kind);
    if (typeof read === 'string') return { ok: false, problem: read };
    if (kind === 'model') model = read;
    else projector = read;
  }
  return { ok: true, ...(model ? { model } : {}), ...(projector ? { projector } : {}), extraModelLayers };
}
