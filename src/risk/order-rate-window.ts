/** Orders count against MAX_ORDERS_PER_MINUTE for this long. */
export const RATE_WINDOW_MS = 60_000;

/**
 * Sliding one-minute window of order times: `count(now)` is the number recorded in (now - 60 s, now].
 * Times are expected in non-decreasing order (one clock); an earlier time is kept in place and
 * leaves the window when its minute is over, so it is never lost.
 */
export class OrderRateWindow {
  private times: number[] = [];
  private head = 0;

  constructor(private readonly windowMs = RATE_WINDOW_MS) {}

  record(time: number): void {
    this.times.push(time);
  }

  /** Adds times recorded before a restart (from the journal), in any order; they merge in order with those recorded since. */
  seed(times: readonly number[]): void {
    this.times = [...this.times.slice(this.head), ...times].sort((a, b) => a - b);
    this.head = 0;
  }

  count(now: number): number {
    this.evict(now);
    const last = this.times.length - 1;
    if (last < this.head || this.times[last]! <= now) return this.times.length - this.head;
    let n = 0;
    for (let i = this.head; i < this.times.length; i++) if (this.times[i]! <= now) n++;
    return n;
  }

  /** The recorded times still in the window, oldest first (for persisting across a restart). */
  recent(now: number): number[] {
    this.evict(now);
    return this.times.slice(this.head);
  }

  private evict(now: number): void {
    const cutoff = now - this.windowMs;
    const times = this.times;
    while (this.head < times.length && times[this.head]! <= cutoff) this.head++;
    if (this.head > 1024 && this.head * 2 > times.length) {
      this.times = times.slice(this.head);
      this.head = 0;
    }
  }
}
