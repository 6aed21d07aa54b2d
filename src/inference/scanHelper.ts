// The scanning thread's side of scanThread.ts: one helper thread per process, started on the
// first scan big enough to share, kept (unref'd, so it never holds the process open) and stopped
// for good if it fails, in which case scans go on in one thread. LOCAL_FOCUS_SCAN_THREADS=0
// turns it off; it is off on a one-core machine, where it could only add overhead.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileVerdict } from './fileReader';
import type { ScanBatchRequest, ScanBatchResponse } from './scanThread';

/** The bundled thread beside dist/worker.js and dist/cli.js; the source file under tsx (tests, benchmarks). */
function threadEntry(): string | undefined {
  for (const name of ['scanThread.js', 'scanThread.ts']) {
    const candidate = path.join(__dirname, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

class ScanHelper {
  private worker: Worker | undefined;
  private failed = false;
  private nextId = 1;
  /** Batches the helper has read since the process started (tests check the helper was used). */
  batchesRead = 0;
  private readonly pending = new Map<number, { resolve: (v: (FileVerdict | undefined)[]) => void; reject: (e: Error) => void }>();

  get usable(): boolean {
    if (this.failed) return false;
    if (process.env.LOCAL_FOCUS_SCAN_THREADS === '0') return false;
    return (os.availableParallelism?.() ?? os.cpus().length) > 1;
  }

  /** Batches sent and not answered yet. */
  get inFlight(): number {
    return this.pending.size;
  }

  submit(req: Omit<ScanBatchRequest, 'id'>): Promise<(FileVerdict | undefined)[]> {
    const worker = this.start();
    if (!worker) return Promise.reject(new Error('no scan thread'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ ...req, id } satisfies ScanBatchRequest);
    });
  }

  private start(): Worker | undefined {
    if (this.worker || !this.usable) return this.worker;
    const entry = threadEntry();
    if (!entry) {
      this.failed = true;
      return undefined;
    }
    try {
      // Under tsx (tests, benchmarks) the thread gets the same TypeScript loader as this one.
      const worker = entry.endsWith('.ts')
        ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(entry)});`, { eval: true })
        : new Worker(entry);
      worker.on('message', (res: ScanBatchResponse) => {
        const p = this.pending.get(res.id);
        this.pending.delete(res.id);
        if (this.pending.size === 0) worker.unref();
        this.batchesRead++;
        p?.resolve(res.verdicts);
      });
      const fail = (err: Error): void => {
        this.failed = true;
        this.worker = undefined;
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`the scan thread exited with code ${code}`)));
      worker.unref();
      this.worker = worker;
      return worker;
    } catch {
      this.failed = true;
      return undefined;
    }
  }
}

export const scanHelper = new ScanHelper();
