// The Hub searches kept on disk: newest first, the same search replaced, at most ten, found by
// query (any case), role and hub; a file that is damaged or not ours counts as no search.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HubSearchResult } from '../../../src/core/modelsHubProtocol';
import { CachedSearch, HubSearchCache, MAX_CACHED_SEARCHES } from '../../../src/inference/features/models/hub/hubSearchCache';

const HUB = 'https://huggingface.co';

function search(query: string, repo = 'a/b', hubUrl = HUB): CachedSearch {
  const result: HubSearchResult = { query, role: 'review', hubUrl, fetchedAt: new Date().toISOString(), stale: false, repos: [], notes: [] };
  return { result, repos: [{ facts: { repo, author: 'a', downloads: 0, likes: 0, lastModified: null, license: 'mit', gated: false, revision: null }, revision: 'main', files: [{ path: 'x.gguf', size: 1, sha256: null }] }] };
}

describe('Hub search cache', function () {
  const saved = process.env.LOCAL_FOCUS_HOME;
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-hubcache-'));
    process.env.LOCAL_FOCUS_HOME = home;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.LOCAL_FOCUS_HOME;
    else process.env.LOCAL_FOCUS_HOME = saved;
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('keeps the newest first, replaces the same search and drops the oldest past the cap', async function () {
    const cache = new HubSearchCache();
    for (let i = 0; i < MAX_CACHED_SEARCHES + 2; i++) await cache.save(search(`q${i}`));
    await cache.save(search('Q5', 'c/d'));
    const all = await cache.all();
    assert.equal(all.length, MAX_CACHED_SEARCHES);
    assert.deepEqual(all.slice(0, 2).map((s) => s.result.query), ['Q5', `q${MAX_CACHED_SEARCHES + 1}`]);
    assert.equal((await cache.find('q5', 'review', HUB))?.repos[0]?.facts.repo, 'c/d');
    assert.equal(await cache.find('q5', 'embeddings', HUB), undefined);
    assert.equal(await cache.find('q5', 'review', 'https://hf-mirror.com'), undefined);
    assert.equal((await cache.listedRepo('C/D', HUB))?.facts.repo, 'c/d');
  });

  it('reads a damaged or foreign file as no search, and the next save replaces it', async function () {
    const cache = new HubSearchCache();
    for (const text of ['{not json', JSON.stringify({ searches: [{ result: { query: 1 } }, 'x'] }), JSON.stringify([1, 2])]) {
      fs.writeFileSync(cache.file(), text);
      assert.deepEqual(await cache.all(), []);
    }
    await cache.save(search('fresh'));
    assert.deepEqual((await cache.all()).map((s) => s.result.query), ['fresh']);
  });
});
