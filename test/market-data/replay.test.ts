import { existsSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { openReplay, TICKS_PER_CANDLE } from '../../src/exchanges/replay/index.js';
import { InvalidInput } from '../../src/model/errors.js';
import type { TradeTick } from '../../src/model/market-snapshot.js';
import { cmp } from '../../src/model/money.js';
import { binanceCsv, headedCsv, makeCandles, tempDir, writeFixture, type FixtureCandle } from './kline-fixtures.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const klines = resolve(repoRoot, '../shared/data/klines');

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const minutes = makeCandles(700, START, MINUTE, 30_000, 21);
const hours = makeCandles(40, START, HOUR, 2_000, 5);
const btcFile = writeFixture(dir, 'BTCUSD.csv', binanceCsv(minutes, MINUTE));
const ethFile = writeFixture(dir, 'ETHUSD_1h.csv', headedCsv(hours, 'us'));

function open(path: string, options: { warmup?: number } = {}) {
  let clock!: ManualClock;
  const md = openReplay(path, { ...options, clock: (t) => (clock = new ManualClock(t)) });
  return { md, clock };
}

function sameAsData(
  candle: { open: string; high: string; low: string; close: string; volume: string },
  data: FixtureCandle,
): void {
  expect([candle.open, candle.high, candle.low, candle.close].map(Number)).toEqual(
    [data.open, data.high, data.low, data.close].map(Number),
  );
  expect(Number(candle.volume)).toBe(Number(data.volume));
}

describe('ReplayMarketData', () => {
  it('a new replay when opened then has 500 candles behind its clock and the 501st forming at its open', async () => {
    const { md, clock } = open(btcFile);
    expect(clock.now()).toBe(minutes[500].openTime);
    expect(md.source).toBe(`replay:${btcFile}`);
    const candles = await md.candles('BTCUSD', '1m', { limit: 1000 });
    expect(candles.length).toBe(501);
    candles.slice(0, 500).forEach((c, i) => sameAsData(c, minutes[i]));
    const forming = candles[500];
    expect(forming.openTime).toBe(minutes[500].openTime);
    expect([forming.open, forming.high, forming.low, forming.close].map(Number)).toEqual(
      Array(4).fill(Number(minutes[500].open)),
    );
  });

  it('warmup when larger than the data then all of it is behind the clock and the replay has ended', async () => {
    const { md } = open(ethFile, { warmup: 500 });
    expect(md.status().state).toBe('ended');
    expect(md.status().message).toMatch(/ended/);
    const candles = await md.candles('ETHUSD', '1h', { limit: 1000 });
    expect(candles.length).toBe(40);
    candles.forEach((c, i) => sameAsData(c, hours[i]));
    expect((await md.prices(['ETHUSD']))[0].price).toBe(hours[39].close);
  });

  it('the price inside a candle when time passes then goes open, first extreme at 1/3, second at 2/3, close at the end', async () => {
    const { md, clock } = open(btcFile, { warmup: 600 });
    for (let i = 600; i < 606; i++) {
      const c = minutes[i];
      const rising = Number(c.close) >= Number(c.open);
      const expected = [c.open, rising ? c.low : c.high, rising ? c.high : c.low, c.close];
      const seen: string[] = [];
      for (const offset of [0, MINUTE / 3, (2 * MINUTE) / 3, MINUTE - 1]) {
        clock.set(c.openTime + offset);
        seen.push((await md.prices(['BTCUSD']))[0].price);
      }
      expect(seen.map(Number)).toEqual(expected.map(Number));
    }
  });

  it('the end of the data when reached then status says ended and prices and trades stop', async () => {
    const { md, clock } = open(btcFile);
    const trades: TradeTick[] = [];
    md.subscribeTrades(['BTCUSD'], (t) => trades.push(t));
    clock.set(minutes[699].openTime + MINUTE + 5 * MINUTE);
    md.pump();
    expect(md.status().state).toBe('ended');
    expect(md.status().message).toContain('2024-01-01T11:40:00.000Z');
    expect(trades.at(-1)!.price).toBe(minutes[699].close);
    expect(trades.length).toBe(200 * TICKS_PER_CANDLE - 1); // the open of candle 500 printed at the subscription instant, before it
    const price = (await md.prices(['BTCUSD']))[0];
    clock.advance(HOUR);
    expect(md.pump()).toBe(0);
    expect((await md.prices(['BTCUSD']))[0]).toEqual(price);
    expect((await md.candles('BTCUSD', '1m', { limit: 1 }))[0].openTime).toBe(minutes[699].openTime);
  });

  it('larger intervals when asked then are resampled from the file candles', async () => {
    const { md } = open(btcFile);
    const fives = await md.candles('BTCUSD', '5m', { startTime: START, limit: 10 });
    fives.forEach((c, k) => {
      const part = minutes.slice(k * 5, k * 5 + 5);
      expect(Number(c.open)).toBe(Number(part[0].open));
      expect(Number(c.close)).toBe(Number(part[4].close));
      expect(Number(c.high)).toBe(Math.max(...part.map((p) => Number(p.high))));
      expect(Number(c.low)).toBe(Math.min(...part.map((p) => Number(p.low))));
      expect(Number(c.volume)).toBeCloseTo(
        part.reduce((a, p) => a + Number(p.volume), 0),
        6,
      );
    });
  });

  it('smaller intervals than the file when asked then follow the path inside each candle', async () => {
    const { md } = open(ethFile, { warmup: 10 });
    const quarters = await md.candles('ETHUSD', '15m', { startTime: START, endTime: START + HOUR - 1 });
    expect(quarters.length).toBe(4);
    expect(Number(quarters[0].open)).toBe(Number(hours[0].open));
    expect(Number(quarters[3].close)).toBe(Number(hours[0].close));
    expect(Math.max(...quarters.map((q) => Number(q.high)))).toBe(Number(hours[0].high));
    expect(Math.min(...quarters.map((q) => Number(q.low)))).toBe(Number(hours[0].low));
  });

  it('a folder when it holds several files then replays every symbol, keeps the finer of two files for one symbol and says what it skipped', async () => {
    const folder = tempDir();
    try {
      writeFixture(folder, 'BTCUSD_1m.csv', binanceCsv(minutes, MINUTE));
      writeFixture(folder, 'btcusd-1h.csv', headedCsv(hours, 'ms'));
      writeFixture(folder, 'SOLUSD.csv', headedCsv(makeCandles(600, START, MINUTE, 150, 8), 'iso'));
      writeFixture(folder, 'notes.csv', 'a,b\n1,2\n');
      const { md } = open(folder);
      expect((await md.markets()).map((m) => m.symbol).sort()).toEqual(['BTCUSD', 'SOLUSD']);
      expect(md.skipped.join('\n')).toMatch(/btcusd-1h\.csv: BTCUSD is replayed from BTCUSD_1m\.csv/);
      expect(md.skipped.join('\n')).toMatch(/notes\.csv/);
      expect((await md.prices()).map((p) => p.symbol).sort()).toEqual(['BTCUSD', 'SOLUSD']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a symbol outside the catalog when replayed then gets a market derived from the data decimals', async () => {
    const folder = tempDir();
    try {
      const path = writeFixture(folder, 'FOOUSDT.csv', headedCsv(makeCandles(50, START, MINUTE, 3, 4), 'ms'));
      const { md } = open(path);
      const market = await md.market('FOOUSDT');
      expect(market.baseAsset).toBe('FOO');
      expect(market.quoteAsset).toBe('USDT');
      expect(market.filters.price.tickSize).toBe('0.01');
      expect(market.filters.lotSize.stepSize).toBe('0.000001');
      expect(market.status).toBe('TRADING');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a single file when its name does not say the symbol then is refused unless a symbol is given', () => {
    const path = writeFixture(dir, 'data.csv', binanceCsv(minutes.slice(0, 10), MINUTE));
    expect(() => openReplay(path)).toThrow(InvalidInput);
    const md = openReplay(path, { symbol: 'BTCUSD', clock: (t) => new ManualClock(t) });
    expect(md.status().state).toBe('ended');
  });

  it('the default clock when real time passes then runs 60 times faster from the warmup point', async () => {
    const md = openReplay(btcFile);
    await new Promise((r) => setTimeout(r, 50));
    const elapsed = md.clock.now() - md.startTime;
    expect(elapsed).toBeGreaterThanOrEqual(45 * 60);
    await md.close();
  });
});

describe.skipIf(!existsSync(klines))(
  'replay on the real data in ../shared/data/klines (skipped: folder absent)',
  () => {
    it('BTCUSD 1m March 2023 when opened then starts 500 minutes in at the recorded open', async () => {
      const { md, clock } = open(resolve(klines, 'BTCUSD_1m_20230301_20230321.csv'));
      expect(clock.now()).toBe(Date.UTC(2023, 2, 1, 8, 20));
      const [forming] = await md.candles('BTCUSD', '1m', { limit: 1 });
      expect(forming.open).toBe('23770.41');
      const day = (await md.candles('BTCUSD', '1d', { startTime: Date.UTC(2023, 2, 1) }))[0];
      expect(day.openTime).toBe(Date.UTC(2023, 2, 1));
      expect(cmp(day.open, '23144.78')).toBe(0);
    });

    it('BTCUSDT 1h January 2025 with µs times when opened then detects 1h candles and starts 500 hours in', async () => {
      const { md, clock } = open(resolve(klines, 'binance-btcusdt-1h-2025-01.csv'));
      expect(clock.now()).toBe(Date.UTC(2025, 0, 1) + 500 * HOUR);
      const first = (await md.candles('BTCUSDT', '1h', { startTime: 0, limit: 1 }))[0];
      expect(first.openTime).toBe(Date.UTC(2025, 0, 1));
      expect(cmp(first.open, '93576')).toBe(0);
      expect(cmp(first.close, '94401.14')).toBe(0);
    });
  },
);
