/**
 * The composition root: the one place that knows which adapters stand behind the ports.
 * Market data from the operator's choice; a paper desk over the simulated broker, always; a live
 * desk over Binance.US only when the operator enabled live trading and gave keys.
 */
import type { App, LivePolicy } from './app/app.js';
import { ContextService } from './app/context-service.js';
import { type Config, liveUnavailableReason } from './config.js';
import { assembleDesk, type Desk } from './compose/desk.js';
import { openMarketSource } from './compose/market-source.js';
import { openPaperBroker, paperResetFollower, startingBalances } from './compose/paper-broker.js';
import { liveConsentOf, livePolicyOf } from './compose/live-policy.js';
import { startNotifications } from './compose/notifications.js';
import { createBinanceUs, reconcileWithExchange, type BinanceUsTuning } from './exchanges/binance-us/index.js';
import { createLogger, type Logger } from './log.js';
import type { RiskLimits } from './risk/limits.js';
import { openKyselyStore } from './store/index.js';
import { VERSION } from './version.js';

export interface CreateAppOptions {
  logger?: Logger;
  /** Binance.US client timing (recvWindow, timeouts, retries); the client's defaults when absent. Tests against the fake shorten them. */
  binance?: BinanceUsTuning;
}

export function riskLimitsFrom(config: Config): RiskLimits {
  return {
    ...(config.maxTradeSizeUsd ? { maxTradeSizeUsd: config.maxTradeSizeUsd } : {}),
    ...(config.maxPositionSizeUsd ? { maxPositionSizeUsd: config.maxPositionSizeUsd } : {}),
    ...(config.maxDailyLossUsd ? { maxDailyLossUsd: config.maxDailyLossUsd } : {}),
    ...(config.maxOrdersPerMinute ? { maxOrdersPerMinute: config.maxOrdersPerMinute } : {}),
    ...(config.allowedSymbols ? { allowedSymbols: config.allowedSymbols } : {}),
    deniedSymbols: config.deniedSymbols,
    ...(config.maxTotalExposureUsd ? { maxTotalExposureUsd: config.maxTotalExposureUsd } : {}),
    breakerOpenOrders: config.breakerOpenOrders,
    orderDeadlineMs: config.orderDeadlineMs,
    orderQueueLimit: config.orderQueueLimit,
  };
}

/** How often each account's equity is observed when nothing else happens, so the daily loss counts from 00:00 UTC. */
const EQUITY_WATCH_MS = 60_000;

function watchDailyLoss(desks: Desk[], clock: { now(): number }, logger: Logger): NodeJS.Timeout {
  const timer = setInterval(() => {
    for (const desk of desks) desk.risk.observe(clock.now()).catch((err: unknown) => logger.warn({ err }, 'could not observe equity for the daily loss'));
  }, EQUITY_WATCH_MS);
  timer.unref();
  return timer;
}

export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((err: unknown) => logger.error({ err }, 'error while closing'));
  };
  try {
    const journal = await openKyselyStore({ url: config.databaseUrl, dataDir: config.dataDir, logger });
    closers.push(() => journal.close());
    const notifications = startNotifications(config, journal, logger);
    closers.push(() => notifications.close());
    const store = notifications.store;
    const source = await openMarketSource(config, logger, options.binance);
    closers.push(() => source.close());
    const { marketData, clock } = source;
    const limits = riskLimitsFrom(config);

    const paperBroker = await openPaperBroker(config, marketData, store, clock, logger);
    closers.push(() => paperBroker.broker.close());
    const followResets = paperResetFollower(store, paperBroker.broker, paperBroker.ledgerSince, logger);
    const paper = await assembleDesk({ mode: 'paper', broker: paperBroker.broker, marketData, store, clock, logger, limits, ledgerSince: paperBroker.ledgerSince, syncExternalChanges: followResets });
    closers.push(() => paper.trading.close());

    const unavailable = liveUnavailableReason(config);
    let live: Desk | undefined;
    if (unavailable === null) {
      const binance = source.binance?.broker
        ? source.binance
        : createBinanceUs({
          baseUrl: config.binanceBaseUrl, streamUrl: config.binanceStreamUrl, clock, logger, ...options.binance,
          credentials: { apiKey: config.binanceApiKey!, apiSecret: config.binanceApiSecret! },
        });
      if (binance !== source.binance) closers.push(() => binance.close());
      const broker = binance.broker!;
      const startedAt = clock.now();
      const report = await reconcileWithExchange(broker, store, { clock, logger });
      logger.info({ report }, 'live journal reconciled with Binance.US');
      live = await assembleDesk({ mode: 'live', broker, marketData, store, clock, logger, limits, ledgerSince: startedAt });
      closers.push(() => live!.trading.close());
    }

    const livePolicy: LivePolicy = { ...livePolicyOf(config), consent: liveConsentOf(store, logger) };
    const desks = { paper, ...(live ? { live } : {}) };
    const watch = watchDailyLoss(Object.values(desks), clock, logger);
    closers.push(async () => clearInterval(watch));
    const market = new ContextService(marketData, (live ?? paper).broker);
    const startedAt = clock.now();

    const app: App = {
      version: VERSION,
      startedAt,
      clock,
      logger,
      store,
      market,
      desks: { paper: paper.trading, ...(live ? { live: live.trading } : {}) },
      live: livePolicy,
      operator: {
        async resetBreaker(mode) {
          const desk = desks[mode];
          if (!desk) throw new Error(`there is no ${mode} account: ${unavailable}`);
          await desk.risk.reset('operator');
        },
        async resetPaperAccount() {
          await store.resetPaperAccount(startingBalances(config), clock.now());
          await followResets(paper);
        },
      },
      async snapshotContext(mode, contextTypes, symbols, payload) {
        await store.recordContextSnapshot({ mode, time: clock.now(), contextTypes, symbols, payload });
      },
      close: closeAll,
    };
    return app;
  } catch (error) {
    await closeAll();
    throw error;
  }
}
