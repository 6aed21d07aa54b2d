// The Go version a file is reviewed under, for the rules that depend on it
// (rules/loopVariableCapture.ts): the `go` directive of the go.mod that defines the file's module,
// which is the nearest go.mod in the file's folder or above it, no higher than the root (the
// workspace folder or repository). The nearest go.mod decides even without a directive (Go then
// assumes 1.16), so a parent's go.mod is not consulted past it; with no go.mod, or no directive,
// the version is unknown and those rules stay silent rather than guess.

import * as fs from 'node:fs';
import * as path from 'node:path';

const GO_DIRECTIVE_RE = /^go\s+(\d+\.\d+(?:\.\d+)?)\s*(?:\/\/.*)?$/m;

/** The version in a go.mod's `go` directive ("1.21", "1.22.3"); undefined when it has none. */
export function goDirective(goMod: string): string | undefined {
  return GO_DIRECTIVE_RE.exec(goMod)?.[1];
}

/**
 * The version of the module `filePath` belongs to, reading go.mod files with `readText` (which
 * gives undefined for a missing file; by default the disk's) from the file's folder up to `rootDir`.
 */
export function goModuleVersion(filePath: string, rootDir: string, readText: (file: string) => string | undefined = readFileOnDisk): string | undefined {
  const root = path.resolve(rootDir);
  for (let dir = path.dirname(path.resolve(filePath)); ; dir = path.dirname(dir)) {
    const goMod = readText(path.join(dir, 'go.mod'));
    if (goMod !== undefined) return goDirective(goMod);
    if (dir === root || !dir.startsWith(root + path.sep) || path.dirname(dir) === dir) return undefined;
  }
}

/** A go.mod that cannot be read (missing, a folder, no permission) counts as absent. */
function readFileOnDisk(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
