// Builds the platform-specific VSIX (`vsce package --target linux-x64`), holding the native
// binaries the worker needs on that platform and no others, then prints its size and its binaries.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const target = process.env.LOCAL_FOCUS_VSIX_TARGET || `${process.platform}-${process.arch}`;
const [platform, arch] = target.split('-');
const out = path.join(root, `${pkg.name}-${target}-${pkg.version}.vsix`);
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');

/** The libraries the worker loads at run time (kept external by esbuild.mjs). */
const RUNTIME_ROOTS = ['node-llama-cpp', '@huggingface/transformers', 'onnxruntime-node', 'onnxruntime-common', 'sharp'];

/** Packages never needed at run time: other platforms' and accelerators' builds, types, the browser runtime. */
function unwanted(name) {
  if (name.startsWith('@node-llama-cpp/')) return name !== `@node-llama-cpp/${target}`;
  if (name.startsWith('@img/')) return !(name.includes(`-${platform}-${arch}`) && !name.includes('musl')) && name !== '@img/colour';
  if (name.startsWith('@reflink/reflink-')) return !name.includes(`${platform}-${arch}`);
  return name === 'onnxruntime-web' || name.startsWith('@types/') || name === 'undici-types';
}

/** For a few big packages, only the parts used at run time. */
const PARTS = {
  'node-llama-cpp': ['package.json', 'LICENSE', 'dist/**', 'llama/package.json', 'llama/binariesGithubRelease.json', 'llama/llama.cpp.info.json', 'llama/grammars/**'],
  'onnxruntime-node': ['package.json', 'LICENSE', 'dist/**', `bin/napi-v*/${platform}/${arch}/**`],
  '@huggingface/transformers': ['package.json', 'LICENSE', 'dist/transformers.node.mjs', 'dist/transformers.node.cjs'],
};

function closure() {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name) || unwanted(name)) return;
    const manifest = path.join(root, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) return; // an optional dependency for another platform
    seen.add(name);
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    for (const dep of [...Object.keys(m.dependencies ?? {}), ...Object.keys(m.optionalDependencies ?? {})]) visit(dep);
  };
  RUNTIME_ROOTS.forEach(visit);
  return [...seen].sort();
}

const packages = closure();
const ignoreLines = readFileSync(path.join(root, '.vscodeignore'), 'utf8').trimEnd().split('\n');
for (const name of packages) {
  for (const part of PARTS[name] ?? ['**']) ignoreLines.push(`!node_modules/${name}/${part}`);
}
const ignoreFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'lf-vsix-')), '.vscodeignore');
writeFileSync(ignoreFile, ignoreLines.join('\n') + '\n');

const t0 = Date.now();
execFileSync(
  process.execPath,
  [vsce, 'package', '--target', target, '--out', out, '--ignoreFile', ignoreFile, '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links'],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
);
const files = execFileSync('unzip', ['-Z1', out], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n').filter(Boolean);
const natives = files.filter((f) => /\.(node|so(\.\d+)*|dylib|dll)$/.test(f));
const forbidden = natives.filter((f) => /cuda|vulkan|arm64|armv7|riscv|darwin|win32|mac-|win-|musl|metal/i.test(f));
console.log(`\nVSIX ${path.relative(root, out)}: ${(statSync(out).size / 1024 / 1024).toFixed(1)} MiB, ${files.length} files, ${packages.length} runtime packages (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
console.log(`native binaries (${natives.length}):`);
for (const f of natives) console.log(`  ${f.replace(/^extension\//, '')}`);
if (forbidden.length) {
  console.error(`error: binaries for other platforms or accelerators are in the VSIX:\n  ${forbidden.join('\n  ')}`);
  process.exit(1);
}
if (!natives.some((f) => f.includes('llama-addon.node')) || !natives.some((f) => f.includes('onnxruntime_binding.node'))) {
  console.error('error: the VSIX lacks the llama.cpp or onnxruntime binary the worker needs on this platform');
  process.exit(1);
}
