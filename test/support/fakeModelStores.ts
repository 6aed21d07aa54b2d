// Fake Ollama stores and LM Studio folders in temporary folders, laid out as the two programs lay
// them out and holding copies of the small real GGUF models (../shared/models, found through
// sharedModels.cjs), so that the finder and the GGUF check run on real model files.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LLAMA2_TINY_RANDOM, sharedModel, STORIES_260K } from './sharedModels.cjs';

export const MODEL_MEDIA_TYPE = 'application/vnd.ollama.image.model';

let stories: Buffer | undefined;
let tinyLlama: Buffer | undefined;

/** stories260K.gguf, a real 1.2 MB llama model. */
export function storiesGguf(): Buffer {
  return (stories ??= fs.readFileSync(sharedModel(STORIES_260K)));
}

/** llama-2-tiny-random.gguf, a second real model with other bytes. */
export function tinyLlamaGguf(): Buffer {
  return (tinyLlama ??= fs.readFileSync(sharedModel(LLAMA2_TINY_RANDOM)));
}

export function tempFolder(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `lf-ondisk-${prefix}-`));
}

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function writeFile(file: string, content: Buffer | string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** Writes a blob as Ollama names it (`blobs/sha256-<hex of its content>`); returns its layer. */
export function addBlob(store: string, mediaType: string, content: Buffer | string): { mediaType: string; digest: string; size: number; path: string } {
  const hex = sha256Hex(content);
  const blobPath = writeFile(path.join(store, 'blobs', `sha256-${hex}`), content);
  return { mediaType, digest: `sha256:${hex}`, size: Buffer.byteLength(content), path: blobPath };
}

/** A layer whose blob is not written: Ollama's other layers, which the finder must not need. */
export function layerWithoutBlob(mediaType: string, text: string): { mediaType: string; digest: string; size: number } {
  return { mediaType, digest: `sha256:${sha256Hex(text)}`, size: Buffer.byteLength(text) };
}

/** Writes `manifests/<host>/<namespace>/<model>/<tag>` with the given JSON or raw text. */
export function writeManifest(store: string, parts: [string, string, string, string], manifest: unknown): string {
  const text = typeof manifest === 'string' ? manifest : JSON.stringify(manifest);
  return writeFile(path.join(store, 'manifests', ...parts), text);
}

/** A manifest shaped like the ones `ollama pull` writes: config, model, template, params, license. */
export function ollamaManifest(modelLayer: { mediaType: string; digest: string; size: number }, extraLayers: object[] = []): object {
  return {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: layerWithoutBlob('application/vnd.docker.container.image.v1+json', '{"model_format":"gguf"}'),
    layers: [
      { mediaType: modelLayer.mediaType, digest: modelLayer.digest, size: modelLayer.size },
      layerWithoutBlob('application/vnd.ollama.image.template', '{{ .Prompt }}'),
      layerWithoutBlob('application/vnd.ollama.image.params', '{"stop":["<|eot_id|>"]}'),
      layerWithoutBlob('application/vnd.ollama.image.license', 'MIT'),
      ...extraLayers,
    ],
  };
}

/** A model pulled from Ollama's library: blob and manifest. */
export function addOllamaModel(store: string, parts: [string, string, string, string], gguf: Buffer = storiesGguf()) {
  const layer = addBlob(store, MODEL_MEDIA_TYPE, gguf);
  const manifestPath = writeManifest(store, parts, ollamaManifest(layer));
  return { ...layer, manifestPath };
}
