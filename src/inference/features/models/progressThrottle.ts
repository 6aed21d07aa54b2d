// At most one progress event per interval per download (10 a second by default), so a fast local
// download cannot flood the JSON-RPC channel and the webview; a change of state always goes out
// at once, because a UI that missed "paused" or "ready" would show the wrong buttons.

export class ProgressThrottle {
  private readonly last = new Map<string, { at: number; state: string }>();

  constructor(
    private readonly intervalMs = 100,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether to send this event now; records it as sent when so. */
  admit(key: string, state: string): boolean {
    const t = this.now();
    const prev = this.last.get(key);
    if (prev && prev.state === state && t - prev.at < this.intervalMs) return false;
    this.last.set(key, { at: t, state });
    return true;
  }

  forget(key: string): void {
    this.last.delete(key);
  }
}
