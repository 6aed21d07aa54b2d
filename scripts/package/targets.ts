// The platforms a VSIX is built for, and the native packages each one ships. node-llama-cpp names
// its prebuilt packages differently from vsce's targets (mac-arm64-metal for darwin-arm64, win-x64
// for win32-x64, ...); these are the names its loader imports (dist/bindings/utils/compileLLamaCpp.js).

export interface VsixTarget {
  /** vsce's --target, `${platform}-${arch}` in Node's names. */
  name: string;
  platform: 'darwin' | 'win32' | 'linux';
  arch: 'x64' | 'arm64';
  /**
   * node-llama-cpp's prebuilt binary packages. getLlama({gpu: 'auto'}) tries a GPU build first and
   * falls back to the next one that loads: Metal is the only macOS arm64 build; Linux and Windows
   * x64 ship Vulkan beside the CPU build. CUDA builds (~540 MB) are not shipped: see README.
   */
  llamaPackages: string[];
  /** sharp's binding and its libvips, which transformers.js requires when it is imported. */
  sharpPackages: string[];
  /** ipull's optional copy-on-write helper (node-llama-cpp's downloader; never used at run time, kept small and matching). */
  reflinkPackage: string;
}

export const VSIX_TARGETS: readonly VsixTarget[] = [
  {
    name: 'darwin-arm64', platform: 'darwin', arch: 'arm64',
    llamaPackages: ['@node-llama-cpp/mac-arm64-metal'],
    sharpPackages: ['@img/sharp-darwin-arm64', '@img/sharp-libvips-darwin-arm64'],
    reflinkPackage: '@reflink/reflink-darwin-arm64',
  },
  {
    name: 'darwin-x64', platform: 'darwin', arch: 'x64',
    llamaPackages: ['@node-llama-cpp/mac-x64'],
    sharpPackages: ['@img/sharp-darwin-x64', '@img/sharp-libvips-darwin-x64'],
    reflinkPackage: '@reflink/reflink-darwin-x64',
  },
  {
    name: 'win32-x64', platform: 'win32', arch: 'x64',
    llamaPackages: ['@node-llama-cpp/win-x64', '@node-llama-cpp/win-x64-vulkan'],
    sharpPackages: ['@img/sharp-win32-x64'],
    reflinkPackage: '@reflink/reflink-win32-x64-msvc',
  },
  {
    name: 'win32-arm64', platform: 'win32', arch: 'arm64',
    llamaPackages: ['@node-llama-cpp/win-arm64'],
    sharpPackages: ['@img/sharp-win32-arm64'],
    reflinkPackage: '@reflink/reflink-win32-arm64-msvc',
  },
  {
    name: 'linux-x64', platform: 'linux', arch: 'x64',
    llamaPackages: ['@node-llama-cpp/linux-x64', '@node-llama-cpp/linux-x64-vulkan'],
    sharpPackages: ['@img/sharp-linux-x64', '@img/sharp-libvips-linux-x64'],
    reflinkPackage: '@reflink/reflink-linux-x64-gnu',
  },
  {
    name: 'linux-arm64', platform: 'linux', arch: 'arm64',
    llamaPackages: ['@node-llama-cpp/linux-arm64'],
    sharpPackages: ['@img/sharp-linux-arm64', '@img/sharp-libvips-linux-arm64'],
    reflinkPackage: '@reflink/reflink-linux-arm64-gnu',
  },
];

/** CUDA builds: measured and named in the package output, never shipped. */
export const CUDA_PACKAGES = [
  '@node-llama-cpp/linux-x64-cuda', '@node-llama-cpp/linux-x64-cuda-ext',
  '@node-llama-cpp/win-x64-cuda', '@node-llama-cpp/win-x64-cuda-ext',
];

export function targetNamed(name: string): VsixTarget {
  const target = VSIX_TARGETS.find((t) => t.name === name);
  if (!target) throw new Error(`unknown VSIX target '${name}'; one of: ${VSIX_TARGETS.map((t) => t.name).join(', ')}`);
  return target;
}

/** Every native package of a target: what must be in node_modules while its VSIX is packaged. */
export function nativePackages(target: VsixTarget): string[] {
  return [...target.llamaPackages, ...target.sharpPackages, target.reflinkPackage];
}

/** onnxruntime-node's binding folder for a target; one package carries every platform it supports. */
export function onnxRuntimeBinDir(target: VsixTarget): string {
  return `node_modules/onnxruntime-node/bin/napi-v6/${target.platform}/${target.arch}`;
}

/**
 * The files the worker's loaders will look for on the target, besides sharp's (whose file name
 * carries its version; vsixCheck.ts resolves it through the package's own exports): node-llama-cpp's
 * addon in each prebuilt package (bins/<package name>/llama-addon.node), and onnxruntime's binding
 * where onnxruntime-node has a build (`onnxRuntime` false: none; the embedder then says why).
 */
export function loaderEntryPoints(target: VsixTarget, onnxRuntime: boolean): string[] {
  const llama = target.llamaPackages.map((p) => `node_modules/${p}/bins/${p.split('/')[1]}/llama-addon.node`);
  const onnx = onnxRuntime ? [`${onnxRuntimeBinDir(target)}/onnxruntime_binding.node`] : [];
  return [...llama, ...onnx];
}

/** sharp's binding package for the target; sharp requires "<package>/sharp.node" through its exports. */
export function sharpBindingPackage(target: VsixTarget): string {
  return `@img/sharp-${target.platform}-${target.arch}`;
}

/** Only these scopes hold per-platform builds; their other packages (@img/colour, @reflink/reflink) are plain JavaScript. */
export function isPlatformPackage(name: string): boolean {
  return /^@node-llama-cpp\/|^@img\/sharp-|^@reflink\/reflink-/.test(name);
}

export function thisMachineTarget(): string {
  return `${process.platform}-${process.arch}`;
}
