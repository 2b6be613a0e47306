/**
 * exchangeInfo, fetched once per `ttlMs` (weight 10) and shared by the market data and the broker.
 * Each fetch also hands the exchange's own rate limits to the limiter.
 */
import type { Logger } from '../../log.js';
import { silentLogger } from '../../log.js';
import { BinanceCode, BinanceMessage, ExchangeRejection } from '../../model/errors.js';
import type { FeeRates, Market } from '../../model/market.js';
import type { Clock } from '../../ports/clock.js';
import { parseMarket, parseRateLimits } from './parse.js';
import type { ExchangeInfoRaw } from './raw-types.js';
import type { BinanceRestClient } from './rest-client.js';
import { WEIGHT } from './weights.js';

/** Binance.US's base-tier schedule, 0.1 % maker and taker; an account's own rates come from the broker. */
export const DEFAULT_PUBLISHED_FEES: FeeRates = { maker: '0.001', taker: '0.001' };

export interface ExchangeInfoOptions {
  ttlMs?: number;
  publishedFees?: FeeRates;
  logger?: Logger;
}

export class ExchangeInfoCache {
  private readonly ttlMs: number;
  private readonly fees: FeeRates;
  private readonly logger: Logger;
  private bySymbol = new Map<string, Market>();
  private fetchedAt = -Infinity;
  private inFlight: Promise<Map<string, Market>> | undefined;

  constructor(
    private readonly rest: BinanceRestClient,
    private readonly clock: Clock,
    options: ExchangeInfoOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.fees = options.publishedFees ?? DEFAULT_PUBLISHED_FEES;
    this.logger = options.logger ?? silentLogger();
  }

  async markets(): Promise<Market[]> {
    return [...(await this.load()).values()];
  }

  /** Unknown symbols are rejected as Binance rejects them (-1121). */
  async market(symbol: string): Promise<Market> {
    const market = (await this.load()).get(symbol);
    if (!market) throw new ExchangeRejection(BinanceCode.BAD_SYMBOL, BinanceMessage.INVALID_SYMBOL);
    return market;
  }

  /** Forgets the cached copy: the next call fetches again. */
  invalidate(): void {
    this.fetchedAt = -Infinity;
  }

  private load(): Promise<Map<string, Market>> {
    if (this.clock.now() - this.fetchedAt < this.ttlMs) return Promise.resolve(this.bySymbol);
    this.inFlight ??= this.fetch().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetch(): Promise<Map<string, Market>> {
    const raw = await this.rest.get<ExchangeInfoRaw>('/api/v3/exchangeInfo', undefined, WEIGHT.exchangeInfo);
    this.rest.limiter.setLimits(parseRateLimits(raw.rateLimits ?? []));
    const markets = new Map<string, Market>();
    for (const symbol of raw.symbols) {
      try {
        markets.set(symbol.symbol, parseMarket(symbol, this.fees));
      } catch (error) {
        // One odd symbol must not hide the other few hundred; it is left out and said so.
        this.logger.warn(
          { symbol: symbol.symbol, error: (error as Error).message },
          'binance-us symbol left out of the market list',
        );
      }
    }
    this.bySymbol = markets;
    this.fetchedAt = this.clock.now();
    return markets;
  }
}
