// The names of a notes index's stores in its folder, shared by the stores and the rebuild swap.

export const VECTORS_DIR = 'vectors';
export const CHUNKS_FILE = 'chunks.seg';
/** The chunk store before chunks were kept in a segment: read once to convert it. */
export const LEGACY_CHUNKS_FILE = 'chunks.json';
export const BM25_FILE = 'bm25.seg';
/** The BM25 index before it was kept in a segment: read once to convert it. */
export const LEGACY_BM25_FILE = 'bm25.json';
export const MANIFEST_FILE = 'manifest.json';

/** Every store, in the order a swap moves them: the manifest last, as in a save. */
export const STORE_FILES_MANIFEST_LAST = [VECTORS_DIR, BM25_FILE, CHUNKS_FILE, MANIFEST_FILE] as const;
