// Other platforms' native packages, at exactly the versions package-lock.json pins: npm installs
// only this machine's, so the others are fetched from the registry with `npm pack`, checked against
// the lockfile's integrity hash (the same check `npm ci` makes) and cached between runs.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { npmEnvForNestedRun } from './npmEnv';

export interface LockedPackage {
  name: string;
  version: string;
  /** Subresource-integrity string of the tarball, e.g. "sha512-…". */
  integrity: string;
}

export function lockedPackage(root: string, name: string): LockedPackage {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; integrity?: string }> };
  const entry = lock.packages[`node_modules/${name}`];
  if (!entry?.version || !entry.integrity) throw new Error(`package-lock.json pins no version with an integrity hash for ${name}`);
  return { name, version: entry.version, integrity: entry.integrity };
}

/** Where fetched tarballs are kept: LOCAL_FOCUS_PACKAGE_CACHE, else the user's cache folder. */
export function packageCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LOCAL_FOCUS_PACKAGE_CACHE) return path.resolve(env.LOCAL_FOCUS_PACKAGE_CACHE);
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'local-focus', 'npm-packages');
}

/** True when the file's bytes hash to the integrity string (any of its algorithm-digest pairs). */
export function matchesIntegrity(file: string, integrity: string): boolean {
  const bytes = readFileSync(file);
  return integrity.split(/\s+/).some((pair) => {
    const [algorithm, digest] = [pair.slice(0, pair.indexOf('-')), pair.slice(pair.indexOf('-') + 1)];
    return ['sha512', 'sha384', 'sha256', 'sha1'].includes(algorithm) && createHash(algorithm).update(bytes).digest('base64') === digest;
  });
}

/** The package's tarball in the cache, fetched and verified first when it is not there yet. */
export function cachedTarball(pkg: LockedPackage, cacheDir: string, log: (line: string) => void): string {
  mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`);
  if (existsSync(file) && matchesIntegrity(file, pkg.integrity)) return file;
  log(`fetching ${pkg.name}@${pkg.version} from the npm registry`);
  const scratch = mkdtempSync(path.join(cacheDir, '.fetch-'));
  try {
    const out = execFileSync('npm', ['pack', `${pkg.name}@${pkg.version}`, '--pack-destination', scratch, '--json', '--silent'], {
      encoding: 'utf8',
      env: npmEnvForNestedRun(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [{ filename }] = JSON.parse(out) as [{ filename: string }];
    const fetched = path.join(scratch, filename);
    if (!matchesIntegrity(fetched, pkg.integrity)) {
      throw new Error(`${pkg.name}@${pkg.version} from the registry does not match package-lock.json's integrity hash; not using it`);
    }
    renameSync(fetched, file);
    return file;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Unpacks an npm tarball (whose files sit under "package/") into `dir`. */
export function unpackTarball(tarball: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { stdio: 'inherit' });
}
