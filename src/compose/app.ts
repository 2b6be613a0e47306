/**
 * The composition root: the one place that knows which adapters stand behind the ports.
 * Market data from the operator's choice; a paper desk over the simulated broker, always; a live
 * desk over Binance.US only when the operator enabled live trading and gave keys. Each account's
 * venue is owned by one process on the journal (src/ownership): this one when it holds the lease,
 * else the desk forwards to the owner, and takes the account over when the owner goes away.
 */
import { TRADING_MODES } from '../model/trading-mode.js';
import type { App, LivePolicy } from '../app/app.js';
import { ContextService } from '../app/context-service.js';
import { ContextSnapshots } from '../app/context-snapshot.js';
import { PerformanceService } from '../app/performance-service.js';
import { liveAccountStart, paperAccountStart } from './account-start.js';
import { type Config, liveUnavailableReason } from '../config.js';
import { openMarketSource } from './market-source.js';
import { journalLimitsInForce } from './limits-in-force.js';
import { riskLimitsFrom } from './risk-limits.js';
import { liveConsentOf, livePolicyOf } from './live-policy.js';
import { journaledRiskStatus } from './offline-risk.js';
import { ownLiveAccount, ownPaperAccount } from './owned-accounts.js';
import { createBinanceUs, type BinanceUsBroker, type BinanceUsTuning } from '../exchanges/binance-us/index.js';
import { SimulatedBroker } from '../exchanges/simulator/simulated-broker.js';
import { scheduleDailySummary, startNotifications } from './notifications.js';
import { createLogger, type Logger } from '../log.js';
import { Ownership, type AccountSeat, type LeaseTiming } from '../ownership/index.js';
import type { Store, TradingMode } from '../ports/store.js';
import { ModeSwitches } from '../app/mode-switches.js';
import { accountHistory } from './account-history.js';
import { BacktestService } from '../backtest/service.js';
import { KyselyBacktestJournal, KyselyStrategyRunJournal, openKyselyStore } from '../store/index.js';
import { StrategyRuns } from '../app/strategy-runs.js';
import { VERSION } from '../version.js';

export interface CreateAppOptions {
  logger?: Logger;
  /** Binance.US client timing (recvWindow, timeouts, retries); the client's defaults when absent. Tests against the fake shorten them. */
  binance?: BinanceUsTuning;
  /** A server: the limits it enforces are journaled as the ones in force (the CLI's short-lived apps leave them). */
  serving?: boolean;
  /** Lease renewal and time to live (src/ownership); the defaults hand over within about 3 s. */
  leaseTiming?: LeaseTiming;
}

export { riskLimitsFrom } from './risk-limits.js';

/**
 * The App, and for the composition root's own callers (operator commands, tests) the journal itself;
 * the interfaces are typed against App, which reaches the journal only through its services.
 */
export interface ComposedApp extends App {
  readonly store: Store;
}

/** How often each account's equity is observed when nothing else happens, so the daily loss counts from 00:00 UTC. */
const EQUITY_WATCH_MS = 60_000;

function watchDailyLoss(seats: AccountSeat[], clock: { now(): number }, logger: Logger): NodeJS.Timeout {
  const timer = setInterval(() => {
    for (const seat of seats)
      seat
        .observe(clock.now())
        .catch((err: unknown) => logger.warn({ err }, 'could not observe equity for the daily loss'));
  }, EQUITY_WATCH_MS);
  timer.unref();
  return timer;
}

/**
 * A process that does not own an account takes it over when its owner dies; what the takeover
 * needs from the market first (every symbol's last price) is kept fresh here so the venue is
 * rebuilt in a fraction of a second instead of waiting for a cold market.
 */
const STANDBY_WARM_MS = 20_000;

function keepMarketWarm(marketData: { prices(): Promise<unknown> }, logger: Logger): NodeJS.Timeout {
  const warm = () =>
    void marketData.prices().catch((err: unknown) => logger.debug({ err }, 'could not warm the market prices'));
  warm();
  const timer = setInterval(warm, STANDBY_WARM_MS);
  timer.unref();
  return timer;
}

export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<ComposedApp> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse())
      await close().catch((err: unknown) => logger.error({ err }, 'error while closing'));
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
    const parts = { config, marketData, clock, logger, limits: riskLimitsFrom(config) };

    const unavailable = liveUnavailableReason(config);
    let liveBroker: BinanceUsBroker | undefined;
    if (unavailable === null) {
      const binance = source.binance?.broker
        ? source.binance
        : createBinanceUs({
            baseUrl: config.binanceBaseUrl,
            streamUrl: config.binanceStreamUrl,
            clock,
            logger,
            ...options.binance,
            credentials: { apiKey: config.binanceApiKey!, apiSecret: config.binanceApiSecret! },
          });
      if (binance !== source.binance) closers.push(() => binance.close());
      liveBroker = binance.broker!;
    }

    // One owner per account across every process on this journal; the others forward to it.
    const ownership = await Ownership.open({
      dataDir: config.dataDir,
      leases: store,
      store,
      clock,
      logger,
      ...(options.leaseTiming ? { timing: options.leaseTiming } : {}),
    });
    closers.push(() => ownership.close());
    const fromJournal = (mode: TradingMode) => () => journaledRiskStatus(store, config, mode, clock.now());
    const paper = await ownership.seat('paper', (own) => ownPaperAccount(parts, own), fromJournal('paper'));
    const live = liveBroker
      ? await ownership.seat('live', (own) => ownLiveAccount(parts, liveBroker, own), fromJournal('live'))
      : undefined;

    const livePolicy: LivePolicy = { ...livePolicyOf(config), consent: liveConsentOf(store, logger) };
    const seats = { paper, ...(live ? { live } : {}) };
    if (options.serving)
      await journalLimitsInForce(store, live ? TRADING_MODES : ['paper' as const], parts.limits, clock.now());
    const watch = watchDailyLoss(Object.values(seats), clock, logger);
    closers.push(async () => clearInterval(watch));
    const warm = keepMarketWarm(marketData, logger);
    closers.push(async () => clearInterval(warm));
    // Fees depend on the market's schedule (paper) or the account (live), never on who owns the venue.
    const paperFees = new SimulatedBroker({ marketData, clock, balances: [], logger });
    closers.push(() => paperFees.close());
    const market = new ContextService(marketData, liveBroker ?? paperFees);
    const snapshots = new ContextSnapshots(
      store,
      clock,
      { full: config.snapshotFull, retentionDays: config.snapshotRetentionDays },
      logger,
    );
    const stopPruning = snapshots.pruneDaily();
    closers.push(async () => stopPruning());
    const startedAt = clock.now();
    const strategyRuns = new StrategyRuns({
      desks: seats,
      market,
      trades: marketData,
      clock,
      journal: new KyselyStrategyRunJournal(store.database),
      live: livePolicy,
      logger,
      notify: (event) => notifications.notifier.emit(event),
    });
    closers.push(() => strategyRuns.close());
    if (options.serving) {
      // Runs left running by the last process go on from their last processed bar.
      const { resumed, stopped } = await strategyRuns.resumeAll();
      if (resumed.length + stopped.length > 0) logger.info({ resumed, stopped }, 'strategy runs at start-up');
      strategyRuns.startTimer({ resume: true });
    }
    const performanceOf = (desk: AccountSeat, accountStart: () => Promise<number | null>) =>
      new PerformanceService({ mode: desk.mode, journal: store, market, desk, clock, accountStart });
    const performance = {
      paper: performanceOf(paper, paperAccountStart(store)),
      ...(live ? { live: performanceOf(live, liveAccountStart(store)) } : {}),
    };

    const summary = scheduleDailySummary(config, notifications.notifier, performance, clock, logger);
    closers.push(() => summary.stop());
    const app: ComposedApp = {
      version: VERSION,
      startedAt,
      clock,
      logger,
      store,
      market,
      history: accountHistory(store),
      modeSwitches: new ModeSwitches(store, clock),
      desks: seats,
      live: livePolicy,
      operator: {
        async resetBreaker(mode) {
          const seat = seats[mode];
          if (!seat) throw new Error(`there is no ${mode} account: ${unavailable}`);
          await seat.resetBreaker('operator');
        },
        resetPaperAccount: () => paper.resetPaperAccount(),
      },
      owners: () => ownership.owners(),
      performance,
      snapshotContext: (mode, contextTypes, symbols, payload) => snapshots.record(mode, contextTypes, symbols, payload),
      backtests: new BacktestService(new KyselyBacktestJournal(store.database), {
        riskLimits: parts.limits,
        clock,
        syntheticSeed: config.syntheticSeed,
        ...(config.market.kind === 'replay' ? { replayPath: config.market.path } : {}),
      }),
      strategyRuns,
      close: closeAll,
    };
    return app;
  } catch (error) {
    await closeAll();
    throw error;
  }
}
