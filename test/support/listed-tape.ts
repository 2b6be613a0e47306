/**
 * A MarketData over an explicit list of trades (the recorded Binance prints, or a test's own), with
 * a fixed order book: the production TapeMarketData (prices, average price, trade ticks) on a
 * tape that is exactly those trades.
 */
import { TapeMarketData } from '../../src/exchanges/synthetic/tape-market-data.js';
import type { BookShape } from '../../src/exchanges/synthetic/book.js';
import {
  aggregateTrades,
  type PriceTape,
  type TapeAggregate,
  type TapeTrade,
} from '../../src/exchanges/synthetic/tape.js';
import { parseUnits } from '../../src/exchanges/synthetic/units.js';
import type { Market } from '../../src/model/market.js';
import type { OrderBook } from '../../src/model/market-snapshot.js';
import type { Decimal } from '../../src/model/money.js';
import type { Clock } from '../../src/ports/clock.js';
import type { MarketDataStatus } from '../../src/ports/market-data.js';

export interface ListedTrade {
  time: number;
  price: Decimal;
  qty: Decimal;
  buyerIsMaker: boolean;
}

export class ListedTape implements PriceTape {
  readonly endTime = Number.POSITIVE_INFINITY;
  private readonly list: TapeTrade[];

  constructor(
    trades: ListedTrade[],
    readonly priceDecimals = 8,
    readonly qtyDecimals = 8,
  ) {
    this.list = trades
      .map((t) => ({
        time: t.time,
        price: parseUnits(t.price, priceDecimals),
        qty: parseUnits(t.qty, qtyDecimals),
        buyerIsMaker: t.buyerIsMaker,
      }))
      .sort((a, b) => a.time - b.time);
  }

  firstTime(): number {
    return this.list[0]?.time ?? 0;
  }

  aggregate(from: number, to: number): TapeAggregate | null {
    return aggregateTrades(
      this.list.filter((t) => t.time >= from && t.time <= to),
      10 ** this.priceDecimals,
      10 ** this.qtyDecimals,
    );
  }

  lastTrade(time: number): TapeTrade | null {
    let last: TapeTrade | null = null;
    for (const t of this.list) if (t.time <= time) last = t;
    return last;
  }

  trades(from: number, to: number, emit: (trade: TapeTrade) => void): void {
    for (const t of this.list) if (t.time > from && t.time <= to) emit(t);
  }
}

const NO_SHAPE = {} as BookShape;

export class ListedMarketData extends TapeMarketData {
  readonly source = 'listed';

  constructor(
    market: Market,
    trades: ListedTrade[],
    private readonly book: OrderBook,
    clock: Clock,
  ) {
    super(new Map([[market.symbol, { market, tape: new ListedTape(trades), book: NO_SHAPE }]]), clock);
  }

  status(): MarketDataStatus {
    return { state: 'open', message: 'a listed tape' };
  }

  override async orderBook(symbol: string, limit = 100): Promise<OrderBook> {
    this.listing(symbol);
    return { ...this.book, bids: this.book.bids.slice(0, limit), asks: this.book.asks.slice(0, limit) };
  }
}
