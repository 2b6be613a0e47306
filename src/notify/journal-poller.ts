/**
 * Events journaled by another process: `binance-mcp risk reset` run while no server owned the
 * account acts on the journal alone, so no tap saw it. The poller reads the newest risk events now
 * and then and hands breaker resets written since this server started to the notifier, under the
 * same key the tap gives them (journal-tap.ts breakerResetKey): the outbox keeps one either way.
 */
import type { Logger } from '../log.js';
import type { TradingMode } from '../model/trading-mode.js';
import type { RiskEvent, RiskJournal } from '../ports/risk-journal.js';
import { eventOfRisk } from './journal-tap.js';
import type { NotifyEvent } from './events.js';

export interface JournalPollerOptions {
  journal: Pick<RiskJournal, 'listRiskEvents'>;
  modes: readonly TradingMode[];
  sink: { emit(event: NotifyEvent): void };
  /** Rows older than this (ms, the journal's times) are history, not news. */
  since: number;
  logger: Logger;
}

export class JournalPoller {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: JournalPollerOptions) {}

  async poll(): Promise<void> {
    for (const mode of this.options.modes) {
      const events: RiskEvent[] = await this.options.journal.listRiskEvents(mode, 50);
      for (const risk of events) {
        if (risk.kind !== 'breaker_reset' || risk.time < this.options.since) continue;
        const event = eventOfRisk(risk, 0);
        if (event) this.options.sink.emit(event);
      }
    }
  }

  start(everyMs = 5_000): void {
    this.timer = setInterval(() => {
      this.poll().catch((err: unknown) => this.options.logger.warn({ err }, 'could not read the journal for events'));
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
