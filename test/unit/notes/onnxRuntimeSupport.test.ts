// Local embeddings need onnxruntime-node's binding for the machine; where the package has none
// (1.30: darwin-x64), notes search must say why it runs on keywords instead of failing on import.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { onnxRuntimeBindingPath, onnxRuntimeUnavailableReason } from '../../../src/inference/onnxRuntimeSupport';

describe('onnxruntime-node support per platform', () => {
  let packageDir: string;

  before(() => {
    packageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-ort-'));
    for (const [platform, arch] of [['linux', 'x64'], ['darwin', 'arm64']]) {
      const binding = onnxRuntimeBindingPath(packageDir, platform!, arch!);
      fs.mkdirSync(path.dirname(binding), { recursive: true });
      fs.writeFileSync(binding, '');
    }
  });

  after(() => fs.rmSync(packageDir, { recursive: true, force: true }));

  it('has no reason to refuse where the binding is there', () => {
    assert.equal(onnxRuntimeUnavailableReason('linux', 'x64', packageDir), undefined);
    assert.equal(onnxRuntimeUnavailableReason('darwin', 'arm64', packageDir), undefined);
  });

  it('names the platform and the keyword fallback where it is not', () => {
    const reason = onnxRuntimeUnavailableReason('darwin', 'x64', packageDir);
    assert.match(reason ?? '', /no build for darwin-x64/);
    assert.match(reason ?? '', /keywords \(BM25\)/);
  });

  it('says so when the package itself is absent', () => {
    assert.match(onnxRuntimeUnavailableReason('linux', 'x64', null) ?? '', /not installed/);
  });

  it('finds the installed package on this machine, which npm installed with its binding', () => {
    assert.equal(onnxRuntimeUnavailableReason(), undefined);
  });
});
