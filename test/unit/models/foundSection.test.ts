// What a model found on this machine says in the Model Manager, and when it offers "Use in place".
import assert from 'node:assert/strict';
import type { ModelOnDiskView } from '../../../src/core/modelsProtocol';
import { foundRow } from '../../../src/webview/foundSection';

const found = (o: Partial<ModelOnDiskView> = {}): ModelOnDiskView => ({ source: 'ollama', name: 'llama3.2:3b', path: '/o/blobs/sha256-a', sizeBytes: 2_019_000_000, check: 'unchecked', ...o });

describe('found on this machine', () => {
  it('offers Use in place until the model is in use, and again after a refusal', () => {
    assert.deepEqual(foundRow(found()), { title: 'llama3.2:3b', detailText: 'Ollama · 2.02 GB', checkText: 'Not checked yet: Use in place checks the whole file first.', canUse: true });
    const used = foundRow(found({ source: 'lm-studio', name: 'pub/repo/m.gguf', check: 'verified', modelId: 'lm-studio-pub-repo-m' }));
    assert.equal(used.canUse, false);
    assert.equal(used.detailText, 'LM Studio · 2.02 GB');
    assert.match(used.checkText, /^In use in place/);
    const refused = foundRow(found({ check: 'failed', reason: 'Ollama\'s model llama3.2:3b cannot be used: truncated. Download it again in Ollama.' }));
    assert.equal(refused.canUse, true);
    assert.equal(refused.checkText, 'Refused: Ollama\'s model llama3.2:3b cannot be used: truncated. Download it again in Ollama.');
  });
});
