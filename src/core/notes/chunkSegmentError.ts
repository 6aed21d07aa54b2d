/** A chunk segment that cannot be read; the message says what is wrong with it. */
export class ChunkSegmentError extends Error {}
