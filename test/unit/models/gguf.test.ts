// The GGUF header reader on the two real shared models, on headers written here byte by byte from
// the GGUF spec (every value type), and on files that are not GGUF or are cut short.
// Expected values for the shared files were read independently with node-llama-cpp 3.22's
// readGgufFileInfo (its metadataSize is the byte offset where the metadata ends) and with a
// hexdump of the first 24 bytes (version, tensor count, metadata count).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalFocusError } from '../../../src/core/errors';
import {
  GgufFormatError,
  GgufSkippedArray,
  GgufType,
  ggufModelInfo,
  parseGgufHeader,
  readGgufHeaderFromFile,
  readGgufHeaderWith,
} from '../../../src/core/models/gguf';
import { LLAMA2_TINY_RANDOM, sharedModel, STORIES_260K } from '../../support/sharedModels.cjs';

/** A minimal GGUF writer following the spec, for headers with exactly the values a test needs. */
class GgufWriter {
  private parts: Buffer[] = [];
  private u32(v: number) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.parts.push(b);
  }
  private u64(v: number | bigint) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.parts.push(b);
  }
  private str(s: string) {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.parts.push(bytes);
  }
  private raw(type: GgufType, v: unknown) {
    const b = Buffer.alloc(8);
    switch (type) {
      case GgufType.UINT8: b.writeUInt8(v as number); return this.parts.push(b.subarray(0, 1));
      case GgufType.INT8: b.writeInt8(v as number); return this.parts.push(b.subarray(0, 1));
      case GgufType.BOOL: b.writeUInt8(v ? 1 : 0); return this.parts.push(b.subarray(0, 1));
      case GgufType.UINT16: b.writeUInt16LE(v as number); return this.parts.push(b.subarray(0, 2));
      case GgufType.INT16: b.writeInt16LE(v as number); return this.parts.push(b.subarray(0, 2));
      case GgufType.UINT32: b.writeUInt32LE(v as number); return this.parts.push(b.subarray(0, 4));
      case GgufType.INT32: b.writeInt32LE(v as number); return this.parts.push(b.subarray(0, 4));
      case GgufType.FLOAT32: b.writeFloatLE(v as number); return this.parts.push(b.subarray(0, 4));
      case GgufType.UINT64: b.writeBigUInt64LE(BigInt(v as number)); return this.parts.push(b);
      case GgufType.INT64: b.writeBigInt64LE(BigInt(v as number)); return this.parts.push(b);
      case GgufType.FLOAT64: b.writeDoubleLE(v as number); return this.parts.push(b);
      case GgufType.STRING: return this.str(v as string);
      default: throw new Error('use array()');
    }
  }
  constructor(version = 3, tensorCount = 0, private readonly kvs: Array<(w: GgufWriter) => void> = []) {
    this.parts.push(Buffer.from('GGUF'));
    this.u32(version);
    this.u64(tensorCount);
  }
  kv(key: string, type: GgufType, value: unknown): this {
    this.kvs.push((w) => {
      w.str(key);
      w.u32(type);
      w.raw(type, value);
    });
    return this;
  }
  array(key: string, elementType: GgufType, values: unknown[]): this {
    this.kvs.push((w) => {
      w.str(key);
      w.u32(GgufType.ARRAY);
      w.u32(elementType);
      w.u64(values.length);
      for (const v of values) w.raw(elementType, v);
    });
    return this;
  }
  nestedArray(key: string, values: number[][]): this {
    this.kvs.push((w) => {
      w.str(key);
      w.u32(GgufType.ARRAY);
      w.u32(GgufType.ARRAY);
      w.u64(values.length);
      for (const inner of values) {
        w.u32(GgufType.UINT16);
        w.u64(inner.length);
        for (const v of inner) w.raw(GgufType.UINT16, v);
      }
    });
    return this;
  }
  build(): Buffer {
    this.u64(this.kvs.length);
    for (const write of this.kvs) write(this);
    return Buffer.concat(this.parts);
  }
}

function llamaLike(): GgufWriter {
  return new GgufWriter(3, 7)
    .kv('general.architecture', GgufType.STRING, 'llama')
    .kv('general.name', GgufType.STRING, 'tiny test')
    .kv('llama.block_count', GgufType.UINT32, 28)
    .kv('llama.attention.head_count', GgufType.UINT32, 24)
    .kv('llama.attention.head_count_kv', GgufType.UINT32, 8)
    .kv('llama.embedding_length', GgufType.UINT32, 3072)
    .kv('llama.context_length', GgufType.UINT64, 131072)
    .kv('general.file_type', GgufType.UINT32, 15);
}

function expectGgufError(fn: () => unknown, reason: string, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof GgufFormatError, String(err));
    assert.ok(err instanceof LocalFocusError);
    assert.equal(err.code, 'model-corrupt');
    assert.equal(err.reason, reason);
    assert.match(err.message, message);
    return true;
  });
}

describe('GGUF header reader', () => {
  it('reads stories260K.gguf', async () => {
    const header = await readGgufHeaderFromFile(sharedModel(STORIES_260K));
    assert.equal(header.version, 3);
    assert.equal(header.tensorCount, 48);
    assert.equal(header.metadataCount, 19);
    assert.equal(header.metadataEnd, 11347);
    assert.equal(header.complete, true);
    const info = ggufModelInfo(header);
    assert.deepEqual(info, {
      version: 3,
      tensorCount: 48,
      architecture: 'llama',
      name: 'llama',
      blockCount: 5,
      headCount: 8,
      headCountKv: 4,
      embeddingLength: 64,
      contextLength: 2048,
    });
    assert.equal(header.metadata.get('llama.feed_forward_length'), 172);
    assert.equal(header.metadata.get('llama.rope.dimension_count'), 8);
    assert.equal(header.metadata.get('tokenizer.ggml.model'), 'llama');
    const tokens = header.metadata.get('tokenizer.ggml.tokens') as GgufSkippedArray;
    assert.deepEqual(tokens, { kind: 'skipped-array', elementType: GgufType.STRING, length: 512 });
  });

  it('reads llama-2-tiny-random.gguf, whose 32,000-token vocabulary needs more than the first read', async () => {
    const reads: number[] = [];
    const handle = await fs.promises.open(sharedModel(LLAMA2_TINY_RANDOM), 'r');
    const header = await readGgufHeaderWith(async (n) => {
      reads.push(n);
      const buf = Buffer.alloc(n);
      const { bytesRead } = await handle.read(buf, 0, n, 0);
      return buf.subarray(0, bytesRead);
    }, { initialBytes: 16 * 1024 });
    await handle.close();
    assert.deepEqual(reads, [16384, 65536, 262144, 1048576], 'grows ×4 until the 723,709-byte header fits');
    assert.equal(header.metadataEnd, 723709);
    assert.equal(header.metadataCount, 18);
    const info = ggufModelInfo(header);
    assert.equal(info.name, 'LLaMA v2');
    assert.equal(info.blockCount, 1);
    assert.equal(info.headCount, 2);
    assert.equal(info.headCountKv, 2);
    assert.equal(info.embeddingLength, 8);
    assert.equal(info.contextLength, 4096);
    assert.equal(info.fileType, 1);
    assert.equal(info.quantization, 'F16');
    assert.equal((header.metadata.get('tokenizer.ggml.scores') as GgufSkippedArray).length, 32000);
  });

  it('stops at the model fields when asked, without reading the tokenizer', async () => {
    const header = await readGgufHeaderFromFile(sharedModel(LLAMA2_TINY_RANDOM), { initialBytes: 1024, stopAtModelInfo: true });
    assert.equal(header.complete, false);
    assert.equal(ggufModelInfo(header).contextLength, 4096);
    assert.ok(header.metadataEnd < 1024);
  });

  it('reads every value type, keeps short arrays and skips long ones', () => {
    const buf = llamaLike()
      .kv('t.u8', GgufType.UINT8, 250)
      .kv('t.i8', GgufType.INT8, -5)
      .kv('t.u16', GgufType.UINT16, 65000)
      .kv('t.i16', GgufType.INT16, -32000)
      .kv('t.i32', GgufType.INT32, -2_000_000_000)
      .kv('t.f32', GgufType.FLOAT32, 0.5)
      .kv('t.bool', GgufType.BOOL, true)
      .kv('t.u64big', GgufType.UINT64, 2n ** 60n)
      .kv('t.i64', GgufType.INT64, -42)
      .kv('t.f64', GgufType.FLOAT64, Math.PI)
      .kv('t.utf8', GgufType.STRING, 'héllo ✓')
      .array('t.short', GgufType.INT32, [1, -2, 3])
      .array('t.strings', GgufType.STRING, ['a', 'bb'])
      .array('t.long', GgufType.STRING, Array.from({ length: 100 }, (_, i) => `tok${i}`))
      .array('t.longfloats', GgufType.FLOAT32, Array.from({ length: 1000 }, () => 1))
      .nestedArray('t.nested', [[1, 2], [3]])
      .kv('t.after', GgufType.STRING, 'still read')
      .build();
    const header = parseGgufHeader(buf);
    const md = header.metadata;
    assert.equal(header.metadataEnd, buf.length);
    assert.equal(md.get('t.u8'), 250);
    assert.equal(md.get('t.i8'), -5);
    assert.equal(md.get('t.u16'), 65000);
    assert.equal(md.get('t.i16'), -32000);
    assert.equal(md.get('t.i32'), -2_000_000_000);
    assert.equal(md.get('t.f32'), 0.5);
    assert.equal(md.get('t.bool'), true);
    assert.equal(md.get('t.u64big'), 2n ** 60n);
    assert.equal(md.get('t.i64'), -42);
    assert.equal(md.get('t.f64'), Math.PI);
    assert.equal(md.get('t.utf8'), 'héllo ✓');
    assert.deepEqual(md.get('t.short'), [1, -2, 3]);
    assert.deepEqual(md.get('t.strings'), ['a', 'bb']);
    assert.deepEqual(md.get('t.long'), { kind: 'skipped-array', elementType: GgufType.STRING, length: 100 });
    assert.deepEqual(md.get('t.longfloats'), { kind: 'skipped-array', elementType: GgufType.FLOAT32, length: 1000 });
    assert.deepEqual(md.get('t.nested'), [[1, 2], [3]]);
    assert.equal(md.get('t.after'), 'still read', 'skipping arrays lands exactly on the next pair');
    assert.equal(header.tensorCount, 7);
  });

  it('derives model info with key/value lengths, per-layer KV heads and the file type name', () => {
    const info = ggufModelInfo(parseGgufHeader(llamaLike().kv('llama.attention.key_length', GgufType.UINT32, 192).kv('llama.attention.value_length', GgufType.UINT32, 128).build()));
    assert.equal(info.keyLength, 192);
    assert.equal(info.valueLength, 128);
    assert.equal(info.quantization, 'Q4_K_M');
    assert.equal(info.contextLength, 131072);
    const perLayer = new GgufWriter()
      .kv('general.architecture', GgufType.STRING, 'openelm')
      .kv('openelm.block_count', GgufType.UINT32, 3)
      .array('openelm.attention.head_count', GgufType.UINT32, [12, 12, 16])
      .array('openelm.attention.head_count_kv', GgufType.UINT32, [3, 4, 4])
      .kv('openelm.embedding_length', GgufType.UINT32, 1280)
      .kv('openelm.context_length', GgufType.UINT32, 2048)
      .build();
    const pl = ggufModelInfo(parseGgufHeader(perLayer));
    assert.equal(pl.headCount, 16);
    assert.equal(pl.headCountKv, 4);
    assert.equal(pl.quantization, undefined);
  });

  it('says which keys are missing', () => {
    const buf = new GgufWriter().kv('general.architecture', GgufType.STRING, 'llama').kv('llama.block_count', GgufType.UINT32, 2).build();
    expectGgufError(() => ggufModelInfo(parseGgufHeader(buf)), 'missing-key', /llama\.attention\.head_count, llama\.embedding_length, llama\.context_length/);
    expectGgufError(() => ggufModelInfo(parseGgufHeader(new GgufWriter().build())), 'missing-key', /general\.architecture/);
  });

  it('refuses a file that is not GGUF, naming what it starts with', async () => {
    expectGgufError(() => parseGgufHeader(Buffer.from('PK\u0003\u0004 a zip file')), 'bad-magic', /starts with "PK/);
    expectGgufError(() => parseGgufHeader(Buffer.from('{"not": "gguf"}')), 'bad-magic', /not a GGUF model file/);
    const tmp = path.join(os.tmpdir(), `lf-not-gguf-${process.pid}.gguf`);
    fs.writeFileSync(tmp, 'this is a text file renamed to .gguf\n');
    try {
      await assert.rejects(readGgufHeaderFromFile(tmp), (err: unknown) => err instanceof GgufFormatError && err.reason === 'bad-magic');
    } finally {
      fs.rmSync(tmp);
    }
  });

  it('reports a truncated header with where it ends', async () => {
    const full = fs.readFileSync(sharedModel(STORIES_260K)).subarray(0, 11347);
    expectGgufError(() => parseGgufHeader(full.subarray(0, 2)), 'truncated', /only 2 bytes/);
    expectGgufError(() => parseGgufHeader(full.subarray(0, 5000)), 'truncated', /ends at byte 5000, inside metadata pair \d+ of 19/);
    // The first two pairs are the 512 tokens and their scores; the cut falls inside the third.
    const partial = parseGgufHeader(full.subarray(0, 9000), { allowPartial: true });
    assert.equal(partial.complete, false);
    assert.deepEqual([...partial.metadata.keys()], ['tokenizer.ggml.tokens', 'tokenizer.ggml.scores']);
    const tmp = path.join(os.tmpdir(), `lf-cut-${process.pid}.gguf`);
    fs.writeFileSync(tmp, full.subarray(0, 9000));
    try {
      await assert.rejects(readGgufHeaderFromFile(tmp, { initialBytes: 1024 }), (err: unknown) => err instanceof GgufFormatError && err.reason === 'truncated' && /ends at byte 9000/.test(err.message));
    } finally {
      fs.rmSync(tmp);
    }
  });

  it('refuses unsupported versions, and says so for big-endian files', () => {
    expectGgufError(() => parseGgufHeader(new GgufWriter(1).build()), 'unsupported-version', /version 1/);
    expectGgufError(() => parseGgufHeader(new GgufWriter(4).build()), 'unsupported-version', /version 4 is not supported/);
    const bigEndian = Buffer.concat([Buffer.from('GGUF'), Buffer.from([0, 0, 0, 3]), Buffer.alloc(16)]);
    expectGgufError(() => parseGgufHeader(bigEndian), 'unsupported-version', /big-endian/);
  });

  it('refuses an unknown value type and an impossible length', () => {
    const good = new GgufWriter().kv('a', GgufType.UINT8, 1).build();
    const badType = Buffer.from(good);
    badType.writeUInt32LE(99, 24 + 8 + 1); // the type field of the first pair (after "a")
    expectGgufError(() => parseGgufHeader(badType), 'bad-value', /Unknown GGUF value type 99/);
    const hugeLength = Buffer.from(good);
    hugeLength.writeBigUInt64LE(2n ** 62n, 24); // the key's string length
    expectGgufError(() => parseGgufHeader(hugeLength), 'bad-value', /impossibly large/);
  });

  it('gives up past maxBytes instead of reading a damaged file forever', async () => {
    const buf = llamaLike().array('big', GgufType.STRING, Array.from({ length: 5000 }, () => 'x'.repeat(20))).build();
    await assert.rejects(
      readGgufHeaderWith(async (n) => buf.subarray(0, n), { initialBytes: 1024, maxBytes: 16 * 1024 }),
      (err: unknown) => err instanceof GgufFormatError && err.reason === 'too-large',
    );
    const ok = await readGgufHeaderWith(async (n) => buf.subarray(0, n), { initialBytes: 1024 });
    assert.equal(ok.metadataEnd, buf.length);
  });
});
