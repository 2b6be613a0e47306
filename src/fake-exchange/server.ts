import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SystemClock } from '../clock/system-clock.js';
import { silentLogger, type Logger } from '../log.js';
import type { Balance } from '../model/balance.js';
import type { Broker } from '../ports/broker.js';
import type { Clock } from '../ports/clock.js';
import type { MarketData } from '../ports/market-data.js';
import { createAdmin } from './admin.js';
import { buildDefaultVenue } from './default-venue.js';
import { FaultInjector } from './faults.js';
import { marketRoutes } from './market-routes.js';
import { MarketStreamHub } from './market-streams.js';
import { orderListRoutes } from './order-list-routes.js';
import { ClientIdRegistry } from './order-registry.js';
import { DEFAULT_LIMITS, FakeRateLimiter, type FakeLimits } from './rate-limits.js';
import { createRestHandler } from './rest-server.js';
import { randomAlphanumeric } from './signing.js';
import { FakeExchangeStats } from './stats.js';
import { TradeTape } from './trade-tape.js';
import { tradingRoutes } from './trading-routes.js';
import { UserDataHub } from './user-data.js';
import { WireIds } from './wire-ids.js';
import { attachWebsockets } from './ws-server.js';

export interface FakeExchangeOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: '127.0.0.1' (default) or '::1'. */
  host?: string;
  /** Made up (64 random alphanumerics, like Binance's) when absent. */
  apiKey?: string | undefined;
  apiSecret?: string | undefined;
  /** Built with the market data when absent: a simulated broker with 10,000 USD. */
  broker?: Broker;
  /** SyntheticMarketData (seed 42, pumping trades every 250 ms) when absent. */
  marketData?: MarketData;
  clock?: Clock;
  /** The built-in broker's account (default 10,000 USD); ignored when a broker is given. */
  startingBalances?: Balance[];
  limits?: Partial<FakeLimits> | undefined;
  /** For 5xx / timeout probabilities; Math.random by default. */
  random?: (() => number) | undefined;
  logger?: Logger;
}

export interface FakeExchange {
  /** REST base, e.g. http://127.0.0.1:41234 (what BINANCE_BASE_URL should be). */
  url: string;
  /** Websocket base, e.g. ws://127.0.0.1:41234 (what BINANCE_STREAM_URL should be). */
  wsUrl: string;
  apiKey: string;
  apiSecret: string;
  /** True when the key pair was made up here (print it; never print one the user gave). */
  generatedKeys: boolean;
  faults: FaultInjector;
  stats: FakeExchangeStats;
  broker: Broker;
  marketData: MarketData;
  /** The exchange's own clock: the injected clock plus any injected skew. */
  serverTime(): number;
  resetRateLimits(): void;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Starts a local server that speaks the Binance.US REST and websocket protocol over the given Broker and MarketData. */
export async function startFakeExchange(options: FakeExchangeOptions = {}): Promise<FakeExchange> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host))
    throw new RangeError(`the fake exchange listens on loopback only (127.0.0.1 or ::1), not ${host}`);
  const clock = options.clock ?? new SystemClock();
  const logger = options.logger ?? silentLogger();
  const generatedKeys = options.apiKey === undefined || options.apiSecret === undefined;
  const apiKey = options.apiKey ?? randomAlphanumeric(64);
  const apiSecret = options.apiSecret ?? randomAlphanumeric(64);

  if (options.broker && !options.marketData)
    throw new TypeError('startFakeExchange: pass the MarketData your broker trades on along with the broker');
  const venue = options.broker
    ? undefined
    : await buildDefaultVenue(clock, options.marketData, options.startingBalances);
  const marketData = options.marketData ?? venue!.marketData;
  const broker = options.broker ?? venue!.broker;

  const faults = new FaultInjector(options.random);
  const stats = new FakeExchangeStats();
  const limiter = new FakeRateLimiter({ ...DEFAULT_LIMITS, ...options.limits });
  const serverTime = () => clock.now() + faults.clockSkewMs;
  const ids = new WireIds();
  const userData = new UserDataHub(broker, marketData, ids, stats, serverTime);
  const stopUpdates = broker.onOrderUpdate((update) => {
    userData.report(update.order, update.fills);
    if (update.list) userData.reportList(update.list);
  });
  const stopExpiring = faults.onExpireListenKeys(() => userData.expireAll());

  const tape = new TradeTape(marketData, logger);
  await tape.start();
  const trading = {
    broker,
    marketData,
    ids,
    registry: new ClientIdRegistry(),
    userData,
    stats,
    faults,
    limiter,
    venueNow: () => clock.now(),
  };
  const rest = createRestHandler({
    routes: [
      ...marketRoutes(marketData, limiter, tape),
      ...tradingRoutes(trading),
      ...orderListRoutes({ ...trading, listIds: new ClientIdRegistry() }),
    ],
    limiter,
    faults,
    stats,
    credentials: { apiKey, apiSecret },
    serverTime,
    logger,
    admin: createAdmin({ faults, stats, limiter }),
  });
  const server = createServer(rest.handle);
  const market = new MarketStreamHub(marketData, serverTime, logger);
  const websockets = attachWebsockets({ server, market, userData, faults, stats, logger });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed = false;

  return {
    url: `http://${hostPart}:${address.port}`,
    wsUrl: `ws://${hostPart}:${address.port}`,
    apiKey,
    apiSecret,
    generatedKeys,
    faults,
    stats,
    broker,
    marketData,
    serverTime,
    resetRateLimits: () => limiter.reset(),
    close: async () => {
      if (closed) return;
      closed = true;
      stopUpdates();
      stopExpiring();
      tape.close();
      market.close();
      rest.destroyHeld();
      await websockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (venue) await venue.close();
    },
  };
}
