// Which files of a Hub repository a role can use, as candidates the user picks from: for a chat
// role every GGUF model (a split model's parts "-00001-of-0000N" together as one), for notes search
// the q8 ONNX model with its config and tokenizer. A candidate that cannot be added carries the
// reason: a name that is not a plain relative path (it would be written outside the models folder),
// a file without a published sha256 (its download could not be checked), a split model with a part
// missing. Q4_K_M is the default pick where present: the usual balance of size and quality.
import type { ModelRole } from './catalogTypes';
import type { HubTreeFile } from './hubListing';
import { unsafeRelativePathReason } from './safePath';
import { quantizationInName } from './userCatalog';

export interface HubCandidate {
  /** The file the user picks: the GGUF file, a split model's first part, the ONNX model file. */
  name: string;
  quantization: string;
  /** Every file the model needs, in order (a split model's parts; the ONNX model and its configs). */
  files: HubTreeFile[];
  sizeBytes: number;
  /** Files with no published sha256 that the entry would still hold (an ONNX model's small configs). */
  unhashed: string[];
  /** Why it cannot be added; undefined when it can. */
  refused?: string;
}

/** Split GGUF models name their parts "<base>-00001-of-00003.gguf" (llama.cpp's gguf-split). */
const SPLIT_PART = /^(.*)-(\d{5})-of-(\d{5})\.gguf$/i;
/** More parts than this is not a model for this machine, or a listing gone wrong. */
export const MAX_SPLIT_PARTS = 64;
/** The quantisations picked by default, best first, when the repository has no Q4_K_M. */
const DEFAULT_PICK_ORDER = ['Q4_K_M', 'Q4_K_S', 'Q5_K_M', 'Q4_0', 'Q5_K_S', 'Q6_K', 'Q8_0'];
/** What notes search loads (src/inference/embedder.ts): the q8 model and these three files. */
export const ONNX_MODEL_FILE = 'onnx/model_quantized.onnx';
export const ONNX_SIDE_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
const ONNX_OPTIONAL_FILES = ['special_tokens_map.json', 'vocab.txt'];

/** The files a candidate can be made of; the rest of a repository (cards, images, safetensors) is not kept. */
export function isModelFile(p: string): boolean {
  const name = p.slice(p.lastIndexOf('/') + 1);
  return /\.(gguf|onnx)$/i.test(name) || [...ONNX_SIDE_FILES, ...ONNX_OPTIONAL_FILES].includes(p);
}

export function candidatesFor(role: ModelRole, files: readonly HubTreeFile[]): { candidates: HubCandidate[]; notes: string[] } {
  return role === 'embeddings' ? onnxCandidates(files) : ggufCandidates(files);
}

/** The index of the default pick among candidates that can be added; -1 when none can. */
export function defaultPick(candidates: readonly HubCandidate[]): number {
  const usable = candidates.map((c, i) => ({ c, i })).filter(({ c }) => !c.refused);
  for (const quant of DEFAULT_PICK_ORDER) {
    const hit = usable.find(({ c }) => c.quantization === quant);
    if (hit) return hit.i;
  }
  const smallest = usable.sort((a, b) => a.c.sizeBytes - b.c.sizeBytes)[0];
  return smallest ? smallest.i : -1;
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function ggufCandidates(files: readonly HubTreeFile[]): { candidates: HubCandidate[]; notes: string[] } {
  const notes: string[] = [];
  const singles: HubTreeFile[] = [];
  const splits = new Map<string, HubTreeFile[]>();
  for (const f of files) {
    if (!/\.gguf$/i.test(f.path)) continue;
    // A vision projector is not a chat model on its own; the roles here have no use for it.
    if (/mmproj/i.test(baseName(f.path))) {
      notes.push(`${baseName(f.path)} is a vision projector (mmproj), not a chat model; it is left out.`);
      continue;
    }
    const split = SPLIT_PART.exec(f.path);
    if (!split) singles.push(f);
    else splits.set(`${split[1]}|${split[3]}`, [...(splits.get(`${split[1]}|${split[3]}`) ?? []), f]);
  }
  const candidates = singles.map((f) => ggufCandidate(f.path, [f]));
  for (const parts of splits.values()) candidates.push(splitCandidate(parts));
  candidates.sort((a, b) => a.sizeBytes - b.sizeBytes || a.name.localeCompare(b.name));
  return { candidates, notes };
}

function ggufCandidate(name: string, parts: HubTreeFile[], refusedAlready?: string): HubCandidate {
  const base = baseName(name).replace(/(-\d{5}-of-\d{5})?\.gguf$/i, '');
  const unhashed = parts.filter((p) => p.sha256 === null).map((p) => p.path);
  const candidate: HubCandidate = { name, quantization: quantizationInName(base), files: parts, sizeBytes: parts.reduce((s, p) => s + p.size, 0), unhashed };
  const refused = refusedAlready ?? unsafeNameReason(parts) ?? (unhashed.length ? noHashReason(unhashed) : undefined);
  return refused ? { ...candidate, refused } : candidate;
}

function splitCandidate(parts: HubTreeFile[]): HubCandidate {
  const numbered = parts.map((p) => ({ p, m: SPLIT_PART.exec(p.path)! }));
  const total = Number(numbered[0]!.m[3]);
  numbered.sort((a, b) => Number(a.m[2]) - Number(b.m[2]));
  const ordered = numbered.map((n) => n.p);
  const first = `${numbered[0]!.m[1]}-00001-of-${numbered[0]!.m[3]}.gguf`;
  if (total < 1 || total > MAX_SPLIT_PARTS) return ggufCandidate(first, ordered, `it is split in ${total} parts; at most ${MAX_SPLIT_PARTS} are accepted`);
  const have = new Set(numbered.map((n) => Number(n.m[2])));
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((n) => !have.has(n));
  if (missing.length) return ggufCandidate(first, ordered, `part${missing.length > 1 ? 's' : ''} ${missing.slice(0, 5).join(', ')} of ${total} ${missing.length > 1 ? 'are' : 'is'} missing from the repository, and llama.cpp needs every part`);
  if (numbered.some((n) => Number(n.m[2]) > total)) return ggufCandidate(first, ordered, `its parts number more than the ${total} their names announce`);
  return ggufCandidate(ordered[0]!.path, ordered);
}

function onnxCandidates(files: readonly HubTreeFile[]): { candidates: HubCandidate[]; notes: string[] } {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const model = byPath.get(ONNX_MODEL_FILE);
  const onnxFiles = files.filter((f) => /\.onnx$/i.test(f.path));
  if (!model) {
    const found = onnxFiles.length ? ` (it has ${onnxFiles.slice(0, 4).map((f) => f.path).join(', ')})` : '';
    return { candidates: [], notes: [`No ${ONNX_MODEL_FILE}, the q8 model notes search loads${found}.`] };
  }
  const needed = [model, ...ONNX_SIDE_FILES.map((n) => byPath.get(n)), ...ONNX_OPTIONAL_FILES.map((n) => byPath.get(n)).filter(Boolean)];
  const missing = ONNX_SIDE_FILES.filter((n) => !byPath.has(n));
  const present = needed.filter((f): f is HubTreeFile => f !== undefined);
  const candidate: HubCandidate = {
    name: model.path,
    quantization: 'q8',
    files: present,
    sizeBytes: present.reduce((s, f) => s + f.size, 0),
    unhashed: present.filter((f) => f.sha256 === null && f !== model).map((f) => f.path),
  };
  const refused = missing.length
    ? `it lacks ${missing.join(', ')}, which notes search needs beside the model`
    : (unsafeNameReason(present) ?? (model.sha256 === null ? noHashReason([model.path]) : undefined));
  return { candidates: [refused ? { ...candidate, refused } : candidate], notes: [] };
}

function unsafeNameReason(files: readonly HubTreeFile[]): string | undefined {
  for (const f of files) {
    const reason = unsafeRelativePathReason(f.path);
    if (reason) return `its file name ${JSON.stringify(f.path.slice(0, 120))} ${reason}, so it would not stay inside the models folder`;
  }
  return undefined;
}

function noHashReason(names: readonly string[]): string {
  return `the Hub publishes no SHA-256 for ${names.slice(0, 3).join(', ')} (no LFS hash), so its download could not be verified`;
}
