import assert from 'node:assert/strict';
import { isLocalServer, isLoopbackHost, serverTrust } from '../../../src/inference/localServer/trust';

describe('local server trust rule', function () {
  it('counts every spelling of this machine as loopback', function () {
    for (const url of [
      'http://127.0.0.1:11434',
      'http://127.5.6.7:8080/v1',
      'http://localhost:1234',
      'http://LOCALHOST.:1234',
      'http://[::1]:8080',
      'http://[0:0:0:0:0:0:0:1]:8080',
      'http://[::ffff:127.0.0.1]:11434',
      'http://127.1:11434',
      'http://2130706433:11434',
      'https://localhost',
    ]) {
      assert.equal(serverTrust(url, []), 'loopback', url);
      assert.equal(isLocalServer(url, []), true, url);
    }
  });

  it('does not count other hosts, look-alikes or other schemes as Local', function () {
    for (const url of [
      'http://192.168.1.5:11434',
      'http://localhost.example.com:11434',
      'http://127.0.0.1.nip.io:11434',
      'http://[::2]:8080',
      'http://0.0.0.0:11434',
      'http://128.0.0.1:11434',
      'ftp://127.0.0.1/',
      'not a url',
      '',
    ]) {
      assert.equal(serverTrust(url, []), 'remote', url);
      assert.equal(isLocalServer(url, []), false, url);
    }
  });

  it('counts a host as Local only when the allow list names exactly that host', function () {
    const allow = ['GPU-Box.lan', '192.168.1.5', '[fe80::1]'];
    assert.equal(serverTrust('http://gpu-box.lan:11434', allow), 'allowed-host');
    assert.equal(serverTrust('http://192.168.1.5:1234/v1', allow), 'allowed-host');
    assert.equal(serverTrust('http://[fe80::1]:8080', allow), 'allowed-host');
    assert.equal(serverTrust('http://evil.gpu-box.lan:11434', allow), 'remote');
    assert.equal(serverTrust('http://192.168.1.50:11434', allow), 'remote');
    assert.equal(serverTrust('http://127.0.0.1:11434', allow), 'loopback');
  });

  it('reads bare host names the same way', function () {
    assert.equal(isLoopbackHost('[::1]'), true);
    assert.equal(isLoopbackHost('127.0.0.1'), true);
    assert.equal(isLoopbackHost('10.0.0.1'), false);
  });
});
