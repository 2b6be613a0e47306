import type { MarketContext, TradingDesk } from '../app/api.js';
import type { App, LiveRules } from '../app/app.js';
import type { BacktestService } from '../backtest/service.js';
import type { Logger } from '../log.js';
import type { Store, TradingMode } from '../ports/store.js';

/**
 * An App whose parts come up in the background: an MCP host's handshake and tools/list are
 * answered at once, while the journal and the market open; every call made before then waits for
 * them. What the handshake needs (version, live policy, market source) is known from the
 * configuration alone.
 */
export function deferredApp(ready: Promise<App>, known: { version: string; live: LiveRules; marketSource: string; storeDialect: Store['dialect']; logger: Logger; now: () => number }): App {
  let real: App | undefined;
  void ready.then((app) => {
    real = app;
  }, () => undefined);

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
          const target = part(await ready) as Record<PropertyKey, (...a: unknown[]) => unknown>;
          return target[property]!(...args);
        };
      },
    });
  }

  const desk = (mode: TradingMode) => forward<TradingDesk>((app) => app.desks[mode]!, { mode });
  const market = forward<MarketContext>((app) => app.market, {
    source: known.marketSource,
    status: () => real?.market.status() ?? { state: 'unavailable', message: `${known.marketSource} market data is starting` },
  });
  const startedAt = known.now();

  return {
    version: known.version,
    startedAt,
    clock: { now: () => real?.clock.now() ?? known.now() },
    logger: known.logger,
    store: forward<Store>((app) => app.store, { dialect: known.storeDialect }),
    market,
    desks: { paper: desk('paper'), ...(known.live.available ? { live: desk('live') } : {}) },
    live: { ...known.live, consent: forward((app) => app.live.consent) },
    operator: forward((app) => app.operator),
    backtests: forward<BacktestService>((app) => app.backtests),
    snapshotContext: async (...args) => (await ready).snapshotContext(...args),
    close: async () => (await ready).close(),
  };
}
