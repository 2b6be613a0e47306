/**
 * MarketData over simulated tapes: the part synthetic and replay share. Everything a caller sees
 * (prices, candles, tickers, books, trade ticks) is read from one tape per symbol at the clock's
 * time, so it is consistent by construction. Trade ticks are delivered by pump() (every tick
 * between the previous pump and now) or by a timer started with start().
 */
import type { Candle, Interval } from '../../model/candle.js';
import { isInterval } from '../../model/candle.js';
import { BinanceCode, BinanceMessage, ExchangeRejection, InvalidInput } from '../../model/errors.js';
import type { PriceBounds } from '../../model/filters.js';
import type { Market } from '../../model/market.js';
import { AVERAGE_PRICE_DECIMALS, averagePriceMinutes } from '../../model/average-price.js';
import type {
  AveragePrice,
  BookTicker,
  OrderBook,
  PriceTick,
  Ticker24h,
  TradeTick,
} from '../../model/market-snapshot.js';
import type { Clock } from '../../ports/clock.js';
import type {
  CandleQuery,
  MarketData,
  MarketDataStatus,
  UnitBookSource,
  Unsubscribe,
} from '../../ports/market-data.js';
import { NO_LEVELS, type UnitOrderBook } from '../../model/unit-book.js';
import { bookText, MAX_BOOK_LEVELS, topOfBook, unitBook, type BookShape } from './book.js';
import type { PriceTape, TapeTrade, TradeTotals } from './tape.js';
import { tapeCandles, tapeTicker } from './tape-views.js';
import { formatUnits } from './units.js';

export interface TapeListing {
  market: Market;
  tape: PriceTape;
  book: BookShape;
}

interface Subscription {
  symbols: string[];
  listener: (trade: TradeTick) => void;
  since: number;
}

/** A pump never replays more than this much history at once (a clock that jumps days skips ahead). */
export const MAX_CATCH_UP_MS = 86_400_000;
const PUMP_WINDOW_MS = 60_000;
const DEFAULT_BOOK_LIMIT = 100;

export abstract class TapeMarketData implements MarketData, UnitBookSource {
  abstract readonly source: string;
  private readonly subscriptions = new Set<Subscription>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  protected constructor(
    protected readonly listings: ReadonlyMap<string, TapeListing>,
    readonly clock: Clock,
    private readonly onListenerError: (error: unknown) => void = () => undefined,
  ) {}

  abstract status(): MarketDataStatus;

  async markets(): Promise<Market[]> {
    return [...this.listings.values()].map((l) => structuredClone(l.market));
  }

  async market(symbol: string): Promise<Market> {
    return this.marketCopy(symbol);
  }

  /** market(symbol), synchronously. */
  marketCopy(symbol: string): Market {
    return structuredClone(this.listing(symbol).market);
  }

  /** The price prices([symbol]) answers for it, synchronously; undefined before its first trade. */
  lastPrice(symbol: string): string | undefined {
    const l = this.listing(symbol);
    const last = l.tape.lastTrade(this.timeOf(l));
    return last ? formatUnits(last.price, l.tape.priceDecimals) : undefined;
  }

  async tickers24h(symbols?: string[]): Promise<Ticker24h[]> {
    return this.select(symbols).flatMap(([symbol, l]) => {
      const now = this.timeOf(l);
      const last = l.tape.lastTrade(now);
      return last ? [tapeTicker(symbol, l.tape, now, last, topOfBook(l.book, last.price, now))] : [];
    });
  }

  async prices(symbols?: string[]): Promise<PriceTick[]> {
    return this.select(symbols).flatMap(([symbol, l]) => {
      const last = l.tape.lastTrade(this.timeOf(l));
      return last ? [{ symbol, price: formatUnits(last.price, l.tape.priceDecimals), time: last.time }] : [];
    });
  }

  async bookTickers(symbols?: string[]): Promise<BookTicker[]> {
    return this.select(symbols).flatMap(([symbol, l]) => {
      const now = this.timeOf(l);
      const last = l.tape.lastTrade(now);
      if (!last) return [];
      const top = topOfBook(l.book, last.price, now);
      const pd = l.tape.priceDecimals;
      const qd = l.tape.qtyDecimals;
      return [
        {
          symbol,
          bidPrice: formatUnits(top.bid, pd),
          bidQty: formatUnits(top.bidQty, qd),
          askPrice: formatUnits(top.ask, pd),
          askQty: formatUnits(top.askQty, qd),
        },
      ];
    });
  }

  async orderBook(symbol: string, limit = DEFAULT_BOOK_LIMIT): Promise<OrderBook> {
    return bookText(this.unitBookAt(symbol, limit));
  }

  /** The same book as orderBook, in integer units, each side made as far as it is read (for the simulator). */
  async orderBookUnits(symbol: string, limit = DEFAULT_BOOK_LIMIT): Promise<UnitOrderBook> {
    return this.unitBookAt(symbol, limit);
  }

  /** orderBookUnits, synchronously. */
  unitBookAt(symbol: string, limit: number): UnitOrderBook {
    const l = this.listing(symbol);
    if (!Number.isInteger(limit) || limit < 1)
      throw new InvalidInput('limit', `${limit} is not a positive integer`, `1..${MAX_BOOK_LEVELS}`);
    const now = this.timeOf(l);
    const last = l.tape.lastTrade(now);
    const { priceDecimals, qtyDecimals } = l.book;
    if (!last)
      return {
        kind: 'units',
        symbol,
        lastUpdateId: 0,
        time: now,
        priceDecimals,
        qtyDecimals,
        depth: 0,
        bids: NO_LEVELS,
        asks: NO_LEVELS,
      };
    return unitBook(l.book, last.price, now, Math.min(limit, MAX_BOOK_LEVELS));
  }

  /**
   * As Binance computes it (CHANGELOG, "Explanation for the average price calculation"): the sum of
   * price x qty over the sum of qty of the trades in the last `mins` minutes; with none in that
   * window, the last trade's price; with no trade at all, no price ("0": market orders cannot pass).
   * Rounded down to 8 decimals, as avgPrice answers.
   */
  async averagePrice(symbol: string): Promise<AveragePrice> {
    return this.averagePriceNow(symbol);
  }

  /** averagePrice, synchronously. */
  averagePriceNow(symbol: string): AveragePrice {
    const l = this.listing(symbol);
    const now = this.timeOf(l);
    const mins = averagePriceMinutes(l.market);
    const last = l.tape.lastTrade(now);
    if (!last) return { symbol, mins, price: '0', closeTime: 0 };
    let qty = 0n;
    let quote = 0n;
    if (mins > 0) {
      // Summed in plain numbers while every product and sum stays a safe integer (exact), else in bigint.
      const from = now - mins * 60_000;
      const totals = l.tape.tradeTotals ? l.tape.tradeTotals(from, now) : safeTotals(l.tape, from, now);
      if (totals) {
        qty = BigInt(totals.qty);
        quote = BigInt(totals.quote);
      } else {
        l.tape.trades(from, now, (t) => {
          qty += BigInt(t.qty);
          quote += BigInt(t.price) * BigInt(t.qty);
        });
      }
    }
    const pd = l.tape.priceDecimals;
    if (qty === 0n) return { symbol, mins, price: formatUnits(last.price, pd), closeTime: last.time };
    // quote / qty is in 10^-pd units; scaled to 10^-8 units and floored.
    const shift = AVERAGE_PRICE_DECIMALS - pd;
    const units = shift >= 0 ? (quote * 10n ** BigInt(shift)) / qty : quote / (qty * 10n ** BigInt(-shift));
    return { symbol, mins, price: fromScaled(units, AVERAGE_PRICE_DECIMALS), closeTime: last.time };
  }

  /**
   * Bounds of averagePriceNow(symbol).price found from the tape's price range over the window,
   * without summing its trades; null where the tape has no cheap range (or the price is the last
   * trade's). Within: the average of trades in the window lies between their lowest and highest
   * price, and the last trade is among them whenever any candle in the window has volume (it is
   * the latest such candle's), which is when the range is known.
   */
  averagePriceBounds(symbol: string): PriceBounds | null {
    const l = this.listing(symbol);
    const mins = averagePriceMinutes(l.market);
    if (mins <= 0 || !l.tape.priceRange) return null;
    const now = this.timeOf(l);
    const range = l.tape.priceRange(now - mins * 60_000, now);
    if (!range) return null;
    const pd = l.tape.priceDecimals;
    // The average is cut to AVERAGE_PRICE_DECIMALS: where prices have more decimals, so is its lower bound.
    const cut = pd > AVERAGE_PRICE_DECIMALS ? 10 ** (pd - AVERAGE_PRICE_DECIMALS) : 1;
    return { low: Math.floor(range.low / cut) * cut, high: range.high, decimals: pd };
  }

  async candles(symbol: string, interval: Interval, query: CandleQuery = {}): Promise<Candle[]> {
    const l = this.listing(symbol);
    if (!isInterval(interval)) throw new ExchangeRejection(BinanceCode.BAD_INTERVAL, 'Invalid interval.');
    return tapeCandles(l.tape, interval, this.timeOf(l), query);
  }

  subscribeTrades(symbols: string[], listener: (trade: TradeTick) => void): Unsubscribe {
    for (const symbol of symbols) this.listing(symbol);
    const subscription: Subscription = { symbols: [...new Set(symbols)], listener, since: this.clock.now() };
    this.subscriptions.add(subscription);
    return () => {
      this.subscriptions.delete(subscription);
    };
  }

  /** Deliver every trade between the previous pump (or the subscription) and now. Returns how many were delivered. */
  pump(): number {
    if (this.closed) return 0;
    const now = this.clock.now();
    let delivered = 0;
    for (const subscription of [...this.subscriptions]) {
      let from = Math.max(subscription.since, now - MAX_CATCH_UP_MS);
      subscription.since = now;
      while (from < now && this.subscriptions.has(subscription)) {
        const to = Math.min(now, from + PUMP_WINDOW_MS);
        for (const tick of this.ticksBetween(subscription.symbols, from, to)) {
          if (!this.subscriptions.has(subscription)) break;
          delivered += 1;
          try {
            subscription.listener(tick);
          } catch (error) {
            this.onListenerError(error);
          }
        }
        from = to;
      }
    }
    return delivered;
  }

  /** Pump on a timer (unref'd, so it never keeps the process alive). */
  start(everyMs = 1000): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => this.pump(), everyMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.subscriptions.clear();
  }

  /** A symbol's tape and book shape, for readers that want integer prices instead of Binance-shaped text (the backtest's fast path). */
  tapeListing(symbol: string): TapeListing {
    return this.listing(symbol);
  }

  /** The time a symbol's data is read at: the clock, held at the tape's end once it has ended. */
  timeOf(listing: TapeListing): number {
    return Math.min(this.clock.now(), listing.tape.endTime);
  }

  protected listing(symbol: string): TapeListing {
    const l = this.listings.get(symbol);
    if (!l) throw new ExchangeRejection(BinanceCode.BAD_SYMBOL, BinanceMessage.INVALID_SYMBOL);
    return l;
  }

  private select(symbols?: string[]): Array<[string, TapeListing]> {
    if (symbols === undefined) return [...this.listings.entries()];
    return symbols.map((s) => [s, this.listing(s)] as [string, TapeListing]);
  }

  private ticksBetween(symbols: string[], from: number, to: number): TradeTick[] {
    const ticks: TradeTick[] = [];
    for (const symbol of symbols) {
      const l = this.listing(symbol);
      const { priceDecimals, qtyDecimals } = l.tape;
      l.tape.trades(from, Math.min(to, l.tape.endTime), (t: TapeTrade) => {
        ticks.push({
          symbol,
          price: formatUnits(t.price, priceDecimals),
          qty: formatUnits(t.qty, qtyDecimals),
          time: t.time,
          buyerIsMaker: t.buyerIsMaker,
        });
      });
    }
    return ticks.sort((a, b) => a.time - b.time);
  }
}

/** Σ qty and Σ price × qty of the trades in (from, to] in plain numbers; null when one is not a safe integer. */
function safeTotals(tape: PriceTape, from: number, to: number): TradeTotals | null {
  let qty = 0;
  let quote = 0;
  let exact = true;
  tape.trades(from, to, (t) => {
    const product = t.price * t.qty;
    qty += t.qty;
    quote += product;
    if (!(product <= Number.MAX_SAFE_INTEGER && quote <= Number.MAX_SAFE_INTEGER && qty <= Number.MAX_SAFE_INTEGER))
      exact = false;
  });
  return exact ? { qty, quote } : null;
}

function fromScaled(units: bigint, decimals: number): string {
  const digits = units.toString().padStart(decimals + 1, '0');
  return `${digits.slice(0, digits.length - decimals)}.${digits.slice(digits.length - decimals)}`;
}
