// The workspace scan reads files whose language only their name or their `#!` line tells: scripts
// without an extension, configure templates, shaders, Makefile and Dockerfile variants, shell
// dotfiles; and it does not read documents or executables without an extension.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanHelper } from '../../../src/inference/scanHelper';
import { isScannablePath, scanFile, scanTodosToArray } from '../../../src/inference/todoScanner';
import { writeTree } from '../../support/fileTree';


const FILES: Record<string, string | Buffer> = {
  'bin/deploy': '#!/usr/bin/env bash\necho "# TODO: echoed, not a comment"\n# TODO: deploy to staging first\n',
  'bin/report': "#!/usr/bin/env -S node --no-warnings\nconst s = '# TODO: in a string';\n// FIXME: report totals\n",
  'bin/tool.in': '#!@PYTHON@\n# HACK: the path is substituted by configure\n',
  'bin/notes': 'TODO: a plain text file without an extension is not code\n',
  'bin/app': Buffer.concat([Buffer.from('\x7fELF'), Buffer.alloc(100_000, 0), Buffer.from('// TODO: inside a binary')]),
  'bin/awkish': '#!/usr/bin/awk -f\n# TODO: an interpreter without a known syntax\n',
  'config.sub': '#! /bin/sh\n# TODO: recognise a new system\n',
  'config.h.in': '/* TODO: undef the feature macros */\n',
  'LICENSE': '# TODO: this would be found if LICENSE were read\n',
  'Makefile.am': '# TODO: automake rule\n',
  'Dockerfile.dev': 'FROM node\n# TODO: pin the image\n',
  '.envrc': 'export A=1 # TODO: direnv\n',
  'shaders/light.wgsl': '/* a /* nested */ TODO: falloff */\nfn f() {}\n',
};

describe('workspace TODO scan: file types by name and by `#!` line', () => {
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-scan-types-'));
    writeTree(root, FILES);
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds the TODOs of scripts, templates, shaders and named files, and only in their comments', async () => {
    const { files, stats } = await scanTodosToArray(root);
    const found = files.map((f) => `${f.path}: ${f.todos.map((t) => t.text).join(', ')}`);
    assert.deepEqual(found, [
      '.envrc: direnv',
      'Dockerfile.dev: pin the image',
      'Makefile.am: automake rule',
      'config.h.in: undef the feature macros',
      'config.sub: recognise a new system',
      'bin/deploy: deploy to staging first',
      'bin/report: report totals',
      'bin/tool.in: the path is substituted by configure',
      'shaders/light.wgsl: falloff',
    ]);
    // The text file, the executable and the awk script are read and found to be of no known
    // language; LICENSE counts as unknown without being read.
    assert.equal(stats.skippedUnknown, 4);
    assert.equal(stats.filesScanned, 9);
  });

  it('finds the same in a tree large enough to share the reading with the helper thread', async function () {
    this.timeout(30_000);
    const big = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-scan-types-big-'));
    try {
      const many: Record<string, string> = {};
      for (let i = 0; i < 150; i++) many[`scripts/s${String(i).padStart(3, '0')}`] = `#!/bin/sh\n# TODO: script ${i}\n`;
      writeTree(big, many);
      const before = scanHelper.batchesRead;
      const { files } = await scanTodosToArray(big);
      if (scanHelper.usable) assert.ok(scanHelper.batchesRead > before, 'the helper thread read batches');
      assert.equal(files.length, 150);
      assert.deepEqual(files[149]!.todos.map((t) => t.text), ['script 149']);
    } finally {
      fs.rmSync(big, { recursive: true, force: true });
    }
  });

  it('re-scans one script after a save, from disk or from the editor text', async () => {
    assert.deepEqual((await scanFile(path.join(root, 'bin', 'deploy'))).map((t) => t.text), ['deploy to staging first']);
    assert.deepEqual((await scanFile(path.join(root, 'bin', 'deploy'), '#!/usr/bin/python3\n# TODO: now python\n')).map((t) => t.text), ['now python']);
    assert.deepEqual(await scanFile(path.join(root, 'bin', 'notes')), []);
    assert.deepEqual(await scanFile(path.join(root, 'LICENSE')), []);
  });

  it('counts a script name as in scope and a document without an extension as out', () => {
    assert.equal(isScannablePath(root, 'bin/deploy'), true);
    assert.equal(isScannablePath(root, 'shaders/light.wgsl'), true);
    assert.equal(isScannablePath(root, 'LICENSE'), false);
  });
});
