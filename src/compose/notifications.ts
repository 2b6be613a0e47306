import type { Config } from '../config.js';
import { TRADING_MODES } from '../model/trading-mode.js';
import type { Logger } from '../log.js';
import { channelsFrom, type Channel } from '../notify/channels.js';
import { messageFor } from '../notify/events.js';
import { tapJournal } from '../notify/journal-tap.js';
import { Notifier } from '../notify/notifier.js';
import { DailySummary } from '../notify/daily-summary.js';
import { JournalPoller } from '../notify/journal-poller.js';
import type { PerformanceService } from '../app/performance-service.js';
import type { Clock } from '../ports/clock.js';
import { KyselyNotificationOutbox, type KyselyStore } from '../store/index.js';

export function notifyChannels(config: Config): Channel[] {
  return channelsFrom(config.notify);
}

export interface Notifications {
  /** The journal to hand the app: the same store, telling the notifier what it journals. */
  store: KyselyStore;
  notifier: Notifier;
  /** Queues "server stopped" and lets the deliveries under way finish (a short grace); the rest waits in the outbox for the next start. */
  close(): Promise<void>;
}

/** Notifications from the journal's outbox, on wall-clock time; with no channel configured the store is handed back untouched. */
export function startNotifications(
  config: Config,
  store: KyselyStore,
  logger: Logger,
  now: () => number = Date.now,
): Notifications {
  const channels = notifyChannels(config);
  const notifier = new Notifier({
    outbox: new KyselyNotificationOutbox(store.database),
    channels,
    levels: config.notify.levels,
    logger,
    now,
  });
  if (!notifier.enabled) return { store, notifier, close: async () => undefined };
  const mode = config.tradingMode;
  const startedAt = now();
  notifier.start();
  notifier.emit({
    key: `started:${startedAt}:${process.pid}`,
    kind: 'started',
    mode,
    time: startedAt,
    text: messageFor('started', mode, `channels ${channels.map((c) => c.name).join(', ')}`),
    details: { pid: process.pid },
  });
  logger.info({ channels: channels.map((c) => c.name) }, 'notifications on');
  const poller = new JournalPoller({
    journal: store,
    modes: mode === 'live' ? TRADING_MODES : (['paper'] as const),
    sink: notifier,
    since: startedAt,
    logger,
  });
  poller.start();
  return {
    store: tapJournal(store, notifier),
    notifier,
    async close() {
      poller.stop();
      const time = now();
      notifier.emit({
        key: `stopped:${startedAt}:${process.pid}`,
        kind: 'stopped',
        mode,
        time,
        text: messageFor('stopped', mode, ''),
        details: { pid: process.pid },
      });
      await notifier.close();
    },
  };
}

/** The daily summary at NOTIFY_DAILY_SUMMARY_AT on the app's clock, for every account; nothing when unset or no channel is configured. */
export function scheduleDailySummary(
  config: Config,
  notifier: Notifier,
  performance: Partial<Record<'paper' | 'live', PerformanceService>>,
  clock: Clock,
  logger: Logger,
): { stop(): Promise<void> } {
  const at = config.notify.dailySummaryAt;
  if (at === undefined || !notifier.enabled) return { stop: async () => undefined };
  const services = Object.values(performance);
  const summary = new DailySummary({
    clock,
    atMinute: at,
    modes: services.map((s) => s.mode),
    figures: async (mode, from, to) => {
      const report = await performance[mode]!.report({ from, to });
      return {
        equityUsd: report.endEquityUsd,
        pnlUsd: report.pnlUsd,
        realizedPnlUsd: report.realizedPnlUsd,
        feesUsd: report.feesPaidUsd,
        trades: report.trades.length,
        fills: report.fills,
      };
    },
    sink: notifier,
    logger,
  });
  summary.start();
  return summary;
}
