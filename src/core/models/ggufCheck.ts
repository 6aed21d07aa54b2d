// The whole-file check of a GGUF model before llama.cpp or an import trusts it: the header, the
// tensor table, and that every tensor's data lies inside the file.
import * as fs from 'node:fs/promises';
import { ByteReader, GgufFormatError, type GgufHeader, readGgufHeaderFromFile, Truncated } from './gguf';

/** ggml tensor types: [elements per block, bytes per block], as the ggml shipped with
 *  node-llama-cpp 3.21.1 reports them (getBlockSizeForGgmlType / getTypeSizeForGgmlType). Types
 *  not listed here are only checked to start inside the file. */
const GGML_TYPE_SIZES: Record<number, readonly [number, number]> = {
  0: [1, 4], 1: [1, 2], 2: [32, 18], 3: [32, 20], 6: [32, 22], 7: [32, 24], 8: [32, 34], 9: [32, 36], 10: [256, 84],
  11: [256, 110], 12: [256, 144], 13: [256, 176], 14: [256, 210], 15: [256, 292], 16: [256, 66], 17: [256, 74],
  18: [256, 98], 19: [256, 50], 20: [32, 18], 21: [256, 110], 22: [256, 82], 23: [256, 136], 24: [1, 1], 25: [1, 2],
  26: [1, 4], 27: [1, 8], 28: [1, 8], 29: [256, 56], 30: [1, 2], 34: [256, 54], 35: [256, 66], 39: [32, 17],
  40: [64, 36], 41: [128, 18], 42: [64, 18],
};
const GGML_MAX_DIMS = 4;
/** More tensors than any model has (large MoE models have a few thousand). */
const MAX_TENSORS = 1_000_000;

/**
 * Checks a whole GGUF file before llama.cpp or an import trusts it: the header, the tensor table,
 * and that every tensor's data lies inside the file. A truncated download, a file cut by a full
 * disk or a header whose counts were damaged fails here with a sentence saying what is wrong,
 * instead of llama.cpp's "Failed to load model" or being imported as ready. Returns the header.
 */
export async function checkGgufFile(filePath: string, options: { signal?: AbortSignal } = {}): Promise<GgufHeader> {
  const header = await readGgufHeaderFromFile(filePath, options);
  if (header.tensorCount === 0) throw new GgufFormatError('bad-value', 'The GGUF file has no tensors: it holds no model weights (a vocabulary-only file?).');
  if (header.tensorCount > MAX_TENSORS) throw new GgufFormatError('bad-value', `The GGUF tensor count (${header.tensorCount}) is impossibly large; the file is damaged.`);
  const handle = await fs.open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    // A tensor's entry is its name, dims, type and offset: grow the read until the table fits.
    let want = Math.min(size - header.metadataEnd, header.tensorCount * 96 + 4096);
    for (;;) {
      options.signal?.throwIfAborted();
      const buf = Buffer.alloc(Math.max(0, want));
      const { bytesRead } = await handle.read(buf, 0, buf.length, header.metadataEnd);
      const table = readTensorTable(buf.subarray(0, bytesRead), header, size, bytesRead < want || header.metadataEnd + bytesRead >= size);
      if (table === 'more') {
        want = Math.min(size - header.metadataEnd, want * 4);
        continue;
      }
      return header;
    }
  } finally {
    await handle.close();
  }
}

/** Parses the tensor table at the start of `buf`; 'more' when it needs more bytes than given. */
function readTensorTable(buf: Buffer, header: GgufHeader, fileSize: number, atEnd: boolean): 'more' | 'ok' {
  const r = new ByteReader(buf);
  const tensors: { name: string; bytes: bigint | undefined; offset: bigint }[] = [];
  try {
    for (let i = 0; i < header.tensorCount; i++) {
      const name = r.string();
      const nDims = r.u32();
      if (nDims < 1 || nDims > GGML_MAX_DIMS) throw new GgufFormatError('bad-value', `GGUF tensor ${JSON.stringify(name)} has ${nDims} dimensions; the file is damaged.`);
      let elements = 1n;
      let firstDim = 0n;
      for (let d = 0; d < nDims; d++) {
        const dim = r.u64();
        if (d === 0) firstDim = dim;
        elements *= dim;
      }
      const type = r.u32();
      const offset = r.u64();
      const traits = GGML_TYPE_SIZES[type];
      let bytes: bigint | undefined;
      if (traits) {
        const [block, typeSize] = traits;
        if (firstDim % BigInt(block) !== 0n) throw new GgufFormatError('bad-value', `GGUF tensor ${JSON.stringify(name)} has a row of ${firstDim} elements, not a whole number of its type's ${block}-element blocks; the file is damaged.`);
        bytes = (elements / BigInt(block)) * BigInt(typeSize);
      }
      tensors.push({ name, bytes, offset });
    }
  } catch (err) {
    if (!(err instanceof Truncated)) throw err;
    if (!atEnd) return 'more';
    throw new GgufFormatError('truncated', `The GGUF file is truncated: it ends inside its table of ${header.tensorCount} tensors.`);
  }
  const alignmentValue = header.metadata.get('general.alignment');
  const alignment = typeof alignmentValue === 'number' && alignmentValue > 0 ? alignmentValue : 32;
  const dataStart = BigInt(Math.ceil((header.metadataEnd + r.offset) / alignment) * alignment);
  const dataBytes = BigInt(fileSize) - dataStart;
  for (const t of tensors) {
    const end = t.offset + (t.bytes ?? 1n);
    if (end > dataBytes) {
      throw new GgufFormatError(
        'truncated',
        `The GGUF file is truncated or damaged: the data of tensor ${JSON.stringify(t.name)} ends at byte ${dataStart + end}, past the file's end at byte ${fileSize}.`,
      );
    }
  }
  return 'ok';
}
