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
});
