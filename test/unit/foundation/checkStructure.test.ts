import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../support/sharedModels.cjs';

function check(files: Record<string, string>): { status: number | null; stderr: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-structure-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, 'src', name)), { recursive: true });
    fs.writeFileSync(path.join(root, 'src', name), text);
  }
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  const run = spawnSync(tsx, [path.join(repoRoot, 'scripts', 'check-structure.ts'), '--root', root], { encoding: 'utf8' });
  fs.rmSync(root, { recursive: true, force: true });
  return { status: run.status, stderr: run.stderr };
}

describe('npm run check: structure of src/', function () {
  this.timeout(60_000);

  it('passes a tree without cycles or long files', () => {
    const r = check({ 'a.ts': "import { b } from './b';\nexport const a = b;\n", 'b.ts': 'export const b = 1;\n' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('fails on an import cycle, type-only imports included', () => {
    const r = check({ 'a.ts': "import type { B } from './b';\nexport type A = B;\n", 'b.ts': "import type { A } from './a';\nexport type B = A | 1;\n" });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /import cycle: src\/a\.ts <-> src\/b\.ts/);
  });

  it('fails on a file over 450 lines and a function over 100', () => {
    const body = Array.from({ length: 101 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const r = check({ 'long.ts': `export function long(): void {\n${body}\n}\n${'// filler\n'.repeat(350)}` });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /src\/long\.ts: \d+ lines/);
    assert.match(r.stderr, /function long is 103 lines/);
  });
});
