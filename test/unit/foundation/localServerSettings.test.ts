// localFocus.localServer.* and localFocus.tierOrder as the worker receives them: good values pass,
// a bad one is replaced by its default with a warning that names the setting and says what to write.
import assert from 'node:assert/strict';
import { checkLocalServerSettings, type RawLocalServerSettings } from '../../../src/extension/localServerSettings';

const defaults: RawLocalServerSettings = { detect: true, url: '', allowHosts: [], chatModel: '', embeddingModel: '', tierOrder: ['local', 'server', 'cloud'] };

describe('local server settings', function () {
  it('maps the defaults to detection on, no extra server, the default tier order and no warning', function () {
    assert.deepEqual(checkLocalServerSettings(defaults), {
      localServer: { detect: true, allowHosts: [] },
      tierOrder: ['local', 'server', 'cloud'],
      warnings: [],
    });
  });

  it('passes good values, trimmed, without a trailing slash, hosts lower-cased once', function () {
    const checked = checkLocalServerSettings({
      detect: false,
      url: ' http://10.0.0.5:11434/ ',
      allowHosts: ['GPU-box.lan', 'gpu-box.lan', '10.0.0.5'],
      chatModel: ' llama3.2:3b ',
      embeddingModel: 'nomic-embed-text',
      tierOrder: ['server', 'local'],
    });
    assert.deepEqual(checked.localServer, {
      detect: false,
      url: 'http://10.0.0.5:11434',
      allowHosts: ['gpu-box.lan', '10.0.0.5'],
      chatModel: 'llama3.2:3b',
      embeddingModel: 'nomic-embed-text',
    });
    assert.deepEqual(checked.tierOrder, ['server', 'local']);
    assert.deepEqual(checked.warnings, []);
  });

  it('drops a URL that is not http(s) or carries credentials, saying what to write', function () {
    for (const url of ['localhost:11434', 'ftp://host/', 'not a url', 'http://user:pw@host:11434']) {
      const checked = checkLocalServerSettings({ ...defaults, url });
      assert.equal(checked.localServer.url, undefined, url);
      assert.equal(checked.warnings.length, 1, url);
      assert.match(checked.warnings[0]!, /^localFocus\.localServer\.url .*http:\/\/127\.0\.0\.1:11434/);
    }
  });

  it('keeps the good hosts and names the bad ones', function () {
    const checked = checkLocalServerSettings({ ...defaults, allowHosts: ['gpu-box.lan', 'http://evil/', 42, 'two words', 'gpu-box.lan:11434', '[::1]'] });
    assert.deepEqual(checked.localServer.allowHosts, ['gpu-box.lan', '[::1]']);
    assert.equal(checked.warnings.length, 1);
    assert.match(checked.warnings[0]!, /^localFocus\.localServer\.allowHosts: "http:\/\/evil\/", 42, "two words", "gpu-box\.lan:11434" are not a host name/);
    const notAList = checkLocalServerSettings({ ...defaults, allowHosts: 'gpu-box.lan' });
    assert.deepEqual(notAList.localServer.allowHosts, []);
    assert.match(notAList.warnings[0]!, /must be a list/);
  });

  it('falls back to the default tier order for unknown, repeated or missing tiers', function () {
    for (const tierOrder of [['local', 'degraded'], ['cloud', 'cloud'], [], 'local', ['rules']]) {
      const checked = checkLocalServerSettings({ ...defaults, tierOrder });
      assert.deepEqual(checked.tierOrder, ['local', 'server', 'cloud'], JSON.stringify(tierOrder));
      assert.match(checked.warnings[0]!, /^localFocus\.tierOrder .*\(rules always come last\)/);
    }
    assert.deepEqual(checkLocalServerSettings({ ...defaults, tierOrder: undefined }).warnings, []);
  });
});
