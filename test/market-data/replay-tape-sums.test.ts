/**
 * The replay tape's shortcuts against its own trades: tradeTotals (what the average price sums)
 * and lastTrade equal what walking the trades one by one gives, for any window, including empty
 * candles, cut candles and times before and after the data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KlineSeries } from '../../src/exchanges/replay/csv-klines.js';
import { ReplayTape } from '../../src/exchanges/replay/replay-tape.js';
import { emptyKlineSeries } from '../support/kline-series.js';
import type { TapeTrade } from '../../src/exchanges/synthetic/tape.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 1);

function series(n: number, seed: number, intervalMs = MINUTE): KlineSeries {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const s = emptyKlineSeries(n, intervalMs);
  let price = 3_000_000;
  for (let i = 0; i < n; i++) {
    const open = price;
    price = Math.max(100, Math.round(price * (1 + (next() - 0.5) * 0.01)));
    s.openTime[i] = T0 + i * intervalMs;
    s.open[i] = open;
    s.close[i] = price;
    s.high[i] = Math.max(open, price) + Math.round(next() * 500);
    s.low[i] = Math.min(open, price) - Math.round(next() * 500);
    // Some candles traded nothing.
    s.volume[i] = next() < 0.1 ? 0 : Math.round(next() * 9_000_000);
  }
  return s;
}

function walked(tape: ReplayTape, from: number, to: number): { qty: number; quote: number; trades: TapeTrade[] } {
  let qty = 0n;
  let quote = 0n;
  const trades: TapeTrade[] = [];
  tape.trades(from, to, (t) => {
    qty += BigInt(t.qty);
    quote += BigInt(t.price) * BigInt(t.qty);
    trades.push(t);
  });
  return { qty: Number(qty), quote: Number(quote), trades };
}

describe('the replay tape’s sums and last trade', () => {
  for (const [name, intervalMs, tick] of [
    ['1m candles', MINUTE, 1],
    ['1h candles on a 5-unit tick', 60 * MINUTE, 5],
    ['odd 7s candles', 7_000, 1],
  ] as const) {
    it(name, () => {
      const s = series(400, 7 + intervalMs);
      const tape = new ReplayTape(s, 2, 5, tick);
      const end = T0 + 400 * intervalMs;
      fc.assert(
        fc.property(
          // Anywhere, or on and next to candle edges (where the average price's windows start and end).
          fc.oneof(
            fc.integer({ min: T0 - 3 * intervalMs, max: end + 3 * intervalMs }),
            fc
              .tuple(fc.integer({ min: -3, max: 403 }), fc.constantFrom(-1, 0, 1, intervalMs - 1))
              .map(([k, d]) => T0 + k * intervalMs + d),
          ),
          fc.oneof(
            fc.integer({ min: 0, max: 12 * intervalMs }),
            fc
              .tuple(fc.integer({ min: 0, max: 8 }), fc.constantFrom(-1, 0, 1))
              .map(([k, d]) => Math.max(0, k * intervalMs + d)),
          ),
          (from, span) => {
            const to = from + span;
            const w = walked(tape, from, to);
            expect(tape.tradeTotals(from, to)).toEqual({ qty: w.qty, quote: w.quote });
            // The last trade at or before `to`: the last one walked from the start of the data.
            let all = walked(tape, to - 30 * intervalMs, to).trades;
            if (all.length === 0) all = walked(tape, T0 - 1, to).trades;
            expect(tape.lastTrade(to)).toEqual(all.length ? all[all.length - 1] : null);
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  it('gives up (null) when a sum would not be a safe integer, so the caller adds up in bigint', () => {
    const s = series(10, 3);
    s.volume.fill(2 ** 40);
    const tape = new ReplayTape(s, 2, 5, 1);
    expect(tape.tradeTotals(T0 - 1, T0 + 5 * MINUTE)).toBeNull();
    expect(walked(tape, T0 - 1, T0 + 5 * MINUTE).quote).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
  });
});
