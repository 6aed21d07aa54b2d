// Which of several note folders a file belongs to. Folders can nest (a vault inside a project, a
// project inside a vault): the innermost one holding the file is the one whose index it is in.
import * as path from 'node:path';

/** Whether `file` is `folder` itself or somewhere below it. */
export function isWithin(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The innermost of `folders` that holds `file`, if any. */
export function folderHolding<T extends { path: string }>(folders: readonly T[], file: string): T | undefined {
  let innermost: T | undefined;
  for (const folder of folders) {
    if (isWithin(folder.path, file) && (!innermost || folder.path.length > innermost.path.length)) innermost = folder;
  }
  return innermost;
}
