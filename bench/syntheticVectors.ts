// The fixture embedder of the notes benches: a deterministic pseudo-random unit vector per text,
// so the index's own cost is measured without a model's. Its vectors mean nothing.
import { createHash } from 'node:crypto';
import type { EmbedFunction } from '../src/inference/notes/noteIndexOptions';

export const SYNTHETIC_DIM = 384;

export function syntheticVector(text: string, dim = SYNTHETIC_DIM): Float32Array {
  const seed = createHash('md5').update(text).digest();
  let a = seed.readUInt32LE(0);
  const v = new Float32Array(dim);
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    v[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
    norm += v[i] * v[i];
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < dim; i++) v[i] /= norm;
  return v;
}

export const syntheticEmbed: EmbedFunction = async (texts) => texts.map((text) => syntheticVector(text));
