import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { SYNTHETIC_SYMBOLS, SyntheticMarketData, syntheticCatalog } from '../../src/exchanges/synthetic/index.js';
import type { TradeTick } from '../../src/model/market-snapshot.js';
import { cmp, dec, sum } from '../../src/model/money.js';

const START = Date.UTC(2025, 5, 1, 12, 34, 56, 789);
const MINUTE = 60_000;

function make(seed = 11, symbols?: string[]) {
  const clock = new ManualClock(START);
  return { clock, md: new SyntheticMarketData(clock, { seed, ...(symbols ? { symbols } : {}) }) };
}

function autocorrelation(x: number[]): number {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    den += (x[i] - mean) ** 2;
    if (i > 0) num += (x[i] - mean) * (x[i - 1] - mean);
  }
  return num / den;
}

describe('SyntheticMarketData', () => {
  it('catalog when listed then has at least 20 Binance.US-style pairs, stablecoin pairs and one halted pair', async () => {
    const { md } = make();
    const markets = await md.markets();
    expect(markets.length).toBeGreaterThanOrEqual(20);
    expect(markets.map((m) => m.symbol)).toEqual([...SYNTHETIC_SYMBOLS]);
    for (const s of [
      'BTCUSD',
      'ETHUSD',
      'SOLUSD',
      'BTCUSDT',
      'ETHUSDT',
      'BTCUSDC',
      'USDTUSD',
      'USDCUSD',
      'ETHBTC',
      'SOLUSDT',
      'POLUSD',
    ]) {
      expect(SYNTHETIC_SYMBOLS).toContain(s);
    }
    const btc = await md.market('BTCUSD');
    expect(btc.filters.price.tickSize).toBe('0.01');
    expect(btc.filters.lotSize.stepSize).toBe('0.00001');
    expect(btc.fees).toEqual({ maker: '0.001', taker: '0.001' });
    expect(btc.orderTypes).toEqual(
      expect.arrayContaining(['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT']),
    );
    expect(markets.filter((m) => m.status === 'HALT').map((m) => m.symbol)).toEqual(['MATICUSD']);
    expect(syntheticCatalog()).toEqual(markets);
  });

  it('two instances when given the same seed then produce identical data; another seed differs', async () => {
    const a = make(5);
    const b = make(5);
    const c = make(6);
    expect(await a.md.tickers24h()).toEqual(await b.md.tickers24h());
    expect(await a.md.candles('ETHUSD', '1h', { limit: 300 })).toEqual(
      await b.md.candles('ETHUSD', '1h', { limit: 300 }),
    );
    expect(await a.md.orderBook('BTCUSD', 500)).toEqual(await b.md.orderBook('BTCUSD', 500));
    const ta: TradeTick[] = [];
    const tb: TradeTick[] = [];
    a.md.subscribeTrades(['BTCUSD', 'SOLUSD'], (t) => ta.push(t));
    b.md.subscribeTrades(['BTCUSD', 'SOLUSD'], (t) => tb.push(t));
    a.clock.advance(90_000);
    b.clock.advance(90_000);
    a.md.pump();
    b.md.pump();
    expect(ta.length).toBeGreaterThan(0);
    expect(ta).toEqual(tb);
    expect((await c.md.prices(['BTCUSD']))[0].price).not.toBe((await a.md.prices(['BTCUSD']))[0].price);
  });

  it('stablecoin pairs when read over 1000 days then stay within 2% of 1', async () => {
    const { md } = make();
    for (const symbol of ['USDTUSD', 'USDCUSD']) {
      const days = await md.candles(symbol, '1d', { limit: 1000 });
      expect(days.length).toBe(1000);
      for (const d of days) {
        expect(Number(d.low)).toBeGreaterThan(0.98);
        expect(Number(d.high)).toBeLessThan(1.02);
      }
    }
  });

  it('history when asked for the longest ranges then gives 1000 daily, 150+ weekly and 36+ monthly candles', async () => {
    const { md } = make(11, ['BTCUSD']);
    expect((await md.candles('BTCUSD', '1d', { limit: 1000 })).length).toBe(1000);
    expect((await md.candles('BTCUSD', '1w', { limit: 1000 })).length).toBeGreaterThanOrEqual(150);
    expect((await md.candles('BTCUSD', '1M', { limit: 1000 })).length).toBeGreaterThanOrEqual(36);
  });

  it('hourly returns when measured over 1000 hours then show volatility clustering and fat tails', async () => {
    let clustering = 0;
    let kurtosis = 0;
    const seeds = [1, 2, 3, 4];
    for (const seed of seeds) {
      const { md } = make(seed, ['BTCUSD']);
      const c = await md.candles('BTCUSD', '1h', { limit: 1000 });
      const r = c.slice(1).map((k, i) => Math.log(Number(k.close) / Number(c[i].close)));
      clustering += autocorrelation(r.map(Math.abs)) / seeds.length;
      const m2 = r.reduce((s, x) => s + x * x, 0) / r.length;
      kurtosis += r.reduce((s, x) => s + x ** 4, 0) / r.length / (m2 * m2) / seeds.length;
      expect(Math.abs(autocorrelation(r))).toBeLessThan(0.15);
    }
    expect(clustering).toBeGreaterThan(0.05);
    expect(kurtosis).toBeGreaterThan(3.3);
  });

  it('the forming candle when the clock moves within it then keeps its open, widens only, and ends equal to the closed candle', async () => {
    const { md, clock } = make();
    clock.set(Math.floor(START / MINUTE) * MINUTE + 1_000);
    const seen = [];
    for (let i = 0; i < 6; i++) {
      const [c] = await md.candles('BTCUSD', '1m', { limit: 1 });
      const [{ price }] = await md.prices(['BTCUSD']);
      expect(c.close).toBe(price);
      seen.push(c);
      clock.advance(9_500);
    }
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i].openTime).toBe(seen[0].openTime);
      expect(seen[i].open).toBe(seen[0].open);
      expect(cmp(seen[i].high, seen[i - 1].high)).toBeGreaterThanOrEqual(0);
      expect(cmp(seen[i].low, seen[i - 1].low)).toBeLessThanOrEqual(0);
      expect(cmp(seen[i].volume, seen[i - 1].volume)).toBeGreaterThanOrEqual(0);
    }
    clock.advance(MINUTE);
    const [closed] = await md.candles('BTCUSD', '1m', { startTime: seen[0].openTime, limit: 1 });
    expect(cmp(closed.high, seen.at(-1)!.high)).toBeGreaterThanOrEqual(0);
    clock.advance(3 * 86_400_000);
    expect((await md.candles('BTCUSD', '1m', { startTime: seen[0].openTime, limit: 1 }))[0]).toEqual(closed);
  });

  it('candles when asked for a range in the future then return nothing from after the clock', async () => {
    const { md, clock } = make();
    expect(await md.candles('BTCUSD', '1m', { startTime: clock.now() + MINUTE })).toEqual([]);
    const latest = await md.candles('BTCUSD', '1m', { endTime: clock.now() + 10 * MINUTE, limit: 2 });
    expect(latest.at(-1)!.openTime).toBe(Math.floor(clock.now() / MINUTE) * MINUTE);
  });

  it('a whole minute of trades when summed then equals that minute candle volume, count and taker-buy volume', async () => {
    const { md, clock } = make();
    const minute = Math.floor(START / MINUTE) * MINUTE + MINUTE;
    const trades: TradeTick[] = [];
    clock.set(minute - 1);
    md.subscribeTrades(['ETHUSD'], (t) => trades.push(t));
    clock.set(minute + MINUTE - 1);
    md.pump();
    const [c] = await md.candles('ETHUSD', '1m', { startTime: minute, limit: 1 });
    expect(trades.length).toBe(c.trades);
    expect(sum(trades.map((t) => t.qty))).toBe(dec(c.volume).toFixed());
    expect(sum(trades.filter((t) => !t.buyerIsMaker).map((t) => t.qty))).toBe(dec(c.takerBuyBaseVolume).toFixed());
    expect(trades[0].price).toBe(c.open);
    expect(trades.at(-1)!.price).toBe(c.close);
    expect(trades.some((t) => t.price === c.high)).toBe(true);
    expect(trades.some((t) => t.price === c.low)).toBe(true);
    expect(md.pump()).toBe(0);
  });

  it('orderBook when read then straddles the last price, spreads a few bps and deepens to 5000 levels', async () => {
    const { md, clock } = make();
    const [{ price }] = await md.prices(['BTCUSD']);
    const book = await md.orderBook('BTCUSD', 5000);
    expect(book.bids.length).toBe(5000);
    expect(book.asks.length).toBe(5000);
    expect(cmp(book.bids[0][0], price)).toBeLessThanOrEqual(0);
    expect(cmp(book.asks[0][0], price)).toBeGreaterThanOrEqual(0);
    const spreadBps = dec(book.asks[0][0]).minus(book.bids[0][0]).div(price).times(10_000).toNumber();
    expect(spreadBps).toBeLessThan(5);
    expect(Number(book.bids[4999][1])).toBeGreaterThan(Number(book.bids[0][1]));
    expect((await md.orderBook('BTCUSD', 100)).bids).toEqual(book.bids.slice(0, 100));
    clock.advance(1_000);
    expect((await md.orderBook('BTCUSD')).lastUpdateId).toBeGreaterThan(book.lastUpdateId);
  });

  it('start when the clock moves then delivers trades on a timer until closed', async () => {
    const { md, clock } = make(11, ['BTCUSD']);
    const trades: TradeTick[] = [];
    const firstTrade = new Promise<void>((resolve) =>
      md.subscribeTrades(['BTCUSD'], (t) => {
        trades.push(t);
        resolve();
      }),
    );
    md.start(5);
    clock.advance(60_000);
    await firstTrade;
    expect(trades.length).toBeGreaterThan(0);
    await md.close();
    const seen = trades.length;
    clock.advance(60_000);
    await new Promise((r) => setTimeout(r, 40));
    expect(trades.length).toBe(seen);
  });

  it('a listener when it throws then the error is reported and other trades still flow', async () => {
    const clock = new ManualClock(START);
    const errors: unknown[] = [];
    const md = new SyntheticMarketData(clock, { onListenerError: (e) => errors.push(e) });
    let delivered = 0;
    md.subscribeTrades(['BTCUSD'], () => {
      delivered += 1;
      throw new Error('listener failed');
    });
    clock.advance(10_000);
    expect(md.pump()).toBe(delivered);
    expect(errors.length).toBe(delivered);
  });

  it('construction when asked for a symbol outside the catalog then throws', () => {
    expect(() => new SyntheticMarketData(new ManualClock(START), { symbols: ['NOPEUSD'] })).toThrow(/NOPEUSD/);
  });
});
