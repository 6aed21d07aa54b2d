// Reads the header of a GGUF file (llama.cpp's model format) from its first bytes: enough to show a
// model's shape and to estimate its memory before it is loaded, or even downloaded (the same reader
// runs on a local file's prefix and on a Range response). Format: github.com/ggml-org/ggml docs/gguf.md
//   magic "GGUF" · version u32 · tensor_count u64 · metadata_kv_count u64 · kv pairs · tensor infos …
// Tokenizer arrays (hundreds of thousands of strings) are stepped over, never turned into JS values.
import * as fs from 'node:fs/promises';
import { LocalFocusError } from '../errors';

export const GGUF_MAGIC = 'GGUF';

export enum GgufType {
  UINT8 = 0,
  INT8 = 1,
  UINT16 = 2,
  INT16 = 3,
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
  UINT64 = 10,
  INT64 = 11,
  FLOAT64 = 12,
}

const FIXED_WIDTH: Partial<Record<GgufType, number>> = {
  [GgufType.UINT8]: 1,
  [GgufType.INT8]: 1,
  [GgufType.BOOL]: 1,
  [GgufType.UINT16]: 2,
  [GgufType.INT16]: 2,
  [GgufType.UINT32]: 4,
  [GgufType.INT32]: 4,
  [GgufType.FLOAT32]: 4,
  [GgufType.UINT64]: 8,
  [GgufType.INT64]: 8,
  [GgufType.FLOAT64]: 8,
};

export type GgufScalar = number | bigint | boolean | string;

/** An array too long to be worth materialising (token lists, merges, scores): only its shape. */
export interface GgufSkippedArray {
  kind: 'skipped-array';
  elementType: GgufType;
  length: number;
}

export type GgufValue = GgufScalar | GgufScalar[] | GgufScalar[][] | GgufSkippedArray;

export interface GgufHeader {
  version: number;
  tensorCount: number;
  metadataCount: number;
  metadata: Map<string, GgufValue>;
  /** Byte offset just after the last metadata pair (where the tensor infos begin). */
  metadataEnd: number;
  /** False when parsing stopped at the end of the given bytes (allowPartial). */
  complete: boolean;
}

export type GgufErrorReason = 'bad-magic' | 'truncated' | 'unsupported-version' | 'bad-value' | 'too-large' | 'missing-key';

export class GgufFormatError extends LocalFocusError {
  readonly reason: GgufErrorReason;
  constructor(reason: GgufErrorReason, message: string) {
    super('model-corrupt', message, { reason });
    this.name = 'GgufFormatError';
    this.reason = reason;
  }
}

export interface ParseGgufOptions {
  /** Arrays with more elements than this are skipped (shape kept, values dropped). Default 64. */
  maxArrayElements?: number;
  /** Return what was read when the bytes end mid-header instead of throwing "truncated". */
  allowPartial?: boolean;
}

/** Thrown by ByteReader at the end of its buffer: the caller reads more bytes, or reports truncation. */
export class Truncated extends Error {}

/** Arrays of arrays nest one or two deep in real files; a damaged or hostile header nesting them
 *  thousands deep overflowed the stack ("Maximum call stack size exceeded", an internal error). */
const MAX_ARRAY_NESTING = 16;

function checkNesting(depth: number, offset: number): void {
  if (depth >= MAX_ARRAY_NESTING) {
    throw new GgufFormatError('bad-value', `The GGUF header nests arrays more than ${MAX_ARRAY_NESTING} deep at byte ${offset}; the file is damaged.`);
  }
}

export class ByteReader {
  offset = 0;
  constructor(private readonly buf: Buffer) {}

  private need(n: number): void {
    if (this.offset + n > this.buf.length) throw new Truncated();
  }
  u8(): number {
    this.need(1);
    return this.buf.readUInt8(this.offset++);
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.offset);
    this.offset += 4;
    return v;
  }
  u64(): bigint {
    this.need(8);
    const v = this.buf.readBigUInt64LE(this.offset);
    this.offset += 8;
    return v;
  }
  /** A u64 count or length that must fit a JS number to be meaningful. */
  length(what: string): number {
    const v = this.u64();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new GgufFormatError('bad-value', `The GGUF ${what} (${v}) is impossibly large; the file is damaged.`);
    return Number(v);
  }
  skip(n: number): void {
    this.need(n);
    this.offset += n;
  }
  string(): string {
    const len = this.length('string length');
    this.need(len);
    const s = this.buf.toString('utf8', this.offset, this.offset + len);
    this.offset += len;
    return s;
  }
  skipString(): void {
    this.skip(this.length('string length'));
  }
  scalar(type: GgufType): GgufScalar {
    const b = this.buf;
    const width = FIXED_WIDTH[type];
    if (width !== undefined) this.need(width);
    const at = this.offset;
    switch (type) {
      case GgufType.UINT8: this.offset += 1; return b.readUInt8(at);
      case GgufType.INT8: this.offset += 1; return b.readInt8(at);
      case GgufType.BOOL: this.offset += 1; return b.readUInt8(at) !== 0;
      case GgufType.UINT16: this.offset += 2; return b.readUInt16LE(at);
      case GgufType.INT16: this.offset += 2; return b.readInt16LE(at);
      case GgufType.UINT32: this.offset += 4; return b.readUInt32LE(at);
      case GgufType.INT32: this.offset += 4; return b.readInt32LE(at);
      case GgufType.FLOAT32: this.offset += 4; return b.readFloatLE(at);
      case GgufType.FLOAT64: this.offset += 8; return b.readDoubleLE(at);
      case GgufType.UINT64: { this.offset += 8; const v = b.readBigUInt64LE(at); return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v; }
      case GgufType.INT64: {
        this.offset += 8;
        const v = b.readBigInt64LE(at);
        return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
      }
      case GgufType.STRING: return this.string();
      default: throw new GgufFormatError('bad-value', `Unknown GGUF value type ${type} at byte ${at}; the file is damaged or from a newer GGUF version.`);
    }
  }
  skipValue(type: GgufType, depth = 0): void {
    const width = FIXED_WIDTH[type];
    if (width !== undefined) return this.skip(width);
    if (type === GgufType.STRING) return this.skipString();
    if (type === GgufType.ARRAY) {
      checkNesting(depth, this.offset);
      const elementType = this.u32() as GgufType;
      const count = this.length('array length');
      const w = FIXED_WIDTH[elementType];
      // Fixed-width arrays are one jump; string arrays need each length read but no string built.
      if (w !== undefined) return this.skip(count * w);
      for (let i = 0; i < count; i++) this.skipValue(elementType, depth + 1);
      return;
    }
    throw new GgufFormatError('bad-value', `Unknown GGUF value type ${type} at byte ${this.offset}; the file is damaged or from a newer GGUF version.`);
  }
  value(type: GgufType, maxArrayElements: number, depth = 0): GgufValue {
    if (type !== GgufType.ARRAY) return this.scalar(type);
    checkNesting(depth, this.offset);
    const elementType = this.u32() as GgufType;
    const start = this.offset;
    const count = this.length('array length');
    if (count > maxArrayElements) {
      this.offset = start - 4; // back to the element type, so skipValue reads the array whole
      this.skipValue(GgufType.ARRAY);
      return { kind: 'skipped-array', elementType, length: count };
    }
    const out: GgufValue[] = [];
    for (let i = 0; i < count; i++) out.push(this.value(elementType, maxArrayElements, depth + 1));
    return out as GgufScalar[];
  }
}

/** Parses the header from the first bytes of a GGUF file. Throws GgufFormatError with a reason. */
export function parseGgufHeader(buf: Buffer, options: ParseGgufOptions = {}): GgufHeader {
  const maxArrayElements = options.maxArrayElements ?? 64;
  const head = buf.toString('latin1', 0, Math.min(4, buf.length));
  if (head !== GGUF_MAGIC.slice(0, head.length)) {
    const shown = JSON.stringify(head);
    throw new GgufFormatError('bad-magic', `This is not a GGUF model file: it starts with ${shown} instead of "GGUF".`);
  }
  const r = new ByteReader(buf);
  const metadata = new Map<string, GgufValue>();
  let version = 0;
  let tensorCount = 0;
  let metadataCount = 0;
  let lastComplete = 0;
  try {
    r.skip(4);
    version = r.u32();
    if (version !== 2 && version !== 3) {
      const swapped = ((version & 0xff) << 24) | ((version & 0xff00) << 8) | ((version >>> 8) & 0xff00) | (version >>> 24);
      if (swapped === 2 || swapped === 3) {
        throw new GgufFormatError('unsupported-version', 'This GGUF file is big-endian; only little-endian GGUF files (the common kind) are supported.');
      }
      throw new GgufFormatError(
        'unsupported-version',
        version === 1 ? 'This GGUF file is version 1, an early format llama.cpp no longer loads; download a current conversion (version 2 or 3).' : `GGUF version ${version} is not supported (versions 2 and 3 are).`,
      );
    }
    tensorCount = r.length('tensor count');
    metadataCount = r.length('metadata count');
    lastComplete = r.offset;
    for (let i = 0; i < metadataCount; i++) {
      const key = r.string();
      const type = r.u32() as GgufType;
      const value = r.value(type, maxArrayElements);
      metadata.set(key, value);
      lastComplete = r.offset;
    }
  } catch (err) {
    if (!(err instanceof Truncated)) throw err;
    if (buf.length < 4) throw new GgufFormatError('truncated', `The GGUF header is truncated: only ${buf.length} bytes, not even the 4-byte magic.`);
    if (options.allowPartial && version !== 0) {
      return { version, tensorCount, metadataCount, metadata, metadataEnd: lastComplete, complete: false };
    }
    throw new GgufFormatError(
      'truncated',
      `The GGUF header is truncated: it ends at byte ${buf.length}, inside metadata pair ${metadata.size + 1} of ${metadataCount || '?'}.`,
    );
  }
  return { version, tensorCount, metadataCount, metadata, metadataEnd: r.offset, complete: true };
}

/** llama.cpp's `llama_ftype` (general.file_type) names, for showing the quantisation. */
export const GGUF_FILE_TYPES: Record<number, string> = {
  0: 'F32', 1: 'F16', 2: 'Q4_0', 3: 'Q4_1', 4: 'Q4_1_SOME_F16', 7: 'Q8_0', 8: 'Q5_0', 9: 'Q5_1', 10: 'Q2_K',
  11: 'Q3_K_S', 12: 'Q3_K_M', 13: 'Q3_K_L', 14: 'Q4_K_S', 15: 'Q4_K_M', 16: 'Q5_K_S', 17: 'Q5_K_M', 18: 'Q6_K',
  19: 'IQ2_XXS', 20: 'IQ2_XS', 21: 'Q2_K_S', 22: 'IQ3_XS', 23: 'IQ3_XXS', 24: 'IQ1_S', 25: 'IQ4_NL', 26: 'IQ3_S',
  27: 'IQ3_M', 28: 'IQ2_S', 29: 'IQ2_M', 30: 'IQ4_XS', 31: 'IQ1_M', 32: 'BF16', 33: 'Q4_0_4_4', 34: 'Q4_0_4_8',
  35: 'Q4_0_8_8', 36: 'TQ1_0', 37: 'TQ2_0', 38: 'MXFP4_MOE',
};

export interface GgufModelInfo {
  version: number;
  tensorCount: number;
  architecture: string;
  name?: string;
  /** Transformer layers (`<arch>.block_count`). */
  blockCount: number;
  headCount: number;
  /** KV heads; equals headCount for models without grouped-query attention. */
  headCountKv: number;
  embeddingLength: number;
  /** Per-head key/value sizes when the model states them (otherwise embedding / heads). */
  keyLength?: number;
  valueLength?: number;
  contextLength: number;
  fileType?: number;
  quantization?: string;
}

function asNumber(v: GgufValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  // Some architectures give a per-layer list (e.g. head_count_kv varying by layer): the largest
  // value bounds the memory, which is what the estimate needs.
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number')) return Math.max(...(v as number[]));
  return undefined;
}

const MODEL_INFO_KEYS = ['block_count', 'attention.head_count', 'embedding_length', 'context_length'] as const;

/** The fields the model manager and the memory estimate use, from a parsed header. */
export function ggufModelInfo(header: GgufHeader): GgufModelInfo {
  const md = header.metadata;
  const architecture = md.get('general.architecture');
  if (typeof architecture !== 'string') throw new GgufFormatError('missing-key', 'The GGUF header has no general.architecture; the file is damaged or not a model.');
  const get = (key: string) => asNumber(md.get(`${architecture}.${key}`));
  const missing = MODEL_INFO_KEYS.filter((k) => get(k) === undefined);
  if (missing.length > 0) {
    throw new GgufFormatError('missing-key', `The GGUF header lacks ${missing.map((k) => `${architecture}.${k}`).join(', ')}${header.complete ? '' : ' in the bytes read so far'}.`);
  }
  const headCount = get('attention.head_count') as number;
  const fileType = asNumber(md.get('general.file_type'));
  const name = md.get('general.name');
  const keyLength = get('attention.key_length');
  const valueLength = get('attention.value_length');
  return {
    version: header.version,
    tensorCount: header.tensorCount,
    architecture,
    ...(typeof name === 'string' ? { name } : {}),
    blockCount: get('block_count') as number,
    headCount,
    headCountKv: get('attention.head_count_kv') ?? headCount,
    embeddingLength: get('embedding_length') as number,
    ...(keyLength !== undefined ? { keyLength } : {}),
    ...(valueLength !== undefined ? { valueLength } : {}),
    contextLength: get('context_length') as number,
    ...(fileType !== undefined ? { fileType, quantization: GGUF_FILE_TYPES[fileType] ?? `file type ${fileType}` } : {}),
  };
}

function hasModelInfo(header: GgufHeader): boolean {
  const arch = header.metadata.get('general.architecture');
  return typeof arch === 'string' && MODEL_INFO_KEYS.every((k) => asNumber(header.metadata.get(`${arch}.${k}`)) !== undefined);
}

export interface ReadGgufOptions extends ParseGgufOptions {
  /** First read size; grows ×4 while the header does not fit. Default 1 MiB. */
  initialBytes?: number;
  /** Give up past this many bytes (a real header is a few MiB of tokenizer). Default 64 MiB. */
  maxBytes?: number;
  /**
   * Stop as soon as the model fields are known, without reading the rest of the header: saves
   * megabytes when the bytes come over the network. The result is then marked complete: false.
   */
  stopAtModelInfo?: boolean;
  signal?: AbortSignal;
}

/**
 * Reads a header through `readPrefix(n)`, which returns up to the first n bytes (fewer only at the
 * end of the file). Used for local files and for HTTP Range reads alike.
 */
export async function readGgufHeaderWith(readPrefix: (n: number) => Promise<Buffer>, options: ReadGgufOptions = {}): Promise<GgufHeader> {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  let n = Math.min(options.initialBytes ?? 1024 * 1024, maxBytes);
  for (;;) {
    options.signal?.throwIfAborted();
    const buf = await readPrefix(n);
    const atEnd = buf.length < n;
    let header: GgufHeader | undefined;
    try {
      header = parseGgufHeader(buf, { ...options, allowPartial: true });
    } catch (err) {
      // Too few bytes even for the fixed fields: only final when the file itself is that short.
      if (!(err instanceof GgufFormatError && err.reason === 'truncated') || atEnd) throw err;
    }
    if (header?.complete) return header;
    if (header && options.stopAtModelInfo && hasModelInfo(header)) return header;
    if (atEnd && header) {
      if (options.allowPartial) return header;
      parseGgufHeader(buf, { ...options, allowPartial: false }); // throws the located "truncated" error
      throw new GgufFormatError('truncated', `The GGUF header is truncated: the file ends at byte ${buf.length}.`);
    }
    if (n >= maxBytes) {
      throw new GgufFormatError('too-large', `The GGUF header is larger than ${maxBytes} bytes; the file is damaged or not a model this reader supports.`);
    }
    n = Math.min(n * 4, maxBytes);
  }
}

/** Reads the header of a GGUF file on disk, reading only as many leading bytes as it needs. */
export async function readGgufHeaderFromFile(filePath: string, options: ReadGgufOptions = {}): Promise<GgufHeader> {
  const handle = await fs.open(filePath, 'r');
  try {
    return await readGgufHeaderWith(async (n) => {
      const buf = Buffer.alloc(n);
      const { bytesRead } = await handle.read(buf, 0, n, 0);
      return buf.subarray(0, bytesRead);
    }, options);
  } finally {
    await handle.close();
  }
}
