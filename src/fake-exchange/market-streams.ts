import type { Logger } from '../log.js';
import type { TradeTick } from '../model/market-snapshot.js';
import type { MarketData, Unsubscribe } from '../ports/market-data.js';
import type { MarketStream } from './stream-names.js';
import { bookTickerEventRaw, depthRaw, klineEventRaw, tradeEventRaw } from './wire-format.js';

export type StreamSink = (stream: string, data: unknown) => void;

/** Runs `task` now, or once more after the running one ends: bursts of ticks cost one fetch at a time. */
class Coalescer {
  private running = false;
  private again = false;
  constructor(private readonly task: () => Promise<void>, private readonly onError: (error: unknown) => void) {}

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

  constructor(private readonly marketData: MarketData, private readonly now: () => number, private readonly logger: Logger) {}

  subscribe(name: string, stream: MarketStream, sink: StreamSink): void {
    const feed = this.feedFor(stream.symbol);
    let state = feed.streams.get(name);
    if (!state) {
      state = { stream, sinks: new Set(), lastPush: Number.NEGATIVE_INFINITY };
      if (stream.kind !== 'trade') state.refresh = new Coalescer(() => this.refresh(name, state!), (e) => this.logger.warn({ err: e, stream: name }, 'fake exchange: stream refresh failed'));
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
