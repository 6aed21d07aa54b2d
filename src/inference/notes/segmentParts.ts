// Streaming a segment's parts to its temp file: consecutive parts are joined into pieces of about
// a megabyte, so a store is written in few system calls without a second copy of it in memory.

import type { promises as fs } from 'node:fs';

const WRITE_PIECE_BYTES = 1024 * 1024;

/** Writes `parts` one after another from `start`; returns where they end. */
export async function writeParts(handle: fs.FileHandle, parts: Iterable<Uint8Array>, start: number): Promise<number> {
  let at = start;
  let piece: Uint8Array[] = [];
  let pieceBytes = 0;
  const flush = async (): Promise<void> => {
    const bytes = piece.length === 1 ? piece[0]! : Buffer.concat(piece, pieceBytes);
    let done = 0;
    while (done < bytes.length) done += (await handle.write(bytes, done, bytes.length - done, at + done)).bytesWritten;
    at += bytes.length;
    piece = [];
    pieceBytes = 0;
  };
  for (const part of parts) {
    piece.push(part);
    pieceBytes += part.length;
    if (pieceBytes >= WRITE_PIECE_BYTES) await flush();
  }
  if (pieceBytes > 0) await flush();
  return at;
}
