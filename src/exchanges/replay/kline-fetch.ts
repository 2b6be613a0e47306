/**
 * Fills the kline cache from a MarketData source (in practice Binance.US's REST klines through the
 * live client, its rate limiter and Retry-After handling): 1000 candles per request, month by
 * month, only what the cache's coverage does not already hold. Only closed candles are kept.
 */
import { INTERVAL_MS, intervalStart, type Candle, type Interval } from '../../model/candle.js';
import { InvalidInput } from '../../model/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { MarketData } from '../../ports/market-data.js';
import { type KlineCache, monthKey, monthStart, nextMonthStart } from './kline-cache.js';

export const KLINES_PER_REQUEST = 1000;

export interface FetchKlinesRequest {
  symbol: string;
  interval: Interval;
  from: number;
  /** Exclusive; capped at the open of the candle still forming. */
  to: number;
  onProgress?: (done: number, total: number) => void;
  onMonth?: (month: string, file: string, rows: number) => void;
  signal?: AbortSignal;
}

export interface FetchKlinesResult {
  dir: string;
  months: number;
  /** Months already covered by the cache. */
  skippedMonths: number;
  requests: number;
  candles: number;
}

interface MonthPlan {
  month: string;
  parts: [number, number][];
  covered: [number, number];
}

export async function fetchKlines(
  source: MarketData,
  cache: KlineCache,
  clock: Clock,
  req: FetchKlinesRequest,
): Promise<FetchKlinesResult> {
  const { symbol, interval } = req;
  if (interval === '1M') throw new InvalidInput('INTERVAL', '1M has no fixed length', 'an interval from 1m to 1w');
  const len = INTERVAL_MS[interval];
  const from = intervalStart(interval, req.from) < req.from ? intervalStart(interval, req.from) + len : req.from;
  const to = Math.min(req.to, intervalStart(interval, clock.now()));
  if (!(to > from))
    throw new InvalidInput(
      '--to',
      `${iso(req.to)} leaves no closed ${interval} candle after ${iso(req.from)}`,
      'a range ending after --from and no later than now',
    );
  await source.market(symbol); // an unknown symbol fails here, naming it, before anything is written
  cache.sweep(symbol, interval);
  const coverage = cache.coverage(symbol, interval);
  const plans: MonthPlan[] = [];
  let skipped = 0;
  for (let m = monthStart(from); m < to; m = nextMonthStart(m)) {
    const key = monthKey(m);
    const want: [number, number] = [Math.max(from, m), Math.min(to, nextMonthStart(m))];
    const have = coverage[key];
    if (!have) {
      plans.push({ month: key, parts: [want], covered: want });
      continue;
    }
    const union: [number, number] = [Math.min(have[0], want[0]), Math.max(have[1], want[1])];
    const parts: [number, number][] = [];
    if (union[0] < have[0]) parts.push([union[0], have[0]]);
    if (have[1] < union[1]) parts.push([have[1], union[1]]);
    if (parts.length === 0) skipped += 1;
    else plans.push({ month: key, parts, covered: union });
  }
  const total = plans.reduce(
    (n, p) => n + p.parts.reduce((k, [s, e]) => k + Math.max(1, Math.ceil((e - s) / len / KLINES_PER_REQUEST)), 0),
    0,
  );
  let done = 0;
  let requests = 0;
  let candles = 0;
  req.onProgress?.(0, total);
  for (const plan of plans) {
    const got: Candle[] = [];
    for (const [start, end] of plan.parts) {
      let cursor = start;
      while (cursor < end) {
        if (req.signal?.aborted) throw req.signal.reason ?? new Error('aborted');
        const page = await source.candles(symbol, interval, {
          startTime: cursor,
          endTime: end - 1,
          limit: KLINES_PER_REQUEST,
        });
        requests += 1;
        done = Math.min(total, done + 1);
        req.onProgress?.(done, total);
        const now = clock.now();
        for (const c of page) if (c.openTime >= cursor && c.openTime < end && c.closeTime < now) got.push(c);
        if (page.length < KLINES_PER_REQUEST) break;
        const next = page[page.length - 1]!.openTime + len;
        if (next <= cursor) break;
        cursor = next;
      }
    }
    const written = cache.writeMonth(symbol, interval, plan.month, got, plan.covered);
    candles += got.length;
    req.onMonth?.(plan.month, written.file, written.rows);
  }
  req.onProgress?.(total, total);
  return {
    dir: cache.dir(symbol, interval),
    months: plans.length + skipped,
    skippedMonths: skipped,
    requests,
    candles,
  };
}

const iso = (t: number): string => new Date(t).toISOString();
