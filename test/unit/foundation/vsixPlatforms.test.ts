// Every VSIX that `npm run package` built (`-- --all`: six platforms) is opened and the header of
// each native binary in it read: the ELF machine, Mach-O CPU type or PE machine must be the
// target's, no other platform's or accelerator's package may be inside, and the binaries the
// worker's loaders look for on that platform must be there. The hardware itself cannot be run here.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HEADER_BYTES, readBinaryHeader } from '../../../scripts/package/binaryHeader';
import { VSIX_TARGETS, targetNamed } from '../../../scripts/package/targets';
import { hasOnnxRuntime, nativeFiles, vsixProblems, vsixTargetPlatform } from '../../../scripts/package/vsixCheck';
import { ZipFile } from '../../../scripts/package/zipEntries';

const root = path.resolve(__dirname, '../../..');
const { name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };

function elf(machine: number): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = 2; // 64-bit
  b[5] = 1; // little-endian
  b.writeUInt16LE(machine, 18);
  return b;
}

function machO(cpuType: number): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeUInt32LE(cpuType, 4);
  return b;
}

function universal(...cpuTypes: number[]): Buffer {
  const b = Buffer.alloc(8 + 20 * cpuTypes.length);
  b.writeUInt32BE(0xcafebabe, 0);
  b.writeUInt32BE(cpuTypes.length, 4);
  cpuTypes.forEach((t, i) => b.writeUInt32BE(t, 8 + 20 * i));
  return b;
}

function pe(machine: number): Buffer {
  const b = Buffer.alloc(256);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  b.writeUInt16LE(machine, 0x84);
  return b;
}

describe('native binary headers', () => {
  it('reads the CPU of ELF, Mach-O (thin and universal) and PE binaries', () => {
    assert.deepEqual(readBinaryHeader(elf(0x3e)), { format: 'elf', arches: ['x64'] });
    assert.deepEqual(readBinaryHeader(elf(0xb7)), { format: 'elf', arches: ['arm64'] });
    assert.deepEqual(readBinaryHeader(machO(0x0100000c)), { format: 'macho', arches: ['arm64'] });
    assert.deepEqual(readBinaryHeader(machO(0x01000007)), { format: 'macho', arches: ['x64'] });
    assert.deepEqual(readBinaryHeader(universal(0x01000007, 0x0100000c)), { format: 'macho', arches: ['x64', 'arm64'] });
    assert.deepEqual(readBinaryHeader(pe(0x8664)), { format: 'pe', arches: ['x64'] });
    assert.deepEqual(readBinaryHeader(pe(0xaa64)), { format: 'pe', arches: ['arm64'] });
  });

  it('is not fooled by text, a Java class file or an MZ file without a PE header', () => {
    assert.equal(readBinaryHeader(Buffer.from('#!/usr/bin/env node\nconsole.log(1)\n'.repeat(4))), undefined);
    const javaClass = Buffer.alloc(64);
    javaClass.writeUInt32BE(0xcafebabe, 0);
    javaClass.writeUInt32BE(52, 4); // a class-file version, not a slice count
    assert.equal(readBinaryHeader(javaClass), undefined);
    const mz = pe(0x8664);
    mz.write('XX', 0x80, 'latin1');
    assert.equal(readBinaryHeader(mz), undefined);
  });

  it('reads this machine\'s own node binary as its platform and CPU', () => {
    const head = Buffer.alloc(HEADER_BYTES);
    const fd = fs.openSync(process.execPath, 'r');
    try {
      fs.readSync(fd, head, 0, HEADER_BYTES, 0);
    } finally {
      fs.closeSync(fd);
    }
    const header = readBinaryHeader(head);
    assert.deepEqual(header?.arches, [process.arch]);
  });
});

describe('the VSIX targets', () => {
  it('name only prebuilt packages that node-llama-cpp\'s loader imports', () => {
    const loader = fs.readFileSync(path.join(root, 'node_modules/node-llama-cpp/dist/bindings/utils/compileLLamaCpp.js'), 'utf8');
    const imported = new Set([...loader.matchAll(/import\("(@node-llama-cpp\/[^"]+)"\)/g)].map((m) => m[1]));
    for (const t of VSIX_TARGETS) for (const p of t.llamaPackages) assert.ok(imported.has(p), `${t.name}: ${p} is not a package node-llama-cpp loads`);
  });

  it('ship Metal on Apple silicon and Vulkan beside the CPU build on x64 Linux and Windows, CUDA nowhere', () => {
    assert.deepEqual(targetNamed('darwin-arm64').llamaPackages, ['@node-llama-cpp/mac-arm64-metal']);
    for (const t of ['linux-x64', 'win32-x64']) assert.ok(targetNamed(t).llamaPackages.some((p) => p.endsWith('-vulkan')), t);
    for (const t of VSIX_TARGETS) assert.ok(!t.llamaPackages.some((p) => p.includes('cuda')), t.name);
  });
});

describe('built VSIXs', function () {
  // Reading every entry's header of six ~50 MB archives takes seconds on a busy machine.
  this.timeout(120_000);
  const built = VSIX_TARGETS.map((t) => ({ target: t, file: path.join(root, `${name}-${t.name}-${version}.vsix`) })).filter((v) => fs.existsSync(v.file));

  if (built.length === 0) {
    it('skipped: no VSIX built (npm run package -- --all builds all six)', function () {
      console.log('      skipped: no local-focus-*.vsix at the repository root; `npm run package -- --all` builds them');
      this.skip();
    });
  }

  for (const { target, file } of built) {
    describe(path.basename(file), () => {
      let vsix: ZipFile;
      before(() => {
        vsix = new ZipFile(file);
      });

      it('is packaged for its target', () => {
        assert.equal(vsixTargetPlatform(vsix), target.name);
      });

      it('holds only its platform\'s binaries, and the ones its loaders need', () => {
        assert.deepEqual(vsixProblems(vsix, target), []);
      });

      it('would fail the check of a platform of another binary format or CPU', () => {
        const other = VSIX_TARGETS.find((t) => t.platform !== target.platform && t.arch !== target.arch)!;
        assert.ok(vsixProblems(vsix, other).some((p) => / is (elf|macho|pe) /.test(p)), `checked as ${other.name}`);
      });

      it('has onnxruntime everywhere onnxruntime-node 1.30 builds for (not darwin-x64)', () => {
        assert.equal(hasOnnxRuntime(vsix, target), target.name !== 'darwin-x64');
      });

      it('carries the GPU build of its platform', () => {
        const addons = nativeFiles(vsix).map((n) => n.path).filter((p) => p.endsWith('llama-addon.node'));
        for (const p of target.llamaPackages) assert.ok(addons.some((a) => a.includes(`${p}/bins/`)), `${p} addon`);
      });
    });
  }
});
