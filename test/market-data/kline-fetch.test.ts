/** `data fetch` against the fake Binance.US: the cache layout, resume, request weight, a kill mid-way, and replay reading it. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { fetchKlinesIntoCache } from '../../src/compose/data-fetch.js';
import { KlineCache } from '../../src/exchanges/replay/kline-cache.js';
import { openReplay, parseKlineCsv } from '../../src/exchanges/replay/index.js';
import { SyntheticMarketData } from '../../src/exchanges/synthetic/synthetic-market-data.js';
import { startFakeExchange, type FakeExchange } from '../../src/fake-exchange/server.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Interval } from '../../src/model/candle.js';
import { publicGet } from '../fake-exchange/wire-client.js';

const H = 3_600_000;
let fake: FakeExchange | undefined;
let market: SyntheticMarketData | undefined;
const dirs: string[] = [];

async function start(clock: Clock, limits?: { weightPerMinute: number }): Promise<FakeExchange> {
  market = new SyntheticMarketData(clock, { symbols: ['BTCUSD', 'ETHUSD'] });
  fake = await startFakeExchange({ clock, marketData: market, ...(limits ? { limits } : {}) });
  return fake;
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'klines-'));
  dirs.push(d);
  return d;
}

afterEach(async () => {
  await fake?.close();
  await market?.close();
  fake = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fetchInto(out: string, clock: Clock, symbol: string, interval: Interval, from: number, to: number) {
  return fetchKlinesIntoCache(
    { binanceBaseUrl: fake!.url, binanceStreamUrl: fake!.wsUrl, dataDir: out },
    { symbol, interval, from, to, out },
    { clock, tuning: { retryBaseMs: 5 } },
  );
}

/** Every closed candle the fake serves in [from, to), straight from its market data. */
async function expectedRows(symbol: string, interval: Interval, from: number, to: number): Promise<number[]> {
  const times: number[] = [];
  for (let t = from; t < to;) {
    const page = await market!.candles(symbol, interval, { startTime: t, endTime: to - 1, limit: 1000 });
    if (page.length === 0) break;
    for (const c of page) times.push(c.openTime);
    t = page[page.length - 1]!.openTime + 1;
  }
  return times;
}

function cachedTimes(dir: string): number[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort();
  return files.flatMap((f) => Array.from(parseKlineCsv(readFileSync(join(dir, f), 'utf8'), f).openTime));
}

describe('data fetch', () => {
  it('writes one CSV per month with its coverage, pages 1000 candles per request, and a re-run fetches nothing', async () => {
    const now = Date.UTC(2025, 2, 20, 12, 30);
    const clock = new ManualClock(now);
    await start(clock);
    const out = tempDir();
    const from = Date.UTC(2025, 1, 26);
    const to = Date.UTC(2025, 2, 2, 6);
    const before = fake!.stats.requests;
    const first = await fetchInto(out, clock, 'BTCUSD', '1m', from, to);
    const minutes = (to - from) / 60_000;
    // Feb 26..28 (4320 candles: 5 pages) and Mar 1..2 06:00 (1800: 2 pages), plus exchangeInfo once.
    expect(first.requests).toBe(7);
    expect(fake!.stats.requests - before).toBe(8);
    expect(first.candles).toBe(minutes);
    const dir = join(out, 'BTCUSD', '1m');
    expect(readdirSync(dir).sort()).toEqual(['BTCUSD-1m-2025-02.csv', 'BTCUSD-1m-2025-03.csv', 'coverage.json']);
    expect(new KlineCache(out).coverage('BTCUSD', '1m')).toEqual({
      '2025-02': [from, Date.UTC(2025, 2, 1)],
      '2025-03': [Date.UTC(2025, 2, 1), to],
    });
    expect(cachedTimes(dir)).toEqual(await expectedRows('BTCUSD', '1m', from, to));

    const again = await fetchInto(out, clock, 'BTCUSD', '1m', from, to);
    expect(again.requests).toBe(0);
    expect(again.skippedMonths).toBe(2);

    // Extending the range fetches only the part not covered yet, and merges it into the month's file.
    const later = await fetchInto(out, clock, 'BTCUSD', '1m', from, to + 6 * H);
    expect(later.requests).toBe(1);
    expect(later.candles).toBe(360);
    expect(cachedTimes(dir)).toEqual(await expectedRows('BTCUSD', '1m', from, to + 6 * H));
  });

  it('never keeps the candle still forming: the range is cut at its open', async () => {
    const now = Date.UTC(2025, 2, 20, 12, 30, 15);
    const clock = new ManualClock(now);
    await start(clock);
    const out = tempDir();
    const r = await fetchInto(out, clock, 'ETHUSD', '1h', Date.UTC(2025, 2, 20), now + 5 * H);
    expect(r.candles).toBe(12);
    expect(new KlineCache(out).coverage('ETHUSD', '1h')['2025-03']).toEqual([
      Date.UTC(2025, 2, 20),
      Date.UTC(2025, 2, 20, 12),
    ]);
  });

  it('refuses a bad symbol or an empty range by name, writing nothing', async () => {
    const clock = new ManualClock(Date.UTC(2025, 2, 20));
    await start(clock);
    const out = tempDir();
    await expect(fetchInto(out, clock, 'NOPEUSD', '1h', Date.UTC(2025, 2, 1), Date.UTC(2025, 2, 2))).rejects.toThrow(
      /Invalid symbol/,
    );
    await expect(fetchInto(out, clock, 'BTCUSD', '1h', Date.UTC(2025, 2, 2), Date.UTC(2025, 2, 1))).rejects.toThrow(
      /--to/,
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it('waits out a 429 for its Retry-After instead of failing, and paces itself under the published weight limit', async () => {
    // Time flows for real, starting one second before a minute ends: the fake's Retry-After is 1 s.
    const offset = Date.UTC(2025, 2, 20, 12, 0, 59) - Date.now();
    const clock: Clock = { now: () => Date.now() + offset };
    await start(clock, { weightPerMinute: 40 });
    for (let i = 0; i < 4; i++) expect((await publicGet(fake!, '/api/v3/exchangeInfo')).status).toBe(200);
    const out = tempDir();
    const from = Date.UTC(2025, 2, 18);
    const to = Date.UTC(2025, 2, 19, 8); // 1920 candles: 2 pages
    const r = await fetchInto(out, clock, 'BTCUSD', '1m', from, to);
    expect(fake!.stats.rateLimited429).toBeGreaterThanOrEqual(1);
    expect(fake!.stats.banned418).toBe(0);
    expect(r.candles).toBe(1920);
    expect(cachedTimes(join(out, 'BTCUSD', '1m'))).toEqual(await expectedRows('BTCUSD', '1m', from, to));
  });

  it('the cache folder is a replay market: month files of a symbol join into one series', async () => {
    const clock = new ManualClock(Date.UTC(2025, 2, 20));
    await start(clock);
    const out = tempDir();
    await fetchInto(out, clock, 'BTCUSD', '1h', Date.UTC(2025, 0, 20), Date.UTC(2025, 2, 10));
    await fetchInto(out, clock, 'ETHUSD', '1h', Date.UTC(2025, 1, 1), Date.UTC(2025, 1, 10));
    const replay = openReplay(out, { warmup: 0, clock: (t) => new ManualClock(t) });
    try {
      expect(replay.skipped).toEqual([]);
      expect((await replay.markets()).map((m) => m.symbol).sort()).toEqual(['BTCUSD', 'ETHUSD']);
      expect(replay.startTime).toBe(Date.UTC(2025, 1, 1));
      expect(replay.endTime + 1).toBe(Date.UTC(2025, 2, 10));
    } finally {
      await replay.close();
    }
  });
});

describe('data fetch killed mid-way', () => {
  it('leaves only whole files whose coverage they hold, and the re-run fetches just the months missing', async () => {
    const { SystemClock } = await import('../../src/clock/system-clock.js');
    const clock = new SystemClock();
    const f = await start(clock);
    f.faults.set({ latencyMs: 150 });
    const out = tempDir();
    const nowMonth = new Date(clock.now());
    const from = Date.UTC(nowMonth.getUTCFullYear(), nowMonth.getUTCMonth() - 8, 1);
    const to = Date.UTC(nowMonth.getUTCFullYear(), nowMonth.getUTCMonth() - 1, 1); // 7 whole months of 1h: 1 request each
    const cli = new URL('../../src/cli/main.ts', import.meta.url).pathname;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        cli,
        'data',
        'fetch',
        'BTCUSD',
        '1h',
        '--from',
        String(from),
        '--to',
        String(to),
        '--out',
        out,
      ],
      {
        env: {
          ...process.env,
          BINANCE_BASE_URL: f.url,
          BINANCE_STREAM_URL: f.wsUrl,
          DATA_DIR: out,
          LOG_LEVEL: 'silent',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    const killed = new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if ((stderr.match(/wrote /g) ?? []).length >= 2) child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) =>
        signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended ${code}: ${stderr}`)),
      );
    });
    await killed;
    const dir = join(out, 'BTCUSD', '1h');
    const cache = new KlineCache(out);
    const coverage = cache.coverage('BTCUSD', '1h');
    const done = Object.keys(coverage);
    expect(done.length).toBeGreaterThanOrEqual(2);
    expect(done.length).toBeLessThan(7);
    // Every CSV is whole: it parses and holds exactly the candles of its coverage (no half-written file).
    for (const month of done) {
      const [s, e] = coverage[month]!;
      const file = cache.monthFile('BTCUSD', '1h', month);
      const times = Array.from(parseKlineCsv(readFileSync(file, 'utf8'), file).openTime);
      expect(times).toEqual(await expectedRows('BTCUSD', '1h', s, e));
    }
    const csvs = readdirSync(dir).filter((x) => x.endsWith('.csv'));
    expect(csvs.length).toBeGreaterThanOrEqual(done.length);
    expect(csvs.length).toBeLessThanOrEqual(done.length + 1); // one renamed just before the kill, not yet in coverage

    f.faults.set({ latencyMs: 0 });
    const rerun = await fetchInto(out, clock, 'BTCUSD', '1h', from, to);
    expect(rerun.requests).toBe(7 - done.length);
    expect(rerun.skippedMonths).toBe(done.length);
    expect(readdirSync(dir).some((x) => x.includes('.tmp-'))).toBe(false);
    expect(cachedTimes(dir)).toEqual(await expectedRows('BTCUSD', '1h', from, to));
    expect(existsSync(join(dir, 'coverage.json'))).toBe(true);
  }, 60_000);
});
