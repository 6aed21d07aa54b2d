// What the Hub search section says for a repository and for each of its model files.
import assert from 'node:assert/strict';
import type { HubFileView, HubRepoView } from '../../../src/core/modelsHubProtocol';
import { hubFileRow, hubRepoText } from '../../../src/webview/hubSection';

const memory = { verdict: 'tight' as const, totalBytes: 9e8, weightsBytes: 8e8, kvCacheBytes: 5e7, overheadBytes: 5e7, contextSize: 4096, budgetBytes: 1e9, remainingBytes: 1e9, sentence: 's', shapeSource: 'gguf-remote' as const };
const file = (extra: Partial<HubFileView> = {}): HubFileView => ({ name: 'm-Q4_K_M.gguf', quantization: 'Q4_K_M', sizeBytes: 807_694_464, parts: 1, verified: true, unhashed: [], memory, isDefault: true, modelId: 'x', ...extra });

describe('Hub search section rows', function () {
  it('names the repository owner, counts, licence and update day', function () {
    const repo: HubRepoView = { repo: 'a/b', author: 'bartowski', trust: 'verified', downloads: 123456, likes: 7, license: 'apache-2.0', lastModified: '2025-03-04T05:06:07.000Z', gated: false, revision: 'main', files: [], notes: [] };
    assert.equal(hubRepoText(repo), 'by bartowski · 123,456 downloads · 7 likes · licence apache-2.0 · updated 2025-03-04');
    assert.match(hubRepoText({ ...repo, lastModified: null }), /update time unknown$/);
  });

  it('offers Download with the verdict, marks the default pick, and explains a refusal or a missing hash', function () {
    const pick = hubFileRow(file());
    assert.deepEqual([pick.title, pick.detailText, pick.verdictText, pick.canDownload, pick.primary], ['Q4_K_M (recommended)', '808 MB · m-Q4_K_M.gguf', 'Tight: needs 900 MB of 1.00 GB free', true, true]);
    const split = hubFileRow(file({ isDefault: false, parts: 3, sizeBytes: 3e9 }));
    assert.equal(split.detailText, '3.00 GB in 3 parts · m-Q4_K_M.gguf');
    assert.equal(split.primary, false);
    const refused = hubFileRow(file({ refused: 'part 2 of 3 is missing' }));
    assert.deepEqual([refused.canDownload, refused.refusedText], [false, 'Cannot be added: part 2 of 3 is missing']);
    const unhashed = hubFileRow(file({ verified: false, unhashed: ['config.json'] }));
    assert.match(unhashed.warningText!, /No published SHA-256 for config\.json/);
    assert.equal(unhashed.canDownload, true);
  });
});
