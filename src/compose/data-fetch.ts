/**
 * `binance-mcp data fetch`: Binance.US klines (the live client's public REST, its rate limiter and
 * Retry-After handling; no API keys) into the kline cache that `--market replay:PATH` reads.
 */
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Interval } from '../model/candle.js';
import type { Clock } from '../ports/clock.js';
import { createBinanceUs, type BinanceUsTuning } from '../exchanges/binance-us/index.js';
import { KlineCache } from '../exchanges/replay/kline-cache.js';
import { fetchKlines, type FetchKlinesRequest, type FetchKlinesResult } from '../exchanges/replay/kline-fetch.js';

/** Where `data fetch` writes by default, and what `--market replay:` should name to read it all. */
export function klineCacheRoot(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'klines');
}

export async function fetchKlinesIntoCache(
  config: Pick<Config, 'binanceBaseUrl' | 'binanceStreamUrl' | 'dataDir'>,
  request: FetchKlinesRequest & { interval: Interval; out?: string | undefined },
  deps: { clock: Clock; logger?: Logger; tuning?: BinanceUsTuning },
): Promise<FetchKlinesResult> {
  const binance = createBinanceUs({
    baseUrl: config.binanceBaseUrl,
    streamUrl: config.binanceStreamUrl,
    clock: deps.clock,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...deps.tuning,
  });
  try {
    const cache = new KlineCache(request.out ?? klineCacheRoot(config));
    return await fetchKlines(binance.marketData, cache, deps.clock, request);
  } finally {
    await binance.close();
  }
}
