// The catalog schema (valid input, and each kind of invalid input with its located message), the
// built-in catalog's contents, a user catalog file, and "Add Model from URL…".
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalFocusError } from '../../../src/core/errors';
import { DEFAULT_MODEL_FILES } from '../../../src/core/paths';
import { BUILTIN_CATALOG, DEFAULT_MODEL_IDS, entriesForRole, entryDownloadSize, findCatalogEntry } from '../../../src/core/models/catalog';
import { CatalogValidationError, checkCatalog, insecureRedirectReason, insecureUrlReason, validateCatalog } from '../../../src/core/models/catalogSchema';
import { MODEL_ROLES } from '../../../src/core/models/catalogTypes';
import { applyGgufInfo, entryForUrl, mergeUserCatalog } from '../../../src/core/models/userCatalog';
import { MINILM_TOKENIZER, MODELS_README, sharedModel } from '../../support/sharedModels.cjs';

const SHA_A = 'a'.repeat(64);

function validEntry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'my-model',
    name: 'My model',
    roles: ['review'],
    publisher: 'someone',
    trust: 'community',
    format: 'gguf',
    quantization: 'Q4_K_M',
    parameters: '1B',
    contextLength: 4096,
    license: 'MIT',
    files: [{ name: 'my-model.gguf', url: 'https://huggingface.co/someone/my-model/resolve/main/my-model.gguf', size: 1000, sha256: SHA_A }],
    ...overrides,
  };
}

function issuesOf(json: unknown): string[] {
  try {
    validateCatalog(json);
  } catch (err) {
    assert.ok(err instanceof CatalogValidationError);
    assert.ok(err instanceof LocalFocusError);
    assert.equal(err.code, 'bad-input');
    assert.ok(err.message.startsWith('The model catalog is not valid'));
    return err.issues;
  }
  assert.fail('expected the catalog to be invalid');
}

describe('catalog schema', () => {
  it('accepts a valid entry, as a list or a {version, models} document, and derives verified and folder', () => {
    const [fromList] = validateCatalog([validEntry()]);
    const [fromDoc] = validateCatalog({ version: 1, models: [validEntry()] });
    assert.deepEqual(fromList, fromDoc);
    assert.equal(fromList.verified, true);
    assert.equal(fromList.folder, '', 'a single GGUF file lives directly in the models folder');
    const onnx = validateCatalog([
      validEntry({
        format: 'onnx',
        files: [
          { name: 'onnx/model.onnx', url: 'https://example.org/m.onnx', size: 5, sha256: SHA_A.toUpperCase() },
          { name: 'tokenizer.json', url: 'https://example.org/t.json', size: null, sha256: null },
        ],
      }),
    ])[0];
    assert.equal(onnx.verified, false, 'one file without a hash makes the entry unverified');
    assert.equal(onnx.folder, 'my-model', 'a multi-file model gets a folder named after its id');
    assert.equal(onnx.files[0].sha256, SHA_A, 'hashes are normalised to lowercase');
    const local = validateCatalog([validEntry({ files: [{ name: 'x.gguf', url: 'http://127.0.0.1:8080/x.gguf', size: null, sha256: null }] })]);
    assert.equal(local[0].files[0].url, 'http://127.0.0.1:8080/x.gguf', 'plain http to this machine is allowed (a local mirror)');
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ['not a list', { models: 'x' }, /must be a list of models/],
    ['unknown version', { version: 2, models: [] }, /version 2 is not supported/],
    ['not an object', ['x'], /models\[0\] must be an object/],
    ['bad id', [validEntry({ id: 'My Model' })], /\.id must be lowercase/],
    ['empty name', [validEntry({ name: ' ' })], /\.name must be a non-empty string/],
    ['unknown role', [validEntry({ roles: ['chat'] })], /roles has "chat"; expected one of task-parsing, review, embeddings/],
    ['no roles', [validEntry({ roles: [] })], /roles must be a non-empty list/],
    ['duplicate role', [validEntry({ roles: ['review', 'review'] })], /lists a role twice/],
    ['bad trust', [validEntry({ trust: 'trusted' })], /trust must be one of official, verified, community/],
    ['bad format', [validEntry({ format: 'safetensors' })], /format must be one of gguf, onnx/],
    ['missing license', [validEntry({ license: undefined })], /\.license must be a non-empty string/],
    ['bad context', [validEntry({ contextLength: 0 })], /contextLength must be a positive whole number/],
    ['no files', [validEntry({ files: [] })], /files must be a non-empty list/],
    ['typo field', [validEntry({ licence: 'MIT' })], /unknown field "licence"/],
    ['typo file field', [validEntry({ files: [{ name: 'a.gguf', url: 'https://x.org/a.gguf', size: 1, sha265: SHA_A }] })], /unknown field "sha265"/],
    ['short hash', [validEntry({ files: [{ name: 'a.gguf', url: 'https://x.org/a.gguf', size: 1, sha256: 'abc' }] })], /files\[0\]\.sha256 must be 64 hexadecimal characters or null/],
    ['negative size', [validEntry({ files: [{ name: 'a.gguf', url: 'https://x.org/a.gguf', size: -1, sha256: null }] })], /size must be a whole number of bytes or null/],
    ['fractional size', [validEntry({ files: [{ name: 'a.gguf', url: 'https://x.org/a.gguf', size: 1.5, sha256: null }] })], /size must be a whole number/],
    ['relative url', [validEntry({ files: [{ name: 'a.gguf', url: '/a.gguf', size: 1, sha256: null }] })], /url "\/a\.gguf" is not a valid absolute URL/],
    ['http url', [validEntry({ files: [{ name: 'a.gguf', url: 'http://example.org/a.gguf', size: 1, sha256: null }] })], /plain http to another machine/],
    ['ftp url', [validEntry({ files: [{ name: 'a.gguf', url: 'ftp://example.org/a.gguf', size: 1, sha256: null }] })], /unsupported scheme "ftp:"/],
    ['escaping name', [validEntry({ files: [{ name: '../../.bashrc.gguf', url: 'https://x.org/a.gguf', size: 1, sha256: null }] })], /name "\.\.\/\.\.\/\.bashrc\.gguf" contains "\.\."/],
    ['absolute name', [validEntry({ files: [{ name: '/etc/x.gguf', url: 'https://x.org/a.gguf', size: 1, sha256: null }] })], /is an absolute path/],
    ['backslash name', [validEntry({ files: [{ name: 'a\\b.gguf', url: 'https://x.org/a.gguf', size: 1, sha256: null }] })], /backslash/],
    ['not gguf', [validEntry({ files: [{ name: 'a.bin', url: 'https://x.org/a.bin', size: 1, sha256: null }] })], /must end in \.gguf/],
    ['onnx without onnx', [validEntry({ format: 'onnx', files: [{ name: 'a.json', url: 'https://x.org/a.json', size: 1, sha256: null }] })], /no \.onnx file/],
    ['duplicate file', [validEntry({ files: [validEntry().files, validEntry().files].flat() })], /lists "my-model\.gguf" twice/],
    ['unsafe folder', [validEntry({ folder: '../outside' })], /folder "\.\.\/outside" contains "\.\."/],
    ['verified without hash', [validEntry({ verified: true, files: [{ name: 'a.gguf', url: 'https://x.org/a.gguf', size: 1, sha256: null }] })], /verified is true but a file has no sha256/],
    ['bad architecture', [validEntry({ architecture: { layers: 2, headCount: 0, kvHeads: 1, headDim: 64 } })], /architecture\.headCount must be a positive whole number/],
    ['duplicate id', [validEntry(), validEntry()], /models\[1\]\.id "my-model" is already used by models\[0\]/],
  ];
  for (const [label, json, pattern] of invalid) {
    it(`rejects ${label}`, () => {
      const issues = issuesOf(json);
      assert.ok(issues.some((i) => pattern.test(i)), `no issue matches ${pattern}: ${issues.join(' | ')}`);
    });
  }

  it('reports every problem at once, each with its location', () => {
    const { entries, issues } = checkCatalog([validEntry({ trust: 'x' }), validEntry({ id: 'ok-model' }), validEntry({ id: 'third', contextLength: -1 })]);
    assert.deepEqual(entries.map((e) => e.id), ['ok-model']);
    assert.equal(issues.length, 2);
    assert.match(issues[0], /^models\[0\] \("my-model"\)\.trust/);
    assert.match(issues[1], /^models\[2\] \("third"\)\.contextLength/);
  });

  it('allows https and loopback http only', () => {
    assert.equal(insecureUrlReason('https://huggingface.co/x'), undefined);
    assert.equal(insecureUrlReason('http://localhost:1234/x'), undefined);
    assert.equal(insecureUrlReason('http://[::1]:1234/x'), undefined);
    assert.equal(insecureUrlReason('http://127.0.0.2/x'), undefined);
    assert.match(insecureUrlReason('http://192.168.1.10/x') ?? '', /plain http/);
    assert.match(insecureUrlReason('file:///etc/passwd') ?? '', /unsupported scheme/);
  });

  it('refuses a redirect from another machine to this one, and allows loopback to loopback', () => {
    assert.match(insecureRedirectReason('https://huggingface.co/x', 'http://127.0.0.1:8080/admin') ?? '', /redirects from huggingface\.co to this machine/);
    assert.match(insecureRedirectReason('https://example.org/x', 'https://localhost/y') ?? '', /this machine/);
    assert.match(insecureRedirectReason('https://example.org/x', 'http://[::1]:9/y') ?? '', /this machine/);
    assert.equal(insecureRedirectReason('http://127.0.0.1:5000/a', 'http://localhost:5000/b'), undefined);
    assert.equal(insecureRedirectReason('https://huggingface.co/x', 'https://cdn-lfs.hf.co/y'), undefined);
  });
});

describe('built-in catalog', () => {
  it('has the models the issue asks for, each valid', () => {
    const ids = BUILTIN_CATALOG.map((e) => e.id);
    for (const id of [
      'llama-3.2-3b-instruct-q4km',
      'llama-3.2-1b-instruct-q4km',
      'qwen2.5-0.5b-instruct-q4km',
      'qwen2.5-1.5b-instruct-q4km',
      'phi-3-mini-4k-instruct-q4',
      'tinyllama-1.1b-chat-v1.0-q4km',
      'all-minilm-l6-v2',
      'gte-small',
      'paraphrase-multilingual-minilm-l12-v2',
    ]) {
      assert.ok(ids.includes(id), `missing ${id}`);
    }
    assert.deepEqual(validateCatalog(BUILTIN_CATALOG.map(({ origin: _o, verified: _v, ...e }) => e)).length, BUILTIN_CATALOG.length);
    assert.ok(BUILTIN_CATALOG.every((e) => e.origin === 'builtin'));
  });

  it('marks exactly the entries with a missing hash as unverified', () => {
    const unverified = BUILTIN_CATALOG.filter((e) => !e.verified).map((e) => e.id);
    assert.deepEqual(unverified, ['gte-small']);
    for (const e of BUILTIN_CATALOG) assert.equal(e.verified, e.files.every((f) => f.sha256 !== null), e.id);
  });

  it('has a default for each role that serves that role, matching the file names src/core/paths.ts expects', () => {
    for (const role of MODEL_ROLES) {
      const entry = findCatalogEntry(BUILTIN_CATALOG, DEFAULT_MODEL_IDS[role]);
      assert.ok(entry, role);
      assert.ok(entry.roles.includes(role));
      assert.ok(entriesForRole(BUILTIN_CATALOG, role).length >= 2, `${role} has an alternative`);
    }
    const review = findCatalogEntry(BUILTIN_CATALOG, DEFAULT_MODEL_IDS.review)!;
    assert.equal(path.posix.join(review.folder, review.files[0].name), DEFAULT_MODEL_FILES.codeReview);
    const parsing = findCatalogEntry(BUILTIN_CATALOG, DEFAULT_MODEL_IDS['task-parsing'])!;
    assert.equal(path.posix.join(parsing.folder, parsing.files[0].name), DEFAULT_MODEL_FILES.taskParsing);
    assert.equal(findCatalogEntry(BUILTIN_CATALOG, DEFAULT_MODEL_IDS.embeddings)!.folder, DEFAULT_MODEL_FILES.embeddings);
  });

  it('carries the published sizes and hashes of the Llama 3.2 3B GGUF and the MiniLM weights (shared README)', () => {
    const readme = fs.readFileSync(sharedModel(MODELS_README), 'utf8');
    const llama = findCatalogEntry(BUILTIN_CATALOG, 'llama-3.2-3b-instruct-q4km')!.files[0];
    assert.ok(readme.includes(llama.sha256!));
    const weights = findCatalogEntry(BUILTIN_CATALOG, 'all-minilm-l6-v2')!.files.find((f) => f.name === 'onnx/model_quantized.onnx')!;
    assert.ok(readme.includes(weights.sha256!));
    assert.ok(readme.includes(weights.size!.toLocaleString('en-US')));
  });

  it('lists the MiniLM tokenizer and config files with the bytes of the real ones in ../shared/models', () => {
    const minilm = findCatalogEntry(BUILTIN_CATALOG, 'all-minilm-l6-v2')!;
    const dir = sharedModel(MINILM_TOKENIZER);
    const small = minilm.files.filter((f) => !f.name.endsWith('.onnx'));
    assert.deepEqual(small.map((f) => f.name).sort(), fs.readdirSync(dir).sort());
    for (const f of small) {
      const bytes = fs.readFileSync(path.join(dir, f.name));
      assert.equal(f.size, bytes.length, f.name);
      assert.equal(f.sha256, createHash('sha256').update(bytes).digest('hex'), f.name);
    }
  });

  it('has a multilingual embedding model pinned to one commit, with its five published sizes and hashes', () => {
    const multilingual = findCatalogEntry(BUILTIN_CATALOG, 'paraphrase-multilingual-minilm-l12-v2')!;
    assert.deepEqual(multilingual.roles, ['embeddings']);
    assert.equal(multilingual.format, 'onnx');
    assert.equal(multilingual.license, 'Apache-2.0');
    assert.equal(multilingual.contextLength, 128);
    assert.equal(multilingual.folder, 'paraphrase-multilingual-MiniLM-L12-v2');
    assert.notEqual(multilingual.folder, findCatalogEntry(BUILTIN_CATALOG, 'all-minilm-l6-v2')!.folder, 'a folder of its own, so switching models changes the index source');
    assert.ok(multilingual.verified);
    // What the embedder loads (src/inference/embedder.ts) is all there.
    for (const needed of ['onnx/model_quantized.onnx', 'config.json', 'tokenizer.json', 'tokenizer_config.json']) {
      assert.ok(multilingual.files.some((f) => f.name === needed), needed);
    }
    assert.ok(multilingual.files.every((f) => f.url.includes('/Xenova/paraphrase-multilingual-MiniLM-L12-v2/resolve/2c4055b12046f11709e9df2c122e59ffbdc2f900/')));
    assert.deepEqual(entryDownloadSize(multilingual), { bytes: 118_308_126 + 673 + 17_082_913 + 496 + 280, exact: true });
  });

  it('pins Hugging Face resolve URLs, https only, file name at the end', () => {
    for (const e of BUILTIN_CATALOG) {
      for (const f of e.files) {
        assert.match(f.url, /^https:\/\/huggingface\.co\/[^/]+\/[^/]+\/resolve\/(main|[0-9a-f]{40})\//, f.url);
        assert.ok(f.url.endsWith('/' + f.name), f.url);
      }
      if (e.format === 'gguf') assert.ok(e.architecture, `${e.id} has a shape for the estimate before download`);
    }
  });

  it('sums the download size and says whether it is exact', () => {
    assert.deepEqual(entryDownloadSize(findCatalogEntry(BUILTIN_CATALOG, 'all-minilm-l6-v2')!), { bytes: 22_972_370 + 650 + 711_661 + 366 + 125 + 231_508, exact: true });
    assert.deepEqual(entryDownloadSize(findCatalogEntry(BUILTIN_CATALOG, 'gte-small')!), { bytes: 0, exact: false });
  });
});

describe('user catalog', () => {
  it('adds valid user entries as Community, skips invalid ones with a warning', () => {
    const { entries, warnings } = mergeUserCatalog(BUILTIN_CATALOG, { models: [validEntry({ trust: 'official' }), validEntry({ id: 'broken', roles: [] })] });
    assert.equal(entries.length, BUILTIN_CATALOG.length + 1);
    const added = entries.find((e) => e.id === 'my-model')!;
    assert.equal(added.trust, 'community');
    assert.equal(added.origin, 'user');
    assert.ok(warnings.some((w) => /"my-model" is shown as Community/.test(w)));
    assert.ok(warnings.some((w) => /"broken"\)\.roles must be a non-empty list; that entry is skipped/.test(w)));
  });

  it('replaces a built-in entry of the same id, keeping its badge only when the files are the same', () => {
    const builtin = findCatalogEntry(BUILTIN_CATALOG, 'tinyllama-1.1b-chat-v1.0-q4km')!;
    const { origin: _o, verified: _v, ...raw } = builtin;
    const same = mergeUserCatalog(BUILTIN_CATALOG, [{ ...raw, name: 'My TinyLlama', roles: ['review'] }]);
    const kept = same.entries.find((e) => e.id === builtin.id)!;
    assert.equal(kept.name, 'My TinyLlama');
    assert.equal(kept.trust, 'verified');
    assert.equal(same.entries.length, BUILTIN_CATALOG.length);
    const changed = mergeUserCatalog(BUILTIN_CATALOG, [{ ...raw, files: [{ ...raw.files[0], sha256: SHA_A }] }]);
    assert.equal(changed.entries.find((e) => e.id === builtin.id)!.trust, 'community');
    assert.ok(changed.warnings.some((w) => /replaces the built-in entry/.test(w)));
    assert.equal(BUILTIN_CATALOG.find((e) => e.id === builtin.id)!.files[0].sha256, builtin.files[0].sha256, 'the built-in list is not modified');
  });

  it('warns about a user file that is not a catalog at all', () => {
    const { entries, warnings } = mergeUserCatalog(BUILTIN_CATALOG, { hello: 1 });
    assert.equal(entries.length, BUILTIN_CATALOG.length);
    assert.equal(warnings.length, 1);
  });
});

describe('Add Model from URL', () => {
  const url = 'https://huggingface.co/bartowski/SmolLM2-1.7B-Instruct-GGUF/resolve/main/SmolLM2-1.7B-Instruct-Q4_K_M.gguf';

  it('makes a Community entry with an id, quantisation and size from the URL', () => {
    const e = entryForUrl(url, { role: 'task-parsing', sha256: SHA_A.toUpperCase(), size: 1_055_609_824 });
    assert.equal(e.id, 'bartowski-smollm2-1.7b-instruct-q4_k_m');
    assert.equal(e.name, 'SmolLM2-1.7B-Instruct-Q4_K_M');
    assert.equal(e.publisher, 'bartowski');
    assert.equal(e.trust, 'community');
    assert.equal(e.quantization, 'Q4_K_M');
    assert.equal(e.parameters, '1.7B');
    assert.deepEqual(e.roles, ['task-parsing']);
    assert.equal(e.verified, true);
    assert.equal(e.origin, 'url');
    assert.deepEqual(e.files, [{ name: 'SmolLM2-1.7B-Instruct-Q4_K_M.gguf', url, size: 1_055_609_824, sha256: SHA_A }]);
  });

  it('is unverified without a hash, and turns a "blob" page link into the file link', () => {
    const e = entryForUrl(url.replace('/resolve/', '/blob/'), { role: 'review' });
    assert.equal(e.verified, false);
    assert.equal(e.files[0].url, url);
    assert.equal(e.files[0].size, null);
  });

  it('refuses http, non-GGUF files, bad hashes and unknown roles', () => {
    const refuses = (fn: () => unknown, pattern: RegExp) =>
      assert.throws(fn, (err: unknown) => err instanceof LocalFocusError && err.code === 'bad-input' && pattern.test(err.message));
    refuses(() => entryForUrl('http://example.org/m.gguf', { role: 'review' }), /plain http/);
    refuses(() => entryForUrl('https://huggingface.co/x/y/resolve/main/model.safetensors', { role: 'review' }), /not a \.gguf file/);
    refuses(() => entryForUrl(url, { role: 'review', sha256: 'xyz' }), /64 hexadecimal/);
    refuses(() => entryForUrl(url, { role: 'chat' as never }), /Unknown role "chat"/);
  });

  it('takes the context length, shape and quantisation from the GGUF header once read', () => {
    const e = entryForUrl('https://example.org/files/custom.gguf', { role: 'review' });
    assert.equal(e.quantization, 'unknown');
    assert.equal(e.publisher, 'example.org');
    const filled = applyGgufInfo(e, {
      version: 3, tensorCount: 10, architecture: 'llama', blockCount: 16, headCount: 32, headCountKv: 8,
      embeddingLength: 2048, contextLength: 131072, fileType: 15, quantization: 'Q4_K_M',
    });
    assert.equal(filled.contextLength, 131072);
    assert.equal(filled.quantization, 'Q4_K_M');
    assert.deepEqual(filled.architecture, { layers: 16, headCount: 32, kvHeads: 8, headDim: 64 });
  });
});
