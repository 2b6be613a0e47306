import type { Config } from '../config.js';
import { SystemClock } from '../clock/index.js';
import {
  createBinanceUs,
  probeBinanceUs,
  type BinanceUsAdapters,
  type BinanceUsTuning,
} from '../exchanges/binance-us/index.js';
import { openReplay } from '../exchanges/replay/index.js';
import { SyntheticMarketData } from '../exchanges/synthetic/index.js';
import type { Logger } from '../log.js';
import type { Clock } from '../ports/clock.js';
import type { MarketData } from '../ports/market-data.js';

export interface MarketSource {
  marketData: MarketData;
  /** The clock everything runs on: the system clock, or the replay's simulated clock. */
  clock: Clock;
  /** Present when the market is Binance.US (live public data), so the live broker can share its client. */
  binance?: BinanceUsAdapters;
  close(): Promise<void>;
}

export class MarketUnavailable extends Error {}

/** Opens the market data the operator chose: live Binance.US public data, synthetic, or a replay. */
export async function openMarketSource(
  config: Config,
  logger: Logger,
  tuning: BinanceUsTuning = {},
): Promise<MarketSource> {
  const market = config.market;
  if (market.kind === 'synthetic') {
    const clock = new SystemClock();
    const marketData = new SyntheticMarketData(clock, { seed: config.syntheticSeed });
    marketData.start();
    return { marketData, clock, close: () => marketData.close() };
  }
  if (market.kind === 'replay') {
    const replay = await openReplay(market.path, { warmup: config.replayWarmup, speed: config.replaySpeed });
    replay.start();
    return { marketData: replay, clock: replay.clock, close: () => replay.close() };
  }
  const problem = await probeBinanceUs(config.binanceBaseUrl);
  if (problem) throw new MarketUnavailable(problem);
  const clock = new SystemClock();
  const binance = createBinanceUs({
    baseUrl: config.binanceBaseUrl,
    streamUrl: config.binanceStreamUrl,
    clock,
    logger,
    ...tuning,
    ...(config.binanceApiKey && config.binanceApiSecret
      ? { credentials: { apiKey: config.binanceApiKey, apiSecret: config.binanceApiSecret } }
      : {}),
  });
  return { marketData: binance.marketData, clock, binance, close: () => binance.close() };
}
