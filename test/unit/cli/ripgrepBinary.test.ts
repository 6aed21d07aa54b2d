// Which ripgrep `local-focus todos` lists with: LOCAL_FOCUS_RIPGREP's path, none for `off`, else
// `rg` on PATH; a path that is not an executable file is an error that says what to set.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ripgrepBinary } from '../../../src/cli/ripgrepBinary';
import { LocalFocusError } from '../../../src/core/errors';

describe('ripgrepBinary', function () {
  let dir: string;
  let rg: string;

  before(function () {
    if (process.platform === 'win32') this.skip(); // execute bits; Windows looks for rg.exe
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-rg-binary-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    rg = path.join(dir, 'bin', 'rg');
    fs.writeFileSync(rg, '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'not-executable'), '', { mode: 0o644 });
  });

  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('finds rg on PATH, skipping folders without one', () => {
    assert.equal(ripgrepBinary({ PATH: [path.join(dir, 'missing'), dir, path.join(dir, 'bin')].join(path.delimiter) }), rg);
  });

  it('finds none when PATH has none', () => {
    assert.equal(ripgrepBinary({ PATH: dir }), undefined);
    assert.equal(ripgrepBinary({}), undefined);
  });

  it('takes LOCAL_FOCUS_RIPGREP over PATH, and off turns it off', () => {
    const other = path.join(dir, 'other-rg');
    fs.copyFileSync(rg, other);
    fs.chmodSync(other, 0o755);
    assert.equal(ripgrepBinary({ LOCAL_FOCUS_RIPGREP: other, PATH: path.join(dir, 'bin') }), other);
    assert.equal(ripgrepBinary({ LOCAL_FOCUS_RIPGREP: 'off', PATH: path.join(dir, 'bin') }), undefined);
  });

  it('refuses a LOCAL_FOCUS_RIPGREP that is not an executable file, saying what to set', () => {
    for (const bad of [path.join(dir, 'missing'), path.join(dir, 'not-executable'), dir]) {
      assert.throws(
        () => ripgrepBinary({ LOCAL_FOCUS_RIPGREP: bad }),
        (err: unknown) => err instanceof LocalFocusError && err.code === 'bad-input' && err.message.includes(bad) && /set it to ripgrep's path, or to off/.test(err.message),
      );
    }
  });
});
