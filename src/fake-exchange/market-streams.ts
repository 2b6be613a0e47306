import type { Logger } from '../log.js';
import type { TradeTick } from '../model/market-snapshot.js';
import type { MarketData, Unsubscribe } from '../ports/market-data.js';
import type { MarketStream } from './stream-names.js';
import type {
  AggTradeEventRaw,
  DepthUpdateEventRaw,
  MiniTickerEventRaw,
  TickerEventRaw,
} from '../exchanges/binance-us/raw-types.js';
import type { Ticker24h } from '../model/market-snapshot.js';
import { bookTickerEventRaw, d8, depthRaw, klineEventRaw, tradeEventRaw } from './wire-format.js';

export type StreamSink = (stream: string, data: unknown) => void;

/** Runs `task` now, or once more after the running one ends: bursts of ticks cost one fetch at a time. */
class Coalescer {
  private running = false;
  private again = false;
  constructor(
    private readonly task: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  trigger(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.task()
      .catch(this.onError)
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.trigger();
        }
      });
  }
}

interface StreamState {
  stream: MarketStream;
  sinks: Set<StreamSink>;
  refresh?: Coalescer;
  lastPush: number;
  lastKey?: string | undefined;
  klineOpenTime?: number;
  /** Diff depth: the levels last sent and the update id they end at. */
  book?: { updateId: number; bids: Map<string, string>; asks: Map<string, string> };
}

interface SymbolFeed {
  streams: Map<string, StreamState>;
  unsubscribe: Unsubscribe;
  tradeId: number;
}

/**
 * Market streams fed by MarketData: trades as they happen, and bookTicker / partial depth / kline
 * frames refreshed on each trade (depth at its 100 ms or 1000 ms cadence, klines at most once a
 * second plus the closing frame), each also sent once on subscription.
 */
export class MarketStreamHub {
  private readonly feeds = new Map<string, SymbolFeed>();
  private updateId = 1;

  constructor(
    private readonly marketData: MarketData,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  subscribe(name: string, stream: MarketStream, sink: StreamSink): void {
    const feed = this.feedFor(stream.symbol);
    let state = feed.streams.get(name);
    if (!state) {
      state = { stream, sinks: new Set(), lastPush: Number.NEGATIVE_INFINITY };
      if (stream.kind !== 'trade' && stream.kind !== 'aggTrade')
        state.refresh = new Coalescer(
          () => this.refresh(name, state!),
          (e) => this.logger.warn({ err: e, stream: name }, 'fake exchange: stream refresh failed'),
        );
      feed.streams.set(name, state);
    }
    state.sinks.add(sink);
    state.lastPush = Number.NEGATIVE_INFINITY;
    state.lastKey = undefined;
    state.refresh?.trigger();
  }

  unsubscribe(name: string, symbol: string, sink: StreamSink): void {
    const feed = this.feeds.get(symbol);
    const state = feed?.streams.get(name);
    if (!feed || !state) return;
    state.sinks.delete(sink);
    if (state.sinks.size === 0) feed.streams.delete(name);
    if (feed.streams.size === 0) {
      feed.unsubscribe();
      this.feeds.delete(symbol);
    }
  }

  close(): void {
    for (const feed of this.feeds.values()) feed.unsubscribe();
    this.feeds.clear();
  }

  private feedFor(symbol: string): SymbolFeed {
    const existing = this.feeds.get(symbol);
    if (existing) return existing;
    const feed: SymbolFeed = { streams: new Map(), unsubscribe: () => undefined, tradeId: 0 };
    this.feeds.set(symbol, feed);
    try {
      feed.unsubscribe = this.marketData.subscribeTrades([symbol], (trade) => this.onTrade(feed, trade));
    } catch (error) {
      this.logger.warn({ err: error, symbol }, 'fake exchange: no trades for this symbol');
    }
    return feed;
  }

  private onTrade(feed: SymbolFeed, trade: TradeTick): void {
    feed.tradeId += 1;
    const now = this.now();
    for (const [name, state] of feed.streams) {
      if (state.stream.kind === 'trade') {
        const event = tradeEventRaw(trade, feed.tradeId, now);
        for (const sink of state.sinks) sink(name, event);
      } else if (state.stream.kind === 'aggTrade') {
        const event: AggTradeEventRaw = {
          e: 'aggTrade',
          E: now,
          s: trade.symbol,
          a: feed.tradeId,
          p: d8(trade.price),
          q: d8(trade.qty),
          f: feed.tradeId,
          l: feed.tradeId,
          T: trade.time,
          m: trade.buyerIsMaker,
          M: true,
        };
        for (const sink of state.sinks) sink(name, event);
      } else {
        state.refresh?.trigger();
      }
    }
  }

  private async refresh(name: string, state: StreamState): Promise<void> {
    const stream = state.stream;
    const now = this.now();
    if (stream.kind === 'bookTicker') {
      const [book] = await this.marketData.bookTickers([stream.symbol]);
      if (!book) return;
      const key = `${book.bidPrice}|${book.bidQty}|${book.askPrice}|${book.askQty}`;
      if (key === state.lastKey) return;
      state.lastKey = key;
      this.push(name, state, bookTickerEventRaw(book, this.updateId++));
    } else if (stream.kind === 'depth') {
      if (now - state.lastPush < stream.speedMs) return;
      state.lastPush = now;
      this.push(name, state, depthRaw({ ...(await this.marketData.orderBook(stream.symbol, stream.levels)) }));
    } else if (stream.kind === 'miniTicker' || stream.kind === 'ticker') {
      // web-socket-streams.md: 24 h rolling statistics, pushed every 1000 ms.
      if (now - state.lastPush < 1000) return;
      const [ticker] = await this.marketData.tickers24h([stream.symbol]);
      if (!ticker) return;
      state.lastPush = now;
      this.push(name, state, stream.kind === 'miniTicker' ? miniTickerEvent(ticker, now) : tickerEvent(ticker, now));
    } else if (stream.kind === 'diffDepth') {
      if (now - state.lastPush < stream.speedMs) return;
      const book = await this.marketData.orderBook(stream.symbol, 1000);
      const previous = state.book;
      if (previous && previous.updateId >= book.lastUpdateId) return;
      state.lastPush = now;
      const bids = new Map(book.bids.map(([p, q]) => [d8(p), d8(q)]));
      const asks = new Map(book.asks.map(([p, q]) => [d8(p), d8(q)]));
      const event: DepthUpdateEventRaw = {
        e: 'depthUpdate',
        E: now,
        s: stream.symbol,
        U: (previous?.updateId ?? book.lastUpdateId - 1) + 1,
        u: book.lastUpdateId,
        b: changes(previous?.bids, bids),
        a: changes(previous?.asks, asks),
      };
      state.book = { updateId: book.lastUpdateId, bids, asks };
      this.push(name, state, event);
    } else if (stream.kind === 'kline') {
      const candles = await this.marketData.candles(stream.symbol, stream.interval, { limit: 2 });
      const current = candles.at(-1);
      if (!current) return;
      const rolled = state.klineOpenTime !== undefined && current.openTime !== state.klineOpenTime;
      if (rolled) {
        const closed = candles.find((c) => c.openTime === state.klineOpenTime);
        if (closed) this.push(name, state, klineEventRaw(stream.symbol, stream.interval, closed, true, now));
      }
      if (!rolled && now - state.lastPush < 1000) return;
      state.klineOpenTime = current.openTime;
      state.lastPush = now;
      this.push(name, state, klineEventRaw(stream.symbol, stream.interval, current, false, now));
    }
  }

  private push(name: string, state: StreamState, data: unknown): void {
    for (const sink of state.sinks) sink(name, data);
  }
}

/** Levels that differ from `before`, and those gone (quantity 0): a diff-depth event's sides. */
function changes(before: Map<string, string> | undefined, after: Map<string, string>): [string, string][] {
  const out: [string, string][] = [];
  for (const [price, qty] of after) if (before?.get(price) !== qty) out.push([price, qty]);
  for (const price of before?.keys() ?? []) if (!after.has(price)) out.push([price, d8('0')]);
  return out;
}

function miniTickerEvent(t: Ticker24h, now: number): MiniTickerEventRaw {
  return {
    e: '24hrMiniTicker',
    E: now,
    s: t.symbol,
    c: d8(t.lastPrice),
    o: d8(t.openPrice),
    h: d8(t.highPrice),
    l: d8(t.lowPrice),
    v: d8(t.volume),
    q: d8(t.quoteVolume),
  };
}

function tickerEvent(t: Ticker24h, now: number): TickerEventRaw {
  return {
    e: '24hrTicker',
    E: now,
    s: t.symbol,
    p: d8(t.priceChange),
    P: t.priceChangePercent,
    w: d8(t.weightedAvgPrice),
    x: d8(t.prevClosePrice),
    c: d8(t.lastPrice),
    Q: d8(t.lastQty),
    b: d8(t.bidPrice),
    B: d8(t.bidQty),
    a: d8(t.askPrice),
    A: d8(t.askQty),
    o: d8(t.openPrice),
    h: d8(t.highPrice),
    l: d8(t.lowPrice),
    v: d8(t.volume),
    q: d8(t.quoteVolume),
    O: t.openTime,
    C: t.closeTime,
    F: t.count > 0 ? 1 : -1,
    L: t.count > 0 ? t.count : -1,
    n: t.count,
  };
}
