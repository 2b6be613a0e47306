import type { Logger } from '../log.js';
import type { NotificationOutbox, OutboxRow } from '../ports/notification-outbox.js';
import { type Channel, DeliveryError, redact } from './channels.js';

export interface DispatcherOptions {
  outbox: NotificationOutbox;
  channels: Channel[];
  logger: Logger;
  /** Wall-clock ms (delivery times are real time even in a replay). */
  now?: () => number;
  /** First backoff after a failure (default 1 s), doubled each attempt up to maxBackoffMs (default 5 min). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Transient failures before a row is given up (default 20). */
  maxAttempts?: number;
  /** How long a claim keeps other processes off a row (default 60 s). */
  leaseMs?: number;
}

/**
 * Delivers the outbox, channel by channel, oldest first, in the background. A 429 pauses the
 * whole channel for the time the channel asked; other failures back off exponentially. Undelivered
 * rows stay in the journal, so a restarted server sends them.
 */
export class Dispatcher {
  private readonly now: () => number;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly pausedUntil = new Map<string, number>();
  private closed = false;
  private stopping = false;

  constructor(private readonly options: DispatcherOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Starts every channel's loop (rows left by an earlier run are sent too). */
  start(): void {
    for (const channel of this.options.channels) this.wake(channel.name);
  }

  /** New rows were queued: look now. */
  wake(name?: string): void {
    if (this.closed || this.stopping) return;
    for (const channel of this.options.channels) {
      if (name !== undefined && channel.name !== name) continue;
      if (this.running.has(channel.name)) {
        this.again.add(channel.name);
        continue;
      }
      const timer = this.timers.get(channel.name);
      const pause = this.pausedUntil.get(channel.name) ?? 0;
      if (pause > this.now()) {
        if (!timer) this.timerAt(channel, pause);
        continue;
      }
      if (timer) clearTimeout(timer);
      this.timers.delete(channel.name);
      const run = this.drain(channel)
        .catch((err: unknown) =>
          this.options.logger.warn(
            { channel: channel.name, err: redact(String(err), channel.secrets) },
            'notification dispatch failed',
          ),
        )
        .finally(() => {
          this.running.delete(channel.name);
          if (this.closed || this.stopping) return;
          if (this.again.delete(channel.name)) this.wake(channel.name);
          else void this.schedule(channel);
        });
      this.running.set(channel.name, run);
    }
  }

  /** Starts nothing new; lets the passes under way finish for at most graceMs, then stops them. */
  async close(graceMs = 2000): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.running.values()),
      new Promise((resolve) => {
        timeout = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timeout);
    this.closed = true;
  }

  private async drain(channel: Channel): Promise<void> {
    const { outbox } = this.options;
    for (;;) {
      if (this.closed) return;
      const rows = await outbox.claimDue(channel.name, this.now(), this.options.leaseMs ?? 60_000, 20);
      if (rows.length === 0) return;
      for (let i = 0; i < rows.length; i++) {
        if (this.closed) {
          await outbox.release(rows.slice(i).map((r) => r.id));
          return;
        }
        const paused = await this.deliver(channel, rows[i]!);
        if (paused) {
          await outbox.release(rows.slice(i + 1).map((r) => r.id));
          return;
        }
      }
    }
  }

  /** Sends one row; true when the channel asked us to wait (the rest of the batch waits too). */
  private async deliver(channel: Channel, row: OutboxRow): Promise<boolean> {
    const { outbox, logger } = this.options;
    try {
      const answer = await channel.send(row.event, row.silent);
      await outbox.markDelivered(row.id, this.now());
      if (!answer) return false;
      this.pausedUntil.set(channel.name, this.now() + answer.waitMs);
      return true;
    } catch (error) {
      const err = error instanceof DeliveryError ? error : new DeliveryError(String(error), 'retry');
      const message = redact(err.message, channel.secrets);
      const attempts = row.attempts + 1;
      if (err.outcome === 'fail' || attempts >= (this.options.maxAttempts ?? 20)) {
        await outbox.markFailed(row.id, this.now(), message);
        logger.warn(
          { channel: channel.name, event: row.event.kind, attempts, error: message },
          'notification given up',
        );
        return false;
      }
      const backoff = Math.min(
        (this.options.backoffMs ?? 1000) * 2 ** (attempts - 1),
        this.options.maxBackoffMs ?? 300_000,
      );
      const wait = err.retryAfterMs ?? backoff;
      const nextAt = this.now() + wait;
      await outbox.retryLater(row.id, nextAt, message);
      logger.warn(
        { channel: channel.name, event: row.event.kind, attempts, retryInMs: wait, error: message },
        'notification not delivered, will retry',
      );
      if (err.retryAfterMs !== undefined) {
        this.pausedUntil.set(channel.name, nextAt);
        return true;
      }
      return false;
    }
  }

  /** Sleeps until the channel's next row is due (or its pause ends). */
  private async schedule(channel: Channel): Promise<void> {
    const next = await this.options.outbox.nextDue(channel.name).catch(() => undefined);
    if (next === undefined || this.closed || this.stopping || this.running.has(channel.name)) return;
    this.timerAt(channel, Math.max(next, this.pausedUntil.get(channel.name) ?? 0));
  }

  private timerAt(channel: Channel, at: number): void {
    const old = this.timers.get(channel.name);
    if (old) clearTimeout(old);
    const timer = setTimeout(
      () => {
        this.timers.delete(channel.name);
        this.pausedUntil.delete(channel.name);
        this.wake(channel.name);
      },
      Math.max(0, at - this.now()),
    );
    timer.unref();
    this.timers.set(channel.name, timer);
  }
}
