// The notes index's vectors: Vectra's LocalIndex in a folder of its own, each of its files
// replaced atomically (temp file + rename) and its vectors stored compactly.

import { LocalFileStorage, LocalIndex, type IndexCodec } from 'vectra';
import { writeFileAtomic } from '../../core/atomicWrite';
import { CompactVectorCodec } from '../../core/notes/vectorCodec';

/** Vectra's file storage with every write made atomic. */
class AtomicFileStorage extends LocalFileStorage {
  override async upsertFile(filePath: string, content: Buffer | string): Promise<void> {
    await writeFileAtomic(filePath, content);
  }
}

/** Vectra's index in `folder`, written atomically; nothing is read or created until it is used. */
export function vectorIndexIn(folder: string): LocalIndex {
  return new LocalIndex(folder, undefined, new AtomicFileStorage(), new CompactVectorCodec() as unknown as IndexCodec);
}
