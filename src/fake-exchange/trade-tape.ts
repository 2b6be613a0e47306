/**
 * The recent public trades of every symbol, numbered per symbol as Binance numbers them, for
 * GET /api/v3/trades and /api/v3/aggTrades (each trade its own aggregate here: the synthetic tape
 * never prints two fills of one taker at one price).
 */
import type { AggTradeRaw, TradeRaw } from '../exchanges/binance-us/raw-types.js';
import type { Logger } from '../log.js';
import type { TradeTick } from '../model/market-snapshot.js';
import { Big } from '../model/money.js';
import type { MarketData, Unsubscribe } from '../ports/market-data.js';
import { wireErrors } from './wire-error.js';
import { d8 } from './wire-format.js';

const KEPT = 1000;
/** REST "Compressed/Aggregate trades list": startTime and endTime at most one hour apart. */
const AGG_WINDOW_MS = 3_600_000;

interface Printed {
  id: number;
  trade: TradeTick;
}

export class TradeTape {
  private readonly bySymbol = new Map<string, { next: number; trades: Printed[] }>();
  private unsubscribe: Unsubscribe = () => undefined;

  constructor(
    private readonly marketData: MarketData,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    try {
      const symbols = (await this.marketData.markets()).map((m) => m.symbol);
      this.unsubscribe = this.marketData.subscribeTrades(symbols, (trade) => this.print(trade));
    } catch (error) {
      this.logger.warn({ err: error }, 'fake exchange: no public trade tape');
    }
  }

  close(): void {
    this.unsubscribe();
  }

  /** GET /api/v3/trades: the newest `limit`, oldest first. */
  recent(symbol: string, limit: number): TradeRaw[] {
    return this.tape(symbol)
      .trades.slice(-limit)
      .map(({ id, trade }) => ({
        id,
        price: d8(trade.price),
        qty: d8(trade.qty),
        quoteQty: d8(new Big(trade.price).times(trade.qty).toFixed()),
        time: trade.time,
        isBuyerMaker: trade.buyerIsMaker,
        isBestMatch: true,
      }));
  }

  /** GET /api/v3/aggTrades: from `fromId`, or within [startTime, endTime] (at most 1 h), else the newest. */
  aggregates(
    symbol: string,
    query: { fromId?: number | undefined; startTime?: number | undefined; endTime?: number | undefined; limit: number },
  ): AggTradeRaw[] {
    const { fromId, startTime, endTime, limit } = query;
    if (fromId !== undefined && (startTime !== undefined || endTime !== undefined)) throw wireErrors.badCombo();
    if (startTime !== undefined && endTime !== undefined && endTime - startTime > AGG_WINDOW_MS)
      throw wireErrors.lookupTooBig();
    let trades = this.tape(symbol).trades;
    if (fromId !== undefined) trades = trades.filter((p) => p.id >= fromId).slice(0, limit);
    else if (startTime !== undefined || endTime !== undefined) {
      const from = startTime ?? endTime! - AGG_WINDOW_MS;
      const to = endTime ?? startTime! + AGG_WINDOW_MS;
      trades = trades.filter((p) => p.trade.time >= from && p.trade.time <= to).slice(0, limit);
    } else trades = trades.slice(-limit);
    return trades.map(({ id, trade }) => ({
      a: id,
      p: d8(trade.price),
      q: d8(trade.qty),
      f: id,
      l: id,
      T: trade.time,
      m: trade.buyerIsMaker,
      M: true,
    }));
  }

  private print(trade: TradeTick): void {
    const tape = this.tape(trade.symbol);
    tape.trades.push({ id: tape.next++, trade });
    if (tape.trades.length > KEPT) tape.trades.splice(0, tape.trades.length - KEPT);
  }

  private tape(symbol: string): { next: number; trades: Printed[] } {
    let tape = this.bySymbol.get(symbol);
    if (!tape) {
      tape = { next: 1, trades: [] };
      this.bySymbol.set(symbol, tape);
    }
    return tape;
  }
}
