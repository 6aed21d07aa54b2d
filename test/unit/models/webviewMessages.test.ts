// The host acts only on webview messages of a known shape.
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../../src/core/webviewProtocol';

describe('webview messages', () => {
  it('accepts the known messages', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'importModel', extra: 1 }), { type: 'importModel' });
    assert.deepEqual(parseWebviewMessage({ type: 'action', action: 'pause', id: 'qwen2.5-0.5b-instruct-q4km' }), { type: 'action', action: 'pause', id: 'qwen2.5-0.5b-instruct-q4km' });
    assert.deepEqual(parseWebviewMessage({ type: 'useForRole', id: 'm', role: 'review' }), { type: 'useForRole', id: 'm', role: 'review' });
  });

  it('refuses anything else', () => {
    for (const bad of [null, 'ready', {}, { type: 'eval' }, { type: 'action', action: 'format-disk', id: 'm' }, { type: 'action', action: 'load', id: '../../etc' }, { type: 'action', action: 'load' }, { type: 'useForRole', id: 'm', role: 'admin' }]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});
