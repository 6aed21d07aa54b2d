// The TODO scan's helper thread. A workspace scan is mostly system calls (open, read, close) and
// lexing, all synchronous and on one thread; ripgrep, which the scan is measured against, uses
// every core. This thread reads and lexes batches of files the scanning thread has already
// listed and filtered, so two cores share the work (bench/todo-scan.ts). It holds no state but
// its read buffer; the scanning thread keeps the order, the statistics and the cancellation.

import { parentPort } from 'node:worker_threads';
import type { FileStamp } from '../core/todos/scanRecord';
import { FileReader, type FileVerdict } from './fileReader';

export interface ScanBatchRequest {
  id: number;
  tags: readonly string[];
  maxBytes: number;
  /** Whether the scan keeps a record: each file is stamped, and not read when it is unchanged. */
  stamped: boolean;
  /** Absolute paths, with the file name each one's comment syntax is chosen by, and the stamp the
   *  record holds for it. */
  files: readonly { absPath: string; name: string; recorded?: FileStamp }[];
}

export interface ScanBatchResponse {
  id: number;
  /** One per file, in order; undefined for a file that vanished or could not be read. */
  verdicts: (FileVerdict | undefined)[];
}

if (parentPort) {
  const port = parentPort;
  let reader: FileReader | undefined;
  port.on('message', (req: ScanBatchRequest) => {
    if (!reader || !reader.serves(req.maxBytes, req.tags)) reader = new FileReader(req.maxBytes, req.tags);
    const verdicts: (FileVerdict | undefined)[] = [];
    for (const f of req.files) verdicts.push(reader.scanPath(f.absPath, f.name, req.stamped, f.recorded));
    port.postMessage({ id: req.id, verdicts } satisfies ScanBatchResponse);
  });
}
