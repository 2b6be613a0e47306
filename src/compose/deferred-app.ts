import type { MarketContext, TradingDesk } from '../app/api.js';
import type { App, LiveRules } from '../app/app.js';
import { AppUnavailable } from '../app/unavailable.js';
import type { BacktestService } from '../backtest/service.js';
import type { StrategyRuns } from '../app/strategy-runs.js';
import type { PerformanceService } from '../app/performance-service.js';
import type { Logger } from '../log.js';
import type { TradingMode } from '../ports/store.js';

/** Waits between start attempts after a failure: quick at first, then once a minute. */
const RETRY_MS = [2_000, 5_000, 15_000, 30_000, 60_000];

/**
 * Keeps trying to start the App in the background until it comes up. While it is down, `failure`
 * says why (and how to fix it); a caller may ask for a fresh attempt with `retryNow`.
 */
export interface BackgroundStart {
  readonly ready: Promise<App>;
  failure(): AppUnavailable | undefined;
  /** The attempt in flight, or a new one when the last one failed; settles when it ends, either way. */
  retryNow(): Promise<void>;
  /** The attempt in flight (or nothing); settles when it ends, either way. */
  current(): Promise<void>;
  stop(): void;
}

export function startInBackground(
  start: () => Promise<App>,
  options: {
    explain: (error: unknown) => string;
    logger: Logger;
    onFailure?: (message: string, attempt: number) => void;
    retryMs?: readonly number[];
  },
): BackgroundStart {
  const waits = options.retryMs ?? RETRY_MS;
  let resolveReady!: (app: App) => void;
  const ready = new Promise<App>((resolve) => (resolveReady = resolve));
  let failure: AppUnavailable | undefined;
  let inFlight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let attempts = 0;
  let stopped = false;
  let started = false;

  const attempt = (): Promise<void> => {
    if (inFlight) return inFlight;
    if (timer) clearTimeout(timer);
    timer = undefined;
    attempts += 1;
    inFlight = start().then(
      (app) => {
        inFlight = undefined;
        if (stopped) {
          void app.close();
          return;
        }
        if (failure) options.logger.info({ attempts }, 'started after earlier failures');
        failure = undefined;
        started = true;
        resolveReady(app);
      },
      (error: unknown) => {
        inFlight = undefined;
        failure = new AppUnavailable(options.explain(error));
        options.onFailure?.(failure.message, attempts);
        options.logger.warn(
          { err: error instanceof Error ? { name: error.name, message: error.message } : String(error), attempts },
          'could not start; retrying',
        );
        if (!stopped) {
          timer = setTimeout(() => void attempt(), waits[Math.min(attempts - 1, waits.length - 1)]);
          timer.unref();
        }
      },
    );
    return inFlight;
  };
  void attempt();

  return {
    ready,
    failure: () => failure,
    retryNow: () => (started || stopped ? Promise.resolve() : attempt()),
    current: () => inFlight ?? Promise.resolve(),
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/**
 * An App whose parts come up in the background: an MCP host's handshake and tools/list are
 * answered at once, while the journal and the market open; every call made before then waits for
 * them. What the handshake needs (version, live policy, market source) is known from the
 * configuration alone. With a BackgroundStart, a call made while the start keeps failing gets a
 * fresh attempt and, when that fails too, the reason and the fix (AppUnavailable) at once.
 */
export function deferredApp(
  ready: Promise<App> | BackgroundStart,
  known: {
    version: string;
    live: LiveRules;
    marketSource: string;
    logger: Logger;
    now: () => number;
  },
): App {
  const starter = ready instanceof Promise ? undefined : ready;
  const appReady = starter ? starter.ready : (ready as Promise<App>);
  let real: App | undefined;
  void appReady.then(
    (app) => {
      real = app;
    },
    () => undefined,
  );

  async function whenReady(): Promise<App> {
    if (real || !starter) return appReady;
    await (starter.failure() ? starter.retryNow() : starter.current());
    const failure = starter.failure();
    if (failure) throw failure;
    return appReady;
  }

  /** Forwards every method call to the part once the app is ready; `then` stays undefined so the proxy is not mistaken for a promise. */
  function forward<T extends object>(part: (app: App) => T, sync: Partial<T> = {}): T {
    return new Proxy(sync as T, {
      get(target, property) {
        if (property in target) return (target as Record<PropertyKey, unknown>)[property];
        if (property === 'then' || typeof property === 'symbol') return undefined;
        if (real) {
          const value = (part(real) as Record<PropertyKey, unknown>)[property];
          return typeof value === 'function' ? value.bind(part(real)) : value;
        }
        return async (...args: unknown[]) => {
          const target = part(await whenReady()) as Record<PropertyKey, (...a: unknown[]) => unknown>;
          return target[property]!(...args);
        };
      },
    });
  }

  const desk = (mode: TradingMode) => forward<TradingDesk>((app) => app.desks[mode]!, { mode });
  const market = forward<MarketContext>((app) => app.market, {
    source: known.marketSource,
    status: () =>
      real?.market.status() ?? {
        state: 'unavailable',
        message: starter?.failure()?.message ?? `${known.marketSource} market data is starting`,
      },
  });
  const startedAt = known.now();

  return {
    version: known.version,
    startedAt,
    clock: { now: () => real?.clock.now() ?? known.now() },
    logger: known.logger,
    market,
    history: forward((app) => app.history),
    modeSwitches: forward((app) => app.modeSwitches),
    desks: { paper: desk('paper'), ...(known.live.available ? { live: desk('live') } : {}) },
    live: { ...known.live, consent: forward((app) => app.live.consent) },
    operator: forward((app) => app.operator),
    backtests: forward<BacktestService>((app) => app.backtests),
    strategyRuns: forward<StrategyRuns>((app) => app.strategyRuns),
    performance: {
      paper: forward<PerformanceService>((app) => app.performance.paper, { mode: 'paper' }),
      ...(known.live.available
        ? { live: forward<PerformanceService>((app) => app.performance.live!, { mode: 'live' }) }
        : {}),
    },
    owners: () => real?.owners?.() ?? {},
    snapshotContext: async (...args) => (await whenReady()).snapshotContext(...args),
    close: async () => {
      if (real) return real.close();
      if (!starter) return (await appReady).close();
      starter.stop();
      await starter.current();
      if (real) await (real as App).close();
    },
  };
}
