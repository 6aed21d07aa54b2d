// Which files `git diff --numstat -z` names: plain records, a rename's two extra fields, binary
// files, and names that other output formats would quote (spaces, tabs, newlines, non-ASCII).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseNumstatZ } from '../../../src/core/git/diffNumstat';

describe('git diff --numstat -z', function () {
  it('reads plain records, a rename (empty path field, then old and new name) and a binary file', function () {
    const output = ['3\t1\tsrc/a.ts', '0\t0\t', 'lib/old.ts', 'lib/new home.ts', '-\t-\tlogo.png', ''].join('\0');
    assert.deepEqual(parseNumstatZ(output), [
      { path: 'src/a.ts', oldPath: 'src/a.ts', binary: false },
      { path: 'lib/new home.ts', oldPath: 'lib/old.ts', binary: false },
      { path: 'logo.png', oldPath: 'logo.png', binary: true },
    ]);
  });

  it('gives nothing for an empty diff', function () {
    assert.deepEqual(parseNumstatZ(''), []);
  });

  it('reads what a real git prints for a rename with an edit, a tab and a newline in names, and non-ASCII', function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-numstat-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, env: { ...process.env, GIT_CONFIG_GLOBAL: os.devNull, GIT_CONFIG_NOSYSTEM: '1' } }).toString();
    try {
      git('init', '-q');
      const body = Array.from({ length: 20 }, (_, i) => `line ${i}\n`).join('');
      fs.writeFileSync(path.join(dir, 'old.txt'), body);
      fs.writeFileSync(path.join(dir, 'tab\there.txt'), 'a\n');
      git('add', '.');
      git('commit', '-q', '-m', 'base');
      const base = git('rev-parse', 'HEAD').trim();
      git('mv', 'old.txt', 'größe.txt');
      fs.writeFileSync(path.join(dir, 'größe.txt'), body + 'one more\n');
      fs.writeFileSync(path.join(dir, 'tab\there.txt'), 'a\nb\n');
      fs.writeFileSync(path.join(dir, 'new\nline.txt'), 'x\n');
      git('add', '.');
      const files = parseNumstatZ(git('diff', '--numstat', '-z', '--find-renames', base));
      const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
      assert.deepEqual(sorted, [
        { path: 'größe.txt', oldPath: 'old.txt', binary: false },
        { path: 'new\nline.txt', oldPath: 'new\nline.txt', binary: false },
        { path: 'tab\there.txt', oldPath: 'tab\there.txt', binary: false },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
