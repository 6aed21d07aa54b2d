// How far one job is: the bytes it has, the total it expects, its speed over the last seconds, and
// progress events no more often than the configured interval.

/** Bytes per second over a sliding window of samples. */
class SpeedMeter {
  private samples: Array<{ t: number; bytes: number }> = [];
  constructor(private readonly windowMs = 3000) {}
  add(t: number, bytes: number): void {
    this.samples.push({ t, bytes });
    while (this.samples.length > 2 && t - this.samples[0].t > this.windowMs) this.samples.shift();
  }
  speed(): number {
    if (this.samples.length < 2) return 0;
    const a = this.samples[0];
    const b = this.samples[this.samples.length - 1];
    return b.t > a.t ? ((b.bytes - a.bytes) * 1000) / (b.t - a.t) : 0;
  }
  reset(): void {
    this.samples = [];
  }
}

export class ProgressCounter {
  /** Bytes of the file the job has: in the partial file, or in place once ready. */
  bytes = 0;
  /** The file's size; null until the request or the server says it. */
  total: number | null;
  private lastEmit = 0;
  private readonly meter = new SpeedMeter();

  /** `emit` sends one progress event; it is called at most every `intervalMs` unless forced. */
  constructor(total: number | null, private readonly intervalMs: number, private readonly emit: () => void) {
    this.total = total;
  }

  /** Counts bytes that have just arrived, and reports them when the interval has passed. */
  received(byteCount: number): void {
    this.bytes += byteCount;
    this.meter.add(Date.now(), this.bytes);
    this.report();
  }

  report(force = false): void {
    const now = Date.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    this.emit();
  }

  speed(): number {
    return this.meter.speed();
  }

  /** A new run measures its speed afresh (not across a pause). */
  resetSpeed(): void {
    this.meter.reset();
  }
}
