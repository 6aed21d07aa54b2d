// Decides when the user hears that the inference worker went down: once per outage, not once per
// failed request and not once per crash of a crash loop. An outage starts when the worker exits and
// ends only when a restarted worker has stayed up for `stableMs`; a crash before that belongs to the
// same outage. Pure (timers only) so the fault tests drive the very logic the extension uses.
import type { LocalFocusError } from './errors';

export interface WorkerOutageNoticeOptions {
  /** Shows the message; the extension opens a warning with "Open Log". */
  show: (message: string) => void;
  /** How long a restarted worker must stay up to end the outage. Default 30 s. */
  stableMs?: number;
}

export class WorkerOutageNotice {
  private notified = false;
  private stableTimer: NodeJS.Timeout | undefined;
  private readonly stableMs: number;

  constructor(private readonly opts: WorkerOutageNoticeOptions) {
    this.stableMs = opts.stableMs ?? 30_000;
  }

  /** Whether the message of the current outage was shown and the outage has not ended. */
  get inOutage(): boolean {
    return this.notified;
  }

  /** The worker exited (`how`: "signal SIGKILL", "exit code 3"): shows the message unless this outage already did. */
  down(how: string): void {
    this.clearTimer();
    if (this.notified) return;
    this.notified = true;
    this.opts.show(workerDownMessage(how));
  }

  /** A (re)started worker is ready: the outage ends once it stays up for `stableMs`. */
  up(): void {
    this.clearTimer();
    if (!this.notified) return;
    this.stableTimer = setTimeout(() => {
      this.stableTimer = undefined;
      this.notified = false;
    }, this.stableMs);
    this.stableTimer.unref?.();
  }

  /**
   * Whether an error needs no message of its own because the outage message already said it: a
   * request failed with worker-exited while the user has been told the worker is restarting.
   */
  covers(err: Pick<LocalFocusError, 'code'>): boolean {
    return this.notified && err.code === 'worker-exited';
  }

  dispose(): void {
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.stableTimer) clearTimeout(this.stableTimer);
    this.stableTimer = undefined;
  }
}

export function workerDownMessage(how: string): string {
  return `Local Focus: the inference process stopped with ${how}. It is restarting; features run in degraded mode meanwhile.`;
}
