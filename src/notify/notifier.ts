import type { Logger } from '../log.js';
import type { NotificationOutbox } from '../ports/notification-outbox.js';
import type { TradingMode } from '../ports/store.js';
import type { Channel } from './channels.js';
import { Dispatcher, type DispatcherOptions } from './dispatcher.js';
import { messageFor, type EventKind, type EventLevel, type NotifyEvent } from './events.js';
import type { EventSink } from './journal-tap.js';

export interface NotifierOptions extends Omit<DispatcherOptions, 'outbox' | 'channels' | 'logger'> {
  outbox: NotificationOutbox;
  channels: Channel[];
  levels: Record<EventKind, EventLevel>;
  logger: Logger;
}

/**
 * Takes events from the journal tap without ever making the caller wait: they are queued in memory,
 * written to the outbox in one batch on the next turn of the event loop, and the dispatcher is woken.
 */
export class Notifier implements EventSink {
  private pending: NotifyEvent[] = [];
  private probes: { mode: TradingMode; clientOrderId: string; status: string; text: string }[] = [];
  private flushing: Promise<void> | undefined;
  private scheduled = false;
  readonly dispatcher: Dispatcher;
  private readonly now: () => number;

  constructor(private readonly options: NotifierOptions) {
    this.now = options.now ?? Date.now;
    this.dispatcher = new Dispatcher({ ...options });
  }

  get enabled(): boolean {
    return this.options.channels.length > 0;
  }

  start(): void {
    this.dispatcher.start();
  }

  emit(event: NotifyEvent): void {
    if (!this.enabled || this.options.levels[event.kind] === 'off') return;
    this.pending.push(event);
    this.schedule();
  }

  settled(mode: TradingMode, clientOrderId: string, status: string, text: string): void {
    if (!this.enabled || this.options.levels.unknown_resolved === 'off') return;
    this.probes.push({ mode, clientOrderId, status, text });
    this.schedule();
  }

  /** Writes what is queued to the outbox (resolves when it is written). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.length === 0 && this.probes.length === 0) return;
    this.flushing = this.write().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  async close(graceMs?: number): Promise<void> {
    await this.flush().catch(() => undefined);
    await this.dispatcher.close(graceMs);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush().catch((err: unknown) => this.options.logger.warn({ err }, 'could not queue notifications'));
    });
  }

  private async write(): Promise<void> {
    const events = this.pending;
    const probes = this.probes;
    this.pending = [];
    this.probes = [];
    for (const probe of probes) {
      const key = `unknown:${probe.mode}:${probe.clientOrderId}`;
      if (!events.some((e) => e.key === key) && !(await this.options.outbox.hasEvent(key))) continue;
      events.push({
        key: `resolved:${probe.mode}:${probe.clientOrderId}`,
        kind: 'unknown_resolved',
        mode: probe.mode,
        time: this.now(),
        text: messageFor('unknown_resolved', probe.mode, `now ${probe.status}: ${probe.text}`),
        details: { clientOrderId: probe.clientOrderId, status: probe.status },
      });
    }
    const rows = events.flatMap((event) =>
      this.options.channels.map((channel) => ({
        event,
        channel: channel.name,
        silent: this.options.levels[event.kind] === 'silent',
      })),
    );
    if (rows.length === 0) return;
    await this.options.outbox.enqueue(rows, this.now());
    this.dispatcher.wake();
  }
}
