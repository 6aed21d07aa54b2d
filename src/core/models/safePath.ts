// Model file names come from catalogs, user files and URLs, and are joined onto the models folder.
// A name like "../../.bashrc" or "/etc/passwd" must never leave that folder, on any platform.
import * as path from 'node:path';
import { LocalFocusError } from '../errors';

/**
 * Longest folder or file name, in UTF-8 bytes. File systems stop at 255 bytes and the downloader
 * adds ".partial.json.tmp" (17) to a name: a longer one would fail deep inside a download with
 * ENAMETOOLONG, which read as a network failure ("The connection failed"). Refused up front instead.
 */
export const MAX_NAME_SEGMENT_BYTES = 200;
/** Longest relative name as a whole (well under PATH_MAX once joined onto the models folder). */
export const MAX_RELATIVE_PATH_BYTES = 1024;

/** Why a relative name is unsafe, or undefined when it is a plain path inside its folder. */
export function unsafeRelativePathReason(name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'is empty';
  if (name.includes('\0')) return 'contains a NUL character';
  if (name.includes('\\')) return 'contains a backslash (use "/" between folders)';
  if (path.posix.isAbsolute(name) || path.win32.isAbsolute(name) || /^[a-zA-Z]:/.test(name)) return 'is an absolute path';
  const parts = name.split('/');
  if (parts.some((p) => p === '..')) return 'contains ".."';
  if (parts.some((p) => p === '' || p === '.')) return 'has an empty or "." segment';
  if (Buffer.byteLength(name, 'utf8') > MAX_RELATIVE_PATH_BYTES) return `is longer than ${MAX_RELATIVE_PATH_BYTES} bytes`;
  if (parts.some((p) => Buffer.byteLength(p, 'utf8') > MAX_NAME_SEGMENT_BYTES)) return `has a folder or file name longer than ${MAX_NAME_SEGMENT_BYTES} bytes`;
  return undefined;
}

export function isSafeRelativePath(name: string): boolean {
  return unsafeRelativePathReason(name) === undefined;
}

/**
 * Joins a relative name onto a folder and proves the result stays inside it (the string check
 * catches what the resolved-path check would also catch, and the resolved check catches what a
 * future platform quirk might let through).
 */
export function resolveInside(folder: string, name: string): string {
  const reason = unsafeRelativePathReason(name);
  if (reason) throw new LocalFocusError('bad-input', `The file name "${name}" ${reason}; model files must stay inside ${folder}.`, { reason: 'unsafe-path' });
  const root = path.resolve(folder);
  const resolved = path.resolve(root, ...name.split('/'));
  if (!resolved.startsWith(root + path.sep)) {
    throw new LocalFocusError('bad-input', `The file name "${name}" points outside ${folder}.`, { reason: 'unsafe-path' });
  }
  return resolved;
}
