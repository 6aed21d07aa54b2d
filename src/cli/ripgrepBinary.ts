// The ripgrep `local-focus todos` lists with: the one LOCAL_FOCUS_RIPGREP names, none when it says
// `off`, otherwise `rg` on the PATH. Without one the listing walks the folder itself.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalFocusError } from '../core/errors';

export const RIPGREP_ENV = 'LOCAL_FOCUS_RIPGREP';

function isExecutableFile(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) return false;
    // Windows has no execute bit: a file named .exe is run as one.
    if (process.platform !== 'win32') fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The ripgrep binary to use, or undefined for none. Throws 'bad-input' when LOCAL_FOCUS_RIPGREP
 *  names a path that is not an executable file, so a mistyped path is not silently slow. */
export function ripgrepBinary(env: NodeJS.ProcessEnv): string | undefined {
  const named = env[RIPGREP_ENV]?.trim();
  if (named === 'off') return undefined;
  if (named) {
    if (isExecutableFile(named)) return named;
    throw new LocalFocusError('bad-input', `${RIPGREP_ENV} is "${named}", which is not an executable file: set it to ripgrep's path, or to off to list without ripgrep.`);
  }
  const exe = process.platform === 'win32' ? 'rg.exe' : 'rg';
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter)) {
    if (dir && isExecutableFile(path.join(dir, exe))) return path.join(dir, exe);
  }
  return undefined;
}
