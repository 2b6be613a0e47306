/** Wiring of the Binance.US adapters: one REST client, limiter and exchangeInfo cache shared by all. */
import type { Logger } from '../../log.js';
import { silentLogger } from '../../log.js';
import type { Clock } from '../../ports/clock.js';
import { ExchangeInfoCache } from './exchange-info.js';
import { BinanceUsBroker } from './live-broker.js';
import { BinanceUsMarketData } from './live-market-data.js';
import { RateLimiter } from './rate-limiter.js';
import { BinanceRestClient, type BinanceCredentials } from './rest-client.js';
import { MarketStreams } from './streams.js';

export { BinanceUsBroker } from './live-broker.js';
export { BinanceUsMarketData } from './live-market-data.js';
export { BinanceRestClient, TransportError, type BinanceCredentials } from './rest-client.js';
export { RateLimiter, RateLimited } from './rate-limiter.js';
export { MarketStreams } from './streams.js';
export { ExchangeInfoCache, DEFAULT_PUBLISHED_FEES } from './exchange-info.js';
export { reconcileWithExchange, type ReconcileReport, type ReconcileStore } from './reconcile.js';
export { probeBinanceUs } from './probe.js';

export interface BinanceUsSetup {
  baseUrl: string;
  streamUrl: string;
  clock: Clock;
  credentials?: BinanceCredentials;
  logger?: Logger;
  recvWindow?: number;
  timeoutMs?: number;
  /** Extra attempts for reads after a network error or 5xx (default 3). */
  readRetries?: number;
  /** First back-off between read attempts, doubling each time (default 250 ms). */
  retryBaseMs?: number;
  /** Lag allowance of order queries: a lost order is proved absent only this long after its recvWindow (default 10 s). */
  settleMarginMs?: number;
  /** First pause between lookups of a lost order (default 250 ms). */
  lookupIntervalMs?: number;
  /** Polling of open orders while the user-data stream is down (default 5000 ms). */
  pollIntervalMs?: number;
}

/** The client's timing knobs, for callers that pass them through (compose, tests against the fake). */
export type BinanceUsTuning = Pick<
  BinanceUsSetup,
  'recvWindow' | 'timeoutMs' | 'readRetries' | 'retryBaseMs' | 'settleMarginMs' | 'lookupIntervalMs' | 'pollIntervalMs'
>;

export interface BinanceUsAdapters {
  rest: BinanceRestClient;
  exchangeInfo: ExchangeInfoCache;
  marketData: BinanceUsMarketData;
  /** Present only with credentials. */
  broker: BinanceUsBroker | undefined;
  close(): Promise<void>;
}

export function createBinanceUs(setup: BinanceUsSetup): BinanceUsAdapters {
  const logger = setup.logger ?? silentLogger();
  const limiter = new RateLimiter({ clock: setup.clock });
  const rest = new BinanceRestClient({
    baseUrl: setup.baseUrl,
    clock: setup.clock,
    credentials: setup.credentials,
    limiter,
    logger,
    recvWindow: setup.recvWindow,
    timeoutMs: setup.timeoutMs,
    readRetries: setup.readRetries,
    retryBaseMs: setup.retryBaseMs,
  });
  const exchangeInfo = new ExchangeInfoCache(rest, setup.clock, { logger });
  const streams = new MarketStreams({ streamUrl: setup.streamUrl, logger, now: () => setup.clock.now() });
  const marketData = new BinanceUsMarketData({ rest, exchangeInfo, clock: setup.clock, streams, logger });
  const broker = setup.credentials
    ? new BinanceUsBroker({
        rest,
        exchangeInfo,
        clock: setup.clock,
        logger,
        streamUrl: setup.streamUrl,
        settleMarginMs: setup.settleMarginMs,
        lookupIntervalMs: setup.lookupIntervalMs,
        pollIntervalMs: setup.pollIntervalMs,
      })
    : undefined;
  return {
    rest,
    exchangeInfo,
    marketData,
    broker,
    async close() {
      await broker?.close();
      await marketData.close();
      limiter.close();
    },
  };
}
