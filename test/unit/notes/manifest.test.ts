import assert from 'node:assert/strict';
import { createManifest, diffManifest, hashContent, MANIFEST_VERSION, parseManifest, type NoteManifest } from '../../../src/core/notes/manifest';

function manifestWith(files: Record<string, string>, modelId: string | null = 'model-a', chunkerVersion = 1): NoteManifest {
  const m = createManifest('/ws', modelId, chunkerVersion);
  for (const [path, text] of Object.entries(files)) m.files[path] = { hash: hashContent(text), size: text.length, mtimeMs: 1, chunkIds: [`${path}#0`], tags: [], links: [] };
  return m;
}
const current = (files: Record<string, string>) => Object.entries(files).map(([path, text]) => ({ path, hash: hashContent(text) }));

describe('diffManifest', () => {
  const expect = { modelId: 'model-a', chunkerVersion: 1 };

  it('sorts files into added, changed, deleted and unchanged', () => {
    const old = manifestWith({ 'a.md': 'A', 'b.md': 'B', 'c.md': 'C' });
    const diff = diffManifest(old, current({ 'a.md': 'A', 'b.md': 'B2', 'd.md': 'D' }), expect);
    assert.deepEqual(diff, { added: ['d.md'], changed: ['b.md'], deleted: ['c.md'], unchanged: ['a.md'] });
  });

  it('treats everything as added without an old manifest', () => {
    assert.deepEqual(diffManifest(undefined, current({ 'a.md': 'A' }), expect), { added: ['a.md'], changed: [], deleted: [], unchanged: [] });
  });

  it('rebuilds when the embedding model changes, saying from what to what', () => {
    const diff = diffManifest(manifestWith({ 'a.md': 'A', 'gone.md': 'G' }), current({ 'a.md': 'A' }), { modelId: 'model-b', chunkerVersion: 1 });
    assert.deepEqual([diff.added, diff.changed, diff.deleted, diff.unchanged], [['a.md'], [], [], []]);
    assert.match(diff.rebuildReason!, /model-a to model-b/);
  });

  it('rebuilds when the chunker version changes', () => {
    assert.match(diffManifest(manifestWith({ 'a.md': 'A' }), current({ 'a.md': 'A' }), { modelId: 'model-a', chunkerVersion: 2 }).rebuildReason!, /chunking/);
  });

  it('does not rebuild for a keyword-only open or for an index that never had vectors', () => {
    assert.equal(diffManifest(manifestWith({ 'a.md': 'A' }), current({ 'a.md': 'A' }), { modelId: null, chunkerVersion: 1 }).rebuildReason, undefined);
    assert.equal(diffManifest(manifestWith({ 'a.md': 'A' }, null), current({ 'a.md': 'A' }), expect).rebuildReason, undefined);
  });

  it('is not fooled by a file named like an Object prototype key', () => {
    assert.deepEqual(diffManifest(manifestWith({}), current({ constructor: 'x' }), expect).added, ['constructor']);
  });
});

describe('parseManifest', () => {
  it('accepts what createManifest makes, after a JSON round trip', () => {
    const m = manifestWith({ 'a.md': 'A' });
    assert.deepEqual(parseManifest(JSON.parse(JSON.stringify(m))), m);
  });

  it('says what is wrong with a damaged manifest', () => {
    assert.throws(() => parseManifest(null), /not a JSON object/);
    assert.throws(() => parseManifest({ format: 'x' }), /format/);
    const m = JSON.parse(JSON.stringify(manifestWith({ 'a.md': 'A' })));
    m.files['a.md'].chunkIds = 'nope';
    assert.throws(() => parseManifest(m), /a\.md/);
  });

  it('reads a version 1 manifest as the current version, its entries to be re-read for their tags and links', () => {
    const old = JSON.parse(JSON.stringify(manifestWith({ 'a.md': 'A', 'b.md': 'B' })));
    old.version = 1;
    for (const entry of Object.values(old.files) as Record<string, unknown>[]) {
      delete entry.tags;
      delete entry.links;
    }
    const read = parseManifest(old);
    assert.equal(read.version, MANIFEST_VERSION);
    read.files['b.md'] = { ...read.files['b.md']!, tags: [], links: [] };
    const diff = diffManifest(read, current({ 'a.md': 'A', 'b.md': 'B' }), { modelId: 'model-a', chunkerVersion: 1 });
    assert.deepEqual([diff.changed, diff.unchanged], [['a.md'], ['b.md']]);
    assert.equal(diff.rebuildReason, undefined, 'an upgrade is no rebuild: vectors are kept');
  });

  it('refuses malformed tags or links and unknown versions', () => {
    const m = JSON.parse(JSON.stringify(manifestWith({ 'a.md': 'A' })));
    m.files['a.md'].links = [1];
    assert.throws(() => parseManifest(m), /tags or links/);
    assert.throws(() => parseManifest({ ...manifestWith({}), version: 3 }), /version 3/);
  });
});
