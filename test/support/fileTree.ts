// Small file trees for scan tests: each entry a path relative to the root and its content.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}
