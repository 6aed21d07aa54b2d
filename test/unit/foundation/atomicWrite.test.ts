import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { removeStaleTempFiles, writeFileAtomic } from '../../../src/core/atomicWrite';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lf-atomic-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('replaces the file and leaves no temporary file behind', async () => {
    const file = path.join(dir, 'index.json');
    await writeFile(file, 'old');
    await writeFileAtomic(file, 'new');
    assert.equal(await readFile(file, 'utf8'), 'new');
    assert.deepEqual(await readdir(dir), ['index.json']);
  });

  it('removes its temporary file when the rename fails', async () => {
    await assert.rejects(writeFileAtomic(path.join(dir, 'missing-dir', 'x.json'), 'data'));
    // A folder cannot be replaced by a file: the rename fails after the temporary file was written.
    await mkdir(path.join(dir, 'sub'));
    await writeFile(path.join(dir, 'sub', 'inner.json'), 'old');
    await assert.rejects(writeFileAtomic(path.join(dir, 'sub'), 'data'));
    assert.deepEqual(await readdir(dir), ['sub']);
    assert.equal(await readFile(path.join(dir, 'sub', 'inner.json'), 'utf8'), 'old');
  });

  it('cleans temporary files a crash left behind, never those of a live writer', async () => {
    // pid 2^22 + 1 is above Linux's pid_max limit: no process has it.
    await writeFile(path.join(dir, `.index.json.${2 ** 22 + 1}.0123abcd.tmp`), 'partial');
    // Another process writing the same folder (the CLI beside the editor) is mid-write.
    await writeFile(path.join(dir, `.index.json.${process.pid}.89abcdef.tmp`), 'in flight');
    await writeFile(path.join(dir, 'index.json'), 'whole');
    assert.equal(await removeStaleTempFiles(dir), 1);
    assert.deepEqual((await readdir(dir)).sort(), [`.index.json.${process.pid}.89abcdef.tmp`, 'index.json']);
  });
});
