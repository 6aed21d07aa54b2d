// The host acts only on webview messages of a known shape.
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../../src/core/webviewProtocol';

describe('webview messages', () => {
  it('accepts the known messages', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'importModel', extra: 1 }), { type: 'importModel' });
    assert.deepEqual(parseWebviewMessage({ type: 'action', action: 'pause', id: 'qwen2.5-0.5b-instruct-q4km' }), { type: 'action', action: 'pause', id: 'qwen2.5-0.5b-instruct-q4km' });
    assert.deepEqual(parseWebviewMessage({ type: 'useForRole', id: 'm', role: 'review' }), { type: 'useForRole', id: 'm', role: 'review' });
    assert.deepEqual(parseWebviewMessage({ type: 'refreshOnDisk' }), { type: 'refreshOnDisk' });
    assert.deepEqual(parseWebviewMessage({ type: 'useInPlace', path: '/home/u/.ollama/models/blobs/sha256-ab', role: 'x' }), { type: 'useInPlace', path: '/home/u/.ollama/models/blobs/sha256-ab' });
  });

  it('refuses anything else', () => {
    for (const bad of [null, 'ready', {}, { type: 'eval' }, { type: 'action', action: 'format-disk', id: 'm' }, { type: 'action', action: 'load', id: '../../etc' }, { type: 'action', action: 'load' }, { type: 'useForRole', id: 'm', role: 'admin' }, { type: 'useInPlace' }, { type: 'useInPlace', path: '' }, { type: 'useInPlace', path: 7 }, { type: 'useInPlace', path: 'a\0b' }, { type: 'useInPlace', path: 'x'.repeat(5000) }]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('accepts a Hub search and a Hub download of plain names only', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'hubSearch', query: '  qwen 1.5b ', role: 'task-parsing' }), { type: 'hubSearch', query: 'qwen 1.5b', role: 'task-parsing' });
    assert.deepEqual(parseWebviewMessage({ type: 'hubDownload', repo: 'bartowski/Q-GGUF', file: 'Q8_0/q-00001-of-00002.gguf', role: 'review' }), { type: 'hubDownload', repo: 'bartowski/Q-GGUF', file: 'Q8_0/q-00001-of-00002.gguf', role: 'review' });
    assert.deepEqual(parseWebviewMessage({ type: 'setHubToken', token: 'never from the view' }), { type: 'setHubToken' });
    const bad = [
      { type: 'hubSearch', query: '', role: 'review' },
      { type: 'hubSearch', query: 'a\nb', role: 'review' },
      { type: 'hubSearch', query: 'x'.repeat(201), role: 'review' },
      { type: 'hubSearch', query: 'qwen', role: 'admin' },
      { type: 'hubDownload', repo: '../etc', file: 'a.gguf', role: 'review' },
      { type: 'hubDownload', repo: 'a/b/c', file: 'a.gguf', role: 'review' },
      { type: 'hubDownload', repo: 'a/b', file: 'a\0.gguf', role: 'review' },
      { type: 'hubDownload', repo: 'a/b', file: '', role: 'review' },
      { type: 'hubDownload', repo: 'a/b', file: 'a.gguf' },
    ];
    for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
  });
});
