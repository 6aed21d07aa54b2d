// Which embedding model a bench embeds with: `--model` names a catalog id (its folder in the models
// folder) or a model folder; without it, LOCAL_FOCUS_MINILM_DIR, else the catalog's default
// embedding model in the models folder. A model whose files are not all there is skipped, and the
// bench prints why.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { BUILTIN_CATALOG, DEFAULT_MODEL_IDS, findCatalogEntry } from '../src/core/models/catalog';
import { modelFileFor } from '../src/inference/embedder';

/** What the embedder loads from a model folder (src/inference/embedder.ts). */
const NEEDED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', modelFileFor('q8')];

export interface BenchEmbeddingModel {
  /** For the printed rows: the catalog name, else the folder's name. */
  label: string;
  /** The catalog id, when the model is a catalog entry. */
  catalogId?: string;
  dir: string;
  /** Why it cannot be used; undefined when every file is there. */
  skipped?: string;
}

export function benchEmbeddingModel(option: string | undefined, modelsDir: string, env: NodeJS.ProcessEnv = process.env): BenchEmbeddingModel {
  const chosen = option ?? env.LOCAL_FOCUS_MINILM_DIR ?? DEFAULT_MODEL_IDS.embeddings;
  const entry = findCatalogEntry(BUILTIN_CATALOG, chosen);
  if (entry && !entry.roles.includes('embeddings')) throw new Error(`--model ${chosen} is a ${entry.roles.join('/')} model, not an embedding model.`);
  const dir = entry ? path.join(modelsDir, entry.folder) : path.resolve(chosen);
  const label = entry ? entry.name : path.basename(dir);
  const missing = NEEDED_FILES.filter((f) => !existsSync(path.join(dir, f)));
  const how = entry ? `download it with \`local-focus models download ${entry.id}\`, or pass --model <folder>` : 'pass --model <catalog id or folder>';
  return {
    label,
    ...(entry ? { catalogId: entry.id } : {}),
    dir,
    ...(missing.length > 0 ? { skipped: `weights not present (${missing.join(', ')} missing in ${dir}; ${how})` } : {}),
  };
}
