// What notes tests on the real worker wait for: the notes/index partial results of one request,
// and a condition on them coming true.
import { isNotesIndexPartial, type NotesIndexPartial } from '../../src/core/notesProtocol';
import type { RealWorker } from './realWorker';

/** The NotesIndexPartial progress of the request `requestId`, in order. */
export function partials(h: RealWorker, requestId: string): NotesIndexPartial[] {
  return h.progress.filter((p) => p.requestId === requestId && isNotesIndexPartial(p.partial)).map((p) => p.partial as NotesIndexPartial);
}

/** Polls `check` every 20 ms; throws naming `what` after timeoutMs. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
