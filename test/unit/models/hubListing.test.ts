// The Hub's answers as bad input: the search list, one repository and the file tree in the shapes
// the real API returns (huggingface.js ApiModelInfo and ApiIndexTreeEntry), and each way they can
// be wrong; the files a role can use (split GGUF parts, unsafe names, missing hashes, the q8 ONNX
// model); the trust badges; the Hub's addresses; and the catalog entry a file becomes.
import assert from 'node:assert/strict';
import { LocalFocusError } from '../../../src/core/errors';
import { hubBaseUrl, hubResolveUrl, hubSearchUrl, hubTreeUrl } from '../../../src/core/models/hubAddress';
import { hubCatalogEntry } from '../../../src/core/models/hubEntry';
import { candidatesFor, defaultPick, MAX_SPLIT_PARTS } from '../../../src/core/models/hubFiles';
import { HubRepoFacts, HubTreeFile, readRepoFacts, readRepoList, readTreePage } from '../../../src/core/models/hubListing';
import { hubTrustOf, OFFICIAL_HUB_OWNERS, VERIFIED_HUB_QUANTISERS } from '../../../src/core/models/hubTrust';
import { mergeUserCatalog } from '../../../src/core/models/userCatalog';

const SHA = (c: string) => c.repeat(64);
const COMMIT = 'c'.repeat(40);
const file = (path: string, size = 1000, sha256: string | null = SHA('a')): HubTreeFile => ({ path, size, sha256 });
const facts = (repo: string): HubRepoFacts => ({ repo, author: repo.split('/')[0]!, downloads: 1, likes: 1, lastModified: null, license: 'mit', gated: false, revision: COMMIT });

/** A search item as GET /api/models?…&expand[]=… returns it. */
const searchItem = {
  _id: '66f5d3a0e2b1d5c7a9c1b2c3',
  id: 'bartowski/Llama-3.2-1B-Instruct-GGUF',
  author: 'bartowski',
  downloads: 123456,
  likes: 89,
  lastModified: '2024-09-25T19:23:00.000Z',
  gated: false,
  sha: 'd52af3776b3e5a0e4c3f1c2b9e7d6a5f4c3b2a19',
  tags: ['gguf', 'llama', 'text-generation', 'license:llama3.2'],
};

describe('Hub answers', function () {
  it('reads a search item with its counts, licence tag, update time and commit', function () {
    const { repos, skipped } = readRepoList([searchItem], 'the search');
    assert.deepEqual(skipped, []);
    assert.deepEqual(repos[0], {
      repo: 'bartowski/Llama-3.2-1B-Instruct-GGUF',
      author: 'bartowski',
      downloads: 123456,
      likes: 89,
      lastModified: '2024-09-25T19:23:00.000Z',
      license: 'llama3.2',
      gated: false,
      revision: 'd52af3776b3e5a0e4c3f1c2b9e7d6a5f4c3b2a19',
    });
  });

  it('fills what a mirror leaves out and drops fields of the wrong type', function () {
    const facts = readRepoFacts({ id: 'Qwen/Qwen2.5-0.5B-Instruct-GGUF', downloads: '12', likes: -3, lastModified: 'yesterday', sha: 'main', cardData: { license: 'apache-2.0' } });
    assert.deepEqual(facts, { repo: 'Qwen/Qwen2.5-0.5B-Instruct-GGUF', author: 'Qwen', downloads: 0, likes: 0, lastModified: null, license: 'apache-2.0', gated: false, revision: null });
  });

  it('skips items without a valid owner/name and says so; refuses an answer that is not a list', function () {
    const { repos, skipped } = readRepoList([searchItem, { id: '../etc' }, { id: 'a/b/c' }, 'text', null], 'the search');
    assert.equal(repos.length, 1);
    assert.equal(skipped.length, 4);
    assert.match(skipped[0]!, /without a valid "owner\/name"/);
    for (const bad of [{ error: 'x' }, 'x', null, 3]) {
      assert.throws(() => readRepoList(bad, 'the search "q"'), (e: LocalFocusError) => e.code === 'hub' && e.data?.reason === 'malformed' && /the search "q"/.test(e.message));
    }
  });

  it('reads tree entries: the LFS oid is the sha256, git files have none, folders are left out', function () {
    const { files, skipped } = readTreePage(
      [
        { type: 'directory', oid: 'e'.repeat(40), size: 0, path: 'split' },
        { type: 'file', oid: 'f'.repeat(40), size: 807694464, path: 'Llama-3.2-1B-Instruct-Q4_K_M.gguf', lfs: { oid: SHA('6'), size: 807694464, pointerSize: 135 } },
        { type: 'file', oid: '1'.repeat(40), size: 1519, path: 'README.md' },
      ],
      'the tree',
    );
    assert.deepEqual(skipped, []);
    assert.deepEqual(files, [file('Llama-3.2-1B-Instruct-Q4_K_M.gguf', 807694464, SHA('6')), file('README.md', 1519, null)]);
  });

  it('skips tree entries that contradict themselves or are not files, and keeps a file whose LFS oid is unusable without a hash', function () {
    const { files, skipped } = readTreePage(
      [
        { type: 'file', size: 10, path: 'two-sizes.gguf', lfs: { oid: SHA('a'), size: 11, pointerSize: 1 } },
        { type: 'file', size: -1, path: 'negative.gguf' },
        { type: 'submodule', size: 1, path: 'sub' },
        { type: 'file', size: 5, path: 'no-oid.gguf', lfs: { size: 5, pointerSize: 1 } },
        { size: 5 },
      ],
      'the tree',
    );
    assert.deepEqual(files, [file('no-oid.gguf', 5, null)]);
    assert.equal(skipped.length, 4);
    assert.ok(skipped.some((s) => /two sizes/.test(s)));
    assert.ok(skipped.some((s) => /"submodule"/.test(s)));
  });
});

describe('Hub files a role can use', function () {
  it('offers every GGUF file with its quantisation, smallest first, and picks Q4_K_M by default', function () {
    const { candidates } = candidatesFor('task-parsing', [file('m-Q8_0.gguf', 800), file('m-Q4_K_M.gguf', 500), file('m-Q2_K.gguf', 300), file('README.md')]);
    assert.deepEqual(candidates.map((c) => c.quantization), ['Q2_K', 'Q4_K_M', 'Q8_0']);
    assert.equal(candidates[defaultPick(candidates)]!.quantization, 'Q4_K_M');
  });

  it('picks the next in the preference list, else the smallest, when there is no Q4_K_M; never a refused one', function () {
    const noQ4 = candidatesFor('review', [file('m-Q8_0.gguf', 800), file('m-Q5_K_M.gguf', 600)]).candidates;
    assert.equal(noQ4[defaultPick(noQ4)]!.quantization, 'Q5_K_M');
    const refusedQ4 = candidatesFor('review', [file('m-Q4_K_M.gguf', 500, null), file('m-IQ3_M.gguf', 400), file('m-F16.gguf', 900)]).candidates;
    assert.equal(refusedQ4[defaultPick(refusedQ4)]!.quantization, 'IQ3_M');
    assert.equal(defaultPick(candidatesFor('review', [file('m-Q4_K_M.gguf', 500, null)]).candidates), -1);
  });

  it('joins a split model into one candidate of all its parts, in order', function () {
    const { candidates } = candidatesFor('review', [file('Q8_0/big-Q8_0-00002-of-00002.gguf', 700), file('Q8_0/big-Q8_0-00001-of-00002.gguf', 900)]);
    assert.equal(candidates.length, 1);
    const [c] = candidates;
    assert.equal(c!.name, 'Q8_0/big-Q8_0-00001-of-00002.gguf');
    assert.deepEqual(c!.files.map((f) => f.path), ['Q8_0/big-Q8_0-00001-of-00002.gguf', 'Q8_0/big-Q8_0-00002-of-00002.gguf']);
    assert.equal(c!.sizeBytes, 1600);
    assert.equal(c!.quantization, 'Q8_0');
    assert.equal(c!.refused, undefined);
  });

  it('refuses a split model with a part missing, or with more parts than accepted, saying which', function () {
    const missing = candidatesFor('review', [file('big-00001-of-00003.gguf'), file('big-00003-of-00003.gguf')]).candidates[0]!;
    assert.match(missing.refused!, /part 2 of 3 is missing/);
    const many = String(MAX_SPLIT_PARTS + 1).padStart(5, '0');
    const tooMany = candidatesFor('review', [file(`huge-00001-of-${many}.gguf`)]).candidates[0]!;
    assert.match(tooMany.refused!, new RegExp(`split in ${MAX_SPLIT_PARTS + 1} parts`));
  });

  it('refuses names that would leave the models folder and files without a published sha256', function () {
    const { candidates } = candidatesFor('task-parsing', [file('../../.bashrc-Q4_K_M.gguf'), file('/etc/x-Q4_K_M.gguf'), file('a\\b-Q4_K_M.gguf'), file('plain-Q4_K_M.gguf', 10, null)]);
    const reasons = Object.fromEntries(candidates.map((c) => [c.name, c.refused]));
    assert.match(reasons['../../.bashrc-Q4_K_M.gguf']!, /contains "\.\."/);
    assert.match(reasons['/etc/x-Q4_K_M.gguf']!, /absolute path/);
    assert.match(reasons['a\\b-Q4_K_M.gguf']!, /backslash/);
    assert.match(reasons['plain-Q4_K_M.gguf']!, /no SHA-256/);
  });

  it('leaves vision projectors out with a note', function () {
    const { candidates, notes } = candidatesFor('review', [file('mmproj-model-f16.gguf'), file('model-Q4_K_M.gguf')]);
    assert.deepEqual(candidates.map((c) => c.name), ['model-Q4_K_M.gguf']);
    assert.match(notes[0]!, /mmproj/);
  });

  it('for notes search, offers the q8 ONNX model with its config and tokenizer; the git-kept configs are named as unhashed', function () {
    const { candidates } = candidatesFor('embeddings', [file('onnx/model_quantized.onnx', 2000), file('onnx/model.onnx'), file('config.json', 10, null), file('tokenizer.json', 20, null), file('tokenizer_config.json', 5, null), file('README.md')]);
    assert.equal(candidates.length, 1);
    assert.equal(candidates[0]!.name, 'onnx/model_quantized.onnx');
    assert.deepEqual(candidates[0]!.unhashed, ['config.json', 'tokenizer.json', 'tokenizer_config.json']);
    assert.equal(candidates[0]!.refused, undefined);
    const noTokenizer = candidatesFor('embeddings', [file('onnx/model_quantized.onnx'), file('config.json')]).candidates[0]!;
    assert.match(noTokenizer.refused!, /lacks tokenizer\.json, tokenizer_config\.json/);
    const { candidates: none, notes } = candidatesFor('embeddings', [file('onnx/model_fp16.onnx')]);
    assert.deepEqual(none, []);
    assert.match(notes[0]!, /No onnx\/model_quantized\.onnx.*model_fp16\.onnx/);
  });
});

describe('Hub trust, addresses and entries', function () {
  it('badges the owner: Official makers, Verified quantisers (any case), Community for everyone else', function () {
    for (const owner of ['meta-llama', 'Qwen', 'google', 'microsoft', 'mistralai']) assert.equal(hubTrustOf(owner), 'official', owner);
    for (const owner of ['bartowski', 'unsloth', 'lmstudio-community', 'ggml-org', 'TheBloke']) assert.equal(hubTrustOf(owner), 'verified', owner);
    assert.equal(hubTrustOf('meta-llama-fan'), 'community');
    assert.equal(hubTrustOf('bartowsk1'), 'community');
    assert.ok(OFFICIAL_HUB_OWNERS.every((o) => o === o.toLowerCase()) && VERIFIED_HUB_QUANTISERS.every((o) => o === o.toLowerCase()));
  });

  it('accepts https (or http to this machine) as the Hub, without credentials, query or fragment', function () {
    assert.equal(hubBaseUrl(undefined), 'https://huggingface.co');
    assert.equal(hubBaseUrl('  https://hf-mirror.com/ '), 'https://hf-mirror.com');
    assert.equal(hubBaseUrl('https://hub.example.com/hf/'), 'https://hub.example.com/hf');
    assert.equal(hubBaseUrl('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
    for (const bad of ['http://hub.example.com', 'ftp://x', 'https://user:pw@hub.example.com', 'https://hub.example.com/?a=1', 'not a url']) {
      assert.throws(() => hubBaseUrl(bad), (e: LocalFocusError) => e.code === 'bad-input' && /localFocus\.hub\.url/.test(e.message), bad);
    }
  });

  it('encodes names from the Hub segment by segment, so none can add a path, a query or a host', function () {
    const url = new URL(hubResolveUrl('https://huggingface.co', 'a/b', COMMIT, 'dir/x?y=1#z.gguf'));
    assert.equal(url.host, 'huggingface.co');
    assert.equal(url.search, '');
    assert.equal(url.pathname, `/a/b/resolve/${COMMIT}/dir/x%3Fy%3D1%23z.gguf`);
    assert.equal(new URL(hubTreeUrl('https://hub.example.com/hf', 'a/b', COMMIT)).pathname, `/hf/api/models/a/b/tree/${COMMIT}`);
    const search = new URL(hubSearchUrl('https://huggingface.co', 'qwen & co', 'gguf', 10));
    assert.equal(search.searchParams.get('search'), 'qwen & co');
    assert.equal(search.searchParams.get('filter'), 'gguf');
    assert.equal(search.searchParams.get('sort'), 'downloads');
    assert.ok(search.searchParams.getAll('expand[]').includes('sha'));
  });

  it('makes a pinned entry: resolve URLs at the listed commit, published sizes and hashes, split parts in a folder of their own', function () {
    const single = candidatesFor('task-parsing', [file('sub/Llama-3.2-1B-Instruct-Q4_K_M.gguf', 807694464, SHA('6'))]).candidates[0]!;
    const entry = hubCatalogEntry({ base: 'https://huggingface.co', facts: facts('bartowski/Llama-3.2-1B-Instruct-GGUF'), revision: COMMIT, candidate: single, role: 'task-parsing' });
    assert.equal(entry.id, 'bartowski-llama-3.2-1b-instruct-q4_k_m');
    assert.equal(entry.trust, 'verified');
    assert.equal(entry.folder, '');
    assert.equal(entry.verified, true);
    assert.deepEqual(entry.hub, { repo: 'bartowski/Llama-3.2-1B-Instruct-GGUF', revision: COMMIT });
    assert.deepEqual(entry.files, [{ name: 'Llama-3.2-1B-Instruct-Q4_K_M.gguf', url: `https://huggingface.co/bartowski/Llama-3.2-1B-Instruct-GGUF/resolve/${COMMIT}/sub/Llama-3.2-1B-Instruct-Q4_K_M.gguf`, size: 807694464, sha256: SHA('6') }]);
    const split = candidatesFor('review', [file('big-Q8_0-00001-of-00002.gguf', 5, SHA('1')), file('big-Q8_0-00002-of-00002.gguf', 6, SHA('2'))]).candidates[0]!;
    const splitEntry = hubCatalogEntry({ base: 'https://huggingface.co', facts: facts('unsloth/Big-GGUF'), revision: COMMIT, candidate: split, role: 'review' });
    assert.equal(splitEntry.folder, splitEntry.id);
    assert.deepEqual(splitEntry.files.map((f) => [f.name, f.sha256]), [['big-Q8_0-00001-of-00002.gguf', SHA('1')], ['big-Q8_0-00002-of-00002.gguf', SHA('2')]]);
  });

  it('refuses to make an entry of a refused candidate, with the reason', function () {
    const unhashed = candidatesFor('task-parsing', [file('m-Q4_K_M.gguf', 5, null)]).candidates[0]!;
    assert.throws(() => hubCatalogEntry({ base: 'https://huggingface.co', facts: facts('a/b'), revision: COMMIT, candidate: unhashed, role: 'task-parsing' }), /cannot be added: the Hub publishes no SHA-256/);
  });

  it('keeps the repository badge in the catalog only for files of that repository and commit on a Hub the user named', function () {
    const candidate = candidatesFor('task-parsing', [file('m-Q4_K_M.gguf', 5, SHA('a'))]).candidates[0]!;
    const entry = hubCatalogEntry({ base: 'https://hf-mirror.com', facts: facts('meta-llama/M-GGUF'), revision: COMMIT, candidate, role: 'task-parsing' });
    const { origin: _origin, ...onDisk } = entry;
    void _origin;
    const onMirror = mergeUserCatalog([], { models: [onDisk] }, ['https://huggingface.co', 'https://hf-mirror.com']).entries[0]!;
    assert.equal(onMirror.trust, 'official');
    assert.equal(onMirror.origin, 'hub');
    const mirrorNotNamed = mergeUserCatalog([], { models: [onDisk] }, ['https://huggingface.co']);
    assert.equal(mirrorNotNamed.entries[0]!.trust, 'community');
    assert.match(mirrorNotNamed.warnings[0]!, /reserved for the built-in catalog/);
    const elsewhere = { ...onDisk, files: [{ ...onDisk.files[0]!, url: `https://evil.example/meta-llama/M-GGUF/resolve/${COMMIT}/m-Q4_K_M.gguf` }] };
    assert.equal(mergeUserCatalog([], { models: [elsewhere] }, ['https://huggingface.co', 'https://hf-mirror.com']).entries[0]!.trust, 'community');
  });
});
