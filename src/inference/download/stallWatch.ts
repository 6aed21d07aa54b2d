// The stall timer of one attempt: when no byte has arrived for a while, it ends whichever request
// or response is current with a retryable "stalled" error.
import { DownloadError } from './errors';

/** Ends its target with a "stalled" DownloadError when `touch` has not been called for `ms`. */
export class StallWatch {
  private timer: NodeJS.Timeout | undefined;
  private target: ((err: Error) => void) | undefined;

  constructor(private readonly ms: number) {}

  /** What a stall ends from now on: each redirect hop's request, then the response being read. */
  aimAt(target: (err: Error) => void): void {
    this.target = target;
  }

  touch(): void {
    this.stop();
    this.timer = setTimeout(() => this.fire(), this.ms);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.target?.(new DownloadError('stalled', `No data arrived for ${Math.round(this.ms / 1000)} s; the connection stalled.`, { retryable: true }));
  }
}
