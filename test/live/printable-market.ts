/**
 * The fake venue's market: seeded synthetic data, plus public trades the test prints itself, so a
 * resting order can be filled on cue (a trade through its price) instead of waiting for the tape.
 */
import type { SyntheticMarketData } from '../../src/exchanges/synthetic/synthetic-market-data.js';
import type { TradeTick } from '../../src/model/market-snapshot.js';
import type { Decimal } from '../../src/model/money.js';
import type { Clock } from '../../src/ports/clock.js';
import type { CandleQuery, MarketData, Unsubscribe } from '../../src/ports/market-data.js';
import type { Interval } from '../../src/model/candle.js';

interface Listener {
  symbols: Set<string>;
  listener: (trade: TradeTick) => void;
}

export class PrintableMarket implements MarketData {
  readonly source: string;
  private readonly listeners = new Set<Listener>();
  private readonly subscribedWaiters = new Set<{ symbol: string; resolve: () => void }>();
  /** Listeners of the venue itself (its public trade tape), which `subscribed` does not count. */
  private readonly own = new Set<Listener>();

  constructor(
    private readonly inner: SyntheticMarketData,
    private readonly clock: Clock,
  ) {
    this.source = inner.source;
  }

  /** A public trade at `price` for `qty`, delivered at once to every subscriber of the symbol. */
  print(symbol: string, price: Decimal, qty: Decimal): void {
    const tick: TradeTick = { symbol, price, qty, time: this.clock.now(), buyerIsMaker: true };
    for (const l of [...this.listeners]) if (l.symbols.has(symbol)) l.listener(tick);
  }

  /** Resolves once someone (the fake's trade stream) listens to the symbol's trades: a print then reaches it. */
  /** From now on `subscribed` waits for listeners other than those subscribed so far (the venue's own). */
  ignoreCurrentListeners(): void {
    for (const entry of this.listeners) this.own.add(entry);
  }

  subscribed(symbol: string): Promise<void> {
    if ([...this.listeners].some((l) => !this.own.has(l) && l.symbols.has(symbol))) return Promise.resolve();
    return new Promise((resolve) => this.subscribedWaiters.add({ symbol, resolve }));
  }

  subscribeTrades(symbols: string[], listener: (trade: TradeTick) => void): Unsubscribe {
    const stopInner = this.inner.subscribeTrades(symbols, listener);
    const entry: Listener = { symbols: new Set(symbols), listener };
    this.listeners.add(entry);
    for (const waiter of [...this.subscribedWaiters]) {
      if (entry.symbols.has(waiter.symbol)) {
        this.subscribedWaiters.delete(waiter);
        waiter.resolve();
      }
    }
    return () => {
      stopInner();
      this.listeners.delete(entry);
    };
  }

  markets() {
    return this.inner.markets();
  }
  market(symbol: string) {
    return this.inner.market(symbol);
  }
  tickers24h(symbols?: string[]) {
    return this.inner.tickers24h(symbols);
  }
  prices(symbols?: string[]) {
    return this.inner.prices(symbols);
  }
  bookTickers(symbols?: string[]) {
    return this.inner.bookTickers(symbols);
  }
  averagePrice(symbol: string) {
    return this.inner.averagePrice(symbol);
  }
  orderBook(symbol: string, limit?: number) {
    return this.inner.orderBook(symbol, limit);
  }
  candles(symbol: string, interval: Interval, query?: CandleQuery) {
    return this.inner.candles(symbol, interval, query);
  }
  status() {
    return this.inner.status();
  }
  close() {
    return this.inner.close();
  }
}
