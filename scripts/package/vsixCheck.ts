// What a built VSIX holds natively, and whether it fits its target: every native binary is of the
// target's format and CPU, no other platform's (or CUDA's) package is inside, and each binary the
// worker's loaders will look for on that platform is there.
import path from 'node:path';
import { BinaryHeader, HEADER_BYTES, formatOfPlatform, readBinaryHeader } from './binaryHeader';
import { ZipFile } from './zipEntries';
import { VsixTarget, isPlatformPackage, loaderEntryPoints, nativePackages, onnxRuntimeBinDir, sharpBindingPackage } from './targets';

export interface NativeFile {
  /** Path inside the extension folder (without the VSIX's "extension/" prefix). */
  path: string;
  size: number;
  header: BinaryHeader;
}

const EXTENSION_PREFIX = 'extension/';

/** Every file in the VSIX whose first bytes are an ELF, Mach-O or PE header, whatever its name. */
export function nativeFiles(vsix: ZipFile): NativeFile[] {
  const natives: NativeFile[] = [];
  for (const entry of vsix.entries) {
    if (entry.name.endsWith('/') || entry.size < 64) continue;
    const header = readBinaryHeader(vsix.head(entry, HEADER_BYTES));
    if (header) natives.push({ path: entry.name.replace(EXTENSION_PREFIX, ''), size: entry.size, header });
  }
  return natives;
}

/** The target a VSIX was packaged for, from its manifest (extension.vsixmanifest's TargetPlatform). */
export function vsixTargetPlatform(vsix: ZipFile): string | undefined {
  const manifest = vsix.entries.find((e) => e.name === 'extension.vsixmanifest');
  if (!manifest) return undefined;
  return /TargetPlatform="([^"]+)"/.exec(vsix.head(manifest, manifest.size).toString('utf8'))?.[1];
}

/** Whether onnxruntime-node's binding for the target is in the VSIX (onnxruntime-node 1.30 has none for darwin-x64). */
export function hasOnnxRuntime(vsix: ZipFile, target: VsixTarget): boolean {
  return vsix.entries.some((e) => e.name.startsWith(`${EXTENSION_PREFIX}${onnxRuntimeBinDir(target)}/onnxruntime_binding.node`));
}

/**
 * The binary sharp loads on the target: it requires "<binding package>/sharp.node", which that
 * package's exports map to a small index.cjs that requires the versioned .node file.
 */
function sharpBinding(vsix: ZipFile, target: VsixTarget): string {
  const dir = `node_modules/${sharpBindingPackage(target)}`;
  const read = (file: string): string | undefined => {
    const entry = vsix.entries.find((e) => e.name === `${EXTENSION_PREFIX}${file}`);
    return entry ? vsix.head(entry, entry.size).toString('utf8') : undefined;
  };
  const manifest = read(`${dir}/package.json`);
  if (!manifest) return `${dir}/package.json`;
  const exported = (JSON.parse(manifest) as { exports?: Record<string, string> }).exports?.['./sharp.node'] ?? 'sharp.node';
  const file = path.posix.join(dir, exported);
  if (file.endsWith('.node')) return file;
  const required = /require\(['"](\.\/[^'"]+\.node)['"]\)/.exec(read(file) ?? '')?.[1];
  return required ? path.posix.join(path.posix.dirname(file), required) : `${file} (requiring a .node binary)`;
}

/** Every way the VSIX fails its target; empty when it is right. */
export function vsixProblems(vsix: ZipFile, target: VsixTarget): string[] {
  const problems: string[] = [];
  const format = formatOfPlatform(target.platform);
  const natives = nativeFiles(vsix);
  for (const n of natives) {
    const { format: f, arches } = n.header;
    if (f !== format || arches.some((a) => a !== target.arch)) {
      problems.push(`${n.path} is ${f} ${arches.join('+')}, not ${format} ${target.arch}`);
    }
  }
  const names = new Set(vsix.entries.map((e) => e.name.replace(EXTENSION_PREFIX, '')));
  for (const file of [...loaderEntryPoints(target, hasOnnxRuntime(vsix, target)), sharpBinding(vsix, target)]) {
    if (!names.has(file)) problems.push(`${file} is missing: the worker loads it on ${target.name}`);
  }
  const own = new Set(nativePackages(target));
  const foreign = new Set<string>();
  for (const name of names) {
    const pkg = /^node_modules\/(@[^/]+\/[^/]+)\//.exec(name)?.[1];
    if (pkg && isPlatformPackage(pkg) && !own.has(pkg)) foreign.add(pkg);
  }
  for (const pkg of foreign) problems.push(`${pkg} belongs to another platform or accelerator`);
  if (natives.length === 0) problems.push('no native binary at all');
  return problems;
}
