import type { Logger } from '../../log.js';
import type { OrderTrail } from '../../model/order.js';

/**
 * Writes where the paper venue's trailing stops stand (trailing.ts) to the journal, so a restart
 * puts each stop back exactly where it was. At most one write is in flight; moves heard meanwhile
 * are kept, the newest per order, and go out in one write as soon as it returns. So every move is
 * written unless a newer one of the same order replaced it first, and the journal is never more
 * than one write behind.
 *
 * The guarantee: after a crash the restored extreme is the one of the last written move, never one
 * the order had not reached, and it lags the truth by at most the moves made while the last write
 * was in flight (a few milliseconds of prints: one SQLite transaction with synchronous=FULL; see
 * bench/trailing-journal.bench.ts). A clean stop (SimulatedBroker.close) loses none. A failed write
 * is tried again at once, then with the next move (a newer move of the same order replaces it).
 */
export class TrailRecorder {
  private readonly pending = new Map<string, OrderTrail>();
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly write: (trails: OrderTrail[]) => Promise<void>,
    private readonly logger?: Logger,
  ) {}

  /** A trail moved (synchronous, from the matching engine): it is written as soon as the write in flight returns. */
  note(trail: OrderTrail): void {
    this.pending.set(trail.clientOrderId, trail);
    // Started after the current synchronous step, so the moves of one print go out in one write.
    if (!this.inFlight) this.inFlight = Promise.resolve().then(() => this.drain());
  }

  /** Resolves when every move heard so far has been written (or its write failed). */
  async idle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private async drain(): Promise<void> {
    let failures = 0;
    while (this.pending.size > 0 && failures < 2) {
      const trails = [...this.pending.values()];
      this.pending.clear();
      try {
        await this.write(trails);
        failures = 0;
      } catch (error) {
        failures++;
        // Kept for the next write unless a newer move of the same order came in meanwhile.
        for (const trail of trails)
          if (!this.pending.has(trail.clientOrderId)) this.pending.set(trail.clientOrderId, trail);
        this.logger?.warn(
          { err: error, orders: trails.map((t) => t.clientOrderId) },
          'could not journal where trailing stops stand; retried with the next move',
        );
      }
    }
    this.inFlight = undefined;
  }
}
