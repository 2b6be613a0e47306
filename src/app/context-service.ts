import type { Candle, Interval } from '../model/candle.js';
import type { Market, SymbolFee } from '../model/market.js';
import type { OrderBook, Ticker24h } from '../model/market-snapshot.js';
import { Big, str } from '../model/money.js';
import { INDICATOR_HISTORY_BARS, buildIndicatorReport } from '../indicators/report.js';
import type { Broker } from '../ports/broker.js';
import type { MarketData, MarketDataStatus } from '../ports/market-data.js';
import type { BookSummary, IndicatorReport, MarketContext, MarketQuote, MarketSummary } from './api.js';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 500;
const TOP_LEVELS = 10;

/** Read-only market views shared by the MCP tools and the REST API. */
export class ContextService implements MarketContext {
  readonly source: string;

  /** `feeSource` is the broker whose account fees apply (the live one when live trading is configured). */
  constructor(
    private readonly marketData: MarketData,
    private readonly feeSource: Broker,
  ) {
    this.source = marketData.source;
  }

  status(): MarketDataStatus {
    return this.marketData.status();
  }

  async listMarkets(query: { quoteAsset?: string; status?: string; search?: string; cursor?: number; limit?: number }) {
    const [markets, tickers] = await Promise.all([this.marketData.markets(), this.marketData.tickers24h()]);
    const bySymbol = new Map(tickers.map((t) => [t.symbol, t]));
    const quote = query.quoteAsset?.toUpperCase();
    const status = query.status?.toUpperCase();
    const text = query.search?.toUpperCase();
    const matching = markets
      .filter((m) => (quote ? m.quoteAsset === quote : true))
      .filter((m) => (status ? m.status === status : true))
      .filter((m) =>
        text ? m.symbol.includes(text) || m.baseAsset.includes(text) || m.quoteAsset.includes(text) : true,
      )
      .sort((a, b) => a.symbol.localeCompare(b.symbol));
    const cursor = Math.max(0, query.cursor ?? 0);
    const limit = Math.min(MAX_PAGE, Math.max(1, query.limit ?? DEFAULT_PAGE));
    const page = matching.slice(cursor, cursor + limit).map((m): MarketSummary => {
      const t = bySymbol.get(m.symbol);
      return {
        symbol: m.symbol,
        baseAsset: m.baseAsset,
        quoteAsset: m.quoteAsset,
        status: m.status,
        price: t?.lastPrice ?? null,
        volume24h: t?.volume ?? null,
        quoteVolume24h: t?.quoteVolume ?? null,
        spotTradingAllowed: true,
        marginTradingAllowed: false,
      };
    });
    return {
      markets: page,
      total: matching.length,
      nextCursor: cursor + limit < matching.length ? cursor + limit : null,
    };
  }

  market(symbol: string): Promise<Market> {
    return this.marketData.market(symbol.toUpperCase());
  }

  async quotes(symbols: string[]): Promise<MarketQuote[]> {
    const wanted = symbols.map((s) => s.toUpperCase());
    const [tickers, books] = await Promise.all([
      this.marketData.tickers24h(wanted),
      this.marketData.bookTickers(wanted),
    ]);
    const bookBy = new Map(books.map((b) => [b.symbol, b]));
    return tickers.map((t) => {
      const b = bookBy.get(t.symbol);
      const bid = b?.bidPrice ?? t.bidPrice;
      const ask = b?.askPrice ?? t.askPrice;
      return {
        symbol: t.symbol,
        price: t.lastPrice,
        bidPrice: bid,
        askPrice: ask,
        spread: str(new Big(ask).minus(bid)),
        volume24h: t.volume,
        high24h: t.highPrice,
        low24h: t.lowPrice,
        priceChange24h: t.priceChange,
        priceChangePercent24h: t.priceChangePercent,
        time: t.closeTime,
      };
    });
  }

  tickers24h(symbols?: string[]): Promise<Ticker24h[]> {
    return this.marketData.tickers24h(symbols?.map((s) => s.toUpperCase()));
  }

  async orderBook(symbol: string, limit = 100): Promise<{ summary: BookSummary; book: OrderBook }> {
    const book = await this.marketData.orderBook(symbol.toUpperCase(), limit);
    return { summary: summarizeBook(book, limit), book };
  }

  candles(
    symbol: string,
    interval: Interval,
    query: { limit?: number; startTime?: number; endTime?: number },
  ): Promise<Candle[]> {
    return this.marketData.candles(symbol.toUpperCase(), interval, query);
  }

  fees(symbols?: string[]): Promise<SymbolFee[]> {
    return this.feeSource.tradingFees(symbols?.map((s) => s.toUpperCase()));
  }

  async indicators(symbol: string, interval: Interval): Promise<IndicatorReport> {
    const candles = await this.marketData.candles(symbol.toUpperCase(), interval, { limit: INDICATOR_HISTORY_BARS });
    return buildIndicatorReport(symbol.toUpperCase(), interval, candles);
  }
}

/** `limit`: the levels per side asked for; a side with fewer levels is the venue's whole side. */
export function summarizeBook(book: OrderBook, limit = Infinity): BookSummary {
  const bestBid = book.bids[0]?.[0] ?? null;
  const bestAsk = book.asks[0]?.[0] ?? null;
  const mid = bestBid && bestAsk ? new Big(bestBid).plus(bestAsk).div(2) : null;
  const spread = bestBid && bestAsk ? new Big(bestAsk).minus(bestBid) : null;
  const depth = [1, 5].map((percent) => {
    if (!mid)
      return { withinPercent: percent, bidQty: '0', askQty: '0', bidNotional: '0', askNotional: '0', complete: true };
    // Exact sums in scaled integers: a 5000-level book in a few milliseconds, not in Big.js operations.
    const low = scaled(
      mid
        .times(1 - percent / 100)
        .round(SCALE, Big.roundUp)
        .toFixed(SCALE),
    );
    const high = scaled(
      mid
        .times(1 + percent / 100)
        .round(SCALE, Big.roundDown)
        .toFixed(SCALE),
    );
    const side = (levels: OrderBook['bids'], inside: (p: bigint) => boolean) => {
      let qty = 0n;
      let notional = 0n;
      let passed = false;
      for (const [p, q] of levels) {
        const price = scaled(p);
        if (!inside(price)) {
          passed = true;
          break;
        }
        const amount = scaled(q);
        qty += amount;
        notional += price * amount;
      }
      return {
        qty: unscaled(qty, SCALE),
        notional: str(new Big(unscaled(notional, 2 * SCALE)).round(2, Big.roundHalfUp)),
        passed: passed || levels.length < limit,
      };
    };
    const bids = side(book.bids, (p) => p >= low);
    const asks = side(book.asks, (p) => p <= high);
    /** The fetched levels reach past the band's edge on both sides, or a side is the venue's whole side. */
    const complete = bids.passed && asks.passed;
    return {
      withinPercent: percent,
      bidQty: bids.qty,
      askQty: asks.qty,
      bidNotional: bids.notional,
      askNotional: asks.notional,
      complete,
    };
  });
  const partial = depth.filter((d) => !d.complete).map((d) => `±${d.withinPercent}%`);
  const coverage =
    partial.length === 0
      ? `depth bands computed from ${Math.max(book.bids.length, book.asks.length)} levels per side, which reach past every band`
      : `${partial.join(' and ')} cover only the ${Math.max(book.bids.length, book.asks.length)} fetched levels per side ` +
        `(bids down to ${book.bids.at(-1)?.[0] ?? '-'}, asks up to ${book.asks.at(-1)?.[0] ?? '-'}): the true depth there is at least this`;
  return {
    symbol: book.symbol,
    bestBid,
    bestAsk,
    spread: spread ? str(spread) : null,
    spreadBps: spread && mid && mid.gt(0) ? spread.div(mid).times(10_000).toFixed(2) : null,
    midPrice: mid ? str(mid) : null,
    depth,
    levels: Math.max(book.bids.length, book.asks.length),
    coverage,
    topBids: book.bids.slice(0, TOP_LEVELS),
    topAsks: book.asks.slice(0, TOP_LEVELS),
  };
}

/** Decimal places of the scaled integers the book summary sums in. */
const SCALE = 18;
const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A decimal text as an integer of 10^-SCALE units (exact: venue prices and quantities have far fewer places). */
function scaled(text: string): bigint {
  const match = PLAIN.exec(text);
  if (!match || (match[3]?.length ?? 0) > SCALE)
    return scaled(new Big(text).round(SCALE, Big.roundDown).toFixed(SCALE));
  const units = BigInt(match[2]! + (match[3] ?? '').padEnd(SCALE, '0'));
  return match[1] ? -units : units;
}

function unscaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  return str(new Big(`${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`));
}
