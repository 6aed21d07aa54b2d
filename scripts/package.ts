// `npm run package`: the VSIX for this machine's platform. `npm run package -- --all` (or
// `npm run package:all`): one VSIX per platform in VSIX_TARGETS; `--target darwin-arm64` one of them.
// Each holds the native binaries of its own platform and no other; other platforms' packages come
// from the npm registry at the versions package-lock.json pins (scripts/package/lockedPackages.ts).
// Prints each VSIX's size and native files, checks them by their headers, and prints the size of
// the CUDA builds that are not shipped.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cachedTarball, lockedPackage, packageCacheDir, unpackTarball } from './package/lockedPackages';
import { npmEnvForNestedRun } from './package/npmEnv';
import { CUDA_PACKAGES, VSIX_TARGETS, VsixTarget, isPlatformPackage, nativePackages, targetNamed, thisMachineTarget } from './package/targets';
import { nativeFiles, vsixProblems } from './package/vsixCheck';
import { ZipFile } from './package/zipEntries';

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');

/** The libraries the worker loads at run time (kept external by esbuild.mjs). */
const RUNTIME_ROOTS = ['node-llama-cpp', '@huggingface/transformers', 'onnxruntime-node', 'onnxruntime-common', 'sharp'];

/** For a few big packages, only the parts used at run time. */
function partsOf(name: string, target: VsixTarget): string[] {
  switch (name) {
    case 'node-llama-cpp':
      return ['package.json', 'LICENSE', 'dist/**', 'llama/package.json', 'llama/binariesGithubRelease.json', 'llama/llama.cpp.info.json', 'llama/grammars/**'];
    case 'onnxruntime-node':
      return ['package.json', 'LICENSE', 'dist/**', `bin/napi-v*/${target.platform}/${target.arch}/**`];
    case '@huggingface/transformers':
      return ['package.json', 'LICENSE', 'dist/transformers.node.mjs', 'dist/transformers.node.cjs'];
    default:
      return ['**'];
  }
}

/** Packages never shipped: other platforms' and accelerators' builds, types, the browser runtime. */
function isForeignOrUnused(name: string, target: VsixTarget): boolean {
  if (isPlatformPackage(name)) return !nativePackages(target).includes(name);
  return name === 'onnxruntime-web' || name.startsWith('@types/') || name === 'undici-types';
}

/** The runtime packages' dependency closure, as installed (plus the target's native packages). */
function runtimeClosure(target: VsixTarget): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name) || isForeignOrUnused(name, target)) return;
    const manifest = path.join(root, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) return; // an optional dependency this target does not use
    seen.add(name);
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: object; optionalDependencies?: object };
    for (const dep of [...Object.keys(m.dependencies ?? {}), ...Object.keys(m.optionalDependencies ?? {})]) visit(dep);
  };
  RUNTIME_ROOTS.forEach(visit);
  return [...seen].sort();
}

function log(line: string): void {
  console.log(`[package] ${line}`);
}

/**
 * Puts the target's native packages that npm did not install here (another platform's) into
 * node_modules, where vsce collects dependencies; returns the folders to remove afterwards. They
 * are optional dependencies of node-llama-cpp, sharp and ipull, so `npm ls` (run by vsce) accepts them.
 */
function placeNativePackages(target: VsixTarget): string[] {
  const placed: string[] = [];
  for (const name of nativePackages(target)) {
    const locked = lockedPackage(root, name);
    const dir = path.join(root, 'node_modules', name);
    const installed = path.join(dir, 'package.json');
    if (existsSync(installed) && JSON.parse(readFileSync(installed, 'utf8')).version === locked.version) continue;
    rmSync(dir, { recursive: true, force: true });
    unpackTarball(cachedTarball(locked, packageCacheDir(), log), dir);
    placed.push(dir);
  }
  return placed;
}

function writeIgnoreFile(target: VsixTarget, packages: string[]): string {
  const lines = readFileSync(path.join(root, '.vscodeignore'), 'utf8').trimEnd().split('\n');
  for (const name of packages) {
    for (const part of partsOf(name, target)) lines.push(`!node_modules/${name}/${part}`);
  }
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lf-vsix-')), '.vscodeignore');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Builds and checks one target's VSIX; returns its problems (empty when it is right). */
function packageTarget(target: VsixTarget): string[] {
  const out = path.join(root, `${pkg.name}-${target.name}-${pkg.version}.vsix`);
  const t0 = Date.now();
  const placed = placeNativePackages(target);
  try {
    const packages = runtimeClosure(target);
    const ignoreFile = writeIgnoreFile(target, packages);
    execFileSync(
      process.execPath,
      [vsce, 'package', '--target', target.name, '--out', out, '--ignoreFile', ignoreFile, '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links'],
      { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: npmEnvForNestedRun() },
    );
    rmSync(path.dirname(ignoreFile), { recursive: true, force: true });
  } finally {
    for (const dir of placed) rmSync(dir, { recursive: true, force: true });
  }
  const vsix = new ZipFile(out);
  const natives = nativeFiles(vsix);
  console.log(`\nVSIX ${path.basename(out)}: ${mib(statSync(out).size)}, ${vsix.entries.length} files (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  console.log(`native files (${natives.length}):`);
  for (const n of natives) console.log(`  ${n.path}  ${n.header.format} ${n.header.arches.join('+')}, ${mib(n.size)}`);
  const problems = vsixProblems(vsix, target);
  for (const p of problems) console.error(`error: ${target.name}: ${p}`);
  return problems;
}

/** Bytes of every file under a folder. */
function folderBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(path.join(e.parentPath, e.name)).size, 0);
}

/**
 * The CUDA builds' size: the download (the tarball's Content-Length; the registry publishes no
 * unpacked size for them) and, where npm installed one here, its size on disk. Nothing is downloaded.
 */
async function printCudaSizes(): Promise<void> {
  console.log('\nCUDA builds (not shipped; README "Platforms and GPU" says how to add them):');
  const registry = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8', env: npmEnvForNestedRun() }).trim().replace(/\/$/, '');
  for (const name of CUDA_PACKAGES) {
    const { version } = lockedPackage(root, name);
    const installed = path.join(root, 'node_modules', name);
    const onDisk = existsSync(path.join(installed, 'package.json')) ? `, ${mib(folderBytes(installed))} installed` : '';
    try {
      const tarball = `${registry}/${name}/-/${name.split('/')[1]}-${version}.tgz`;
      const head = await fetch(tarball, { method: 'HEAD', signal: AbortSignal.timeout(15_000) });
      const bytes = Number(head.headers.get('content-length'));
      console.log(`  ${name}@${version}: ${head.ok && bytes > 0 ? `${mib(bytes)} download` : 'download size unknown'}${onDisk}`);
    } catch {
      console.log(`  ${name}@${version}: download size unknown (the npm registry did not answer)${onDisk}`);
    }
  }
}

function targetsFromArgs(args: string[]): VsixTarget[] {
  if (args.includes('--all')) return [...VSIX_TARGETS];
  const i = args.indexOf('--target');
  if (i >= 0) {
    if (!args[i + 1]) throw new Error('--target needs a name, e.g. --target darwin-arm64');
    return [targetNamed(args[i + 1]!)];
  }
  return [targetNamed(process.env.LOCAL_FOCUS_VSIX_TARGET || thisMachineTarget())];
}

async function main(): Promise<void> {
  const targets = targetsFromArgs(process.argv.slice(2));
  const failed = targets.filter((t) => packageTarget(t).length > 0);
  if (targets.length > 1) await printCudaSizes();
  if (failed.length) {
    console.error(`\nerror: ${failed.map((t) => t.name).join(', ')}: the VSIX does not fit its platform (see above)`);
    process.exit(1);
  }
}

void main();
