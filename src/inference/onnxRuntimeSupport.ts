// Whether onnxruntime-node has a build for this machine. transformers.js requires it as soon as it
// is imported, and onnxruntime-node loads its binding at require time, so on a platform it has no
// build for (1.30: macOS on Intel, darwin-x64) importing transformers.js throws. Asked first, the
// embedder and the tokenizer can say why notes search runs on keywords instead of failing obscurely.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** onnxruntime-node's N-API binding folder for a platform and CPU, as its dist/binding.js requires it. */
export function onnxRuntimeBindingPath(packageDir: string, platform: string, arch: string): string {
  return path.join(packageDir, 'bin', 'napi-v6', platform, arch, 'onnxruntime_binding.node');
}

/** The installed package's folder, or null when it is not installed. */
function installedPackageDir(): string | null {
  try {
    return path.dirname(require.resolve('onnxruntime-node/package.json'));
  } catch {
    return null;
  }
}

/**
 * Why local embeddings cannot run on this machine, or undefined when they can. The defaults ask
 * about this process; tests pass another platform and a package folder.
 */
export function onnxRuntimeUnavailableReason(
  platform: string = process.platform,
  arch: string = process.arch,
  packageDir: string | null = installedPackageDir(),
): string | undefined {
  if (!packageDir) return 'onnxruntime-node is not installed, so embeddings cannot run: notes search uses keywords (BM25).';
  if (fs.existsSync(onnxRuntimeBindingPath(packageDir, platform, arch))) return undefined;
  return `onnxruntime-node has no build for ${platform}-${arch}, so embeddings cannot run on this machine: notes search uses keywords (BM25).`;
}
