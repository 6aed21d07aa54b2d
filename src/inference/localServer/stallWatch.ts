// A watchdog for calls to a model server: it aborts the call when no byte has come for a set
// time, and remembers that it did, so a stall reads as a timeout and not as the caller's cancel.
// A limit without progress, not one on the whole call: a long answer that keeps streaming is fine.

export class StallWatch {
  private readonly own = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  /** The limit that ran out, ms; undefined while none has. */
  stalledAfterMs: number | undefined;
  /** Aborts on the caller's signal or on a stall; pass it to fetch. */
  readonly signal: AbortSignal;

  constructor(private readonly caller: AbortSignal) {
    this.signal = AbortSignal.any([caller, this.own.signal]);
  }

  /** Whether the caller cancelled (which wins over a stall that happened at the same time). */
  get cancelled(): boolean {
    return this.caller.aborted;
  }

  /** (Re)starts the clock: the call is aborted unless progress comes within `ms`. */
  arm(ms: number): void {
    this.stop();
    this.timer = setTimeout(() => {
      this.stalledAfterMs = ms;
      this.own.abort();
    }, ms);
    // The call itself keeps the process alive; a forgotten watch must not.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
