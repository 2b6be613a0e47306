/**
 * The average price's bounds (TapeMarketData.averagePriceBounds over the replay tape's price range)
 * hold the exact average price (averagePriceNow, which sums the window's trades) at any time:
 * before, inside and after the data, on candle edges, with candles that traded nothing or so little
 * that some of their ticks carry no quantity, on a tick grid, and at more decimals than the average's 8.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import type { KlineSeries } from '../../src/exchanges/replay/csv-klines.js';
import { ReplayMarketData } from '../../src/exchanges/replay/replay-market-data.js';
import { ReplayTape } from '../../src/exchanges/replay/replay-tape.js';
import { emptyKlineSeries } from '../support/kline-series.js';
import type { BookShape } from '../../src/exchanges/synthetic/book.js';
import { Big } from '../../src/model/money.js';
import { btcUsd } from '../simulator/fixtures.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 1);

/** A random walk of `n` candles whose prices are multiples of `tick` units. */
function series(n: number, seed: number, tick: number, intervalMs: number): KlineSeries {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const s = emptyKlineSeries(n, intervalMs);
  const onTick = (units: number) => Math.max(tick, Math.round(units / tick) * tick);
  let price = onTick(3_000_000) + (tick === 1 ? 37 : 0);
  let flat = 0;
  for (let i = 0; i < n; i++) {
    const open = price;
    // Runs of candles that all print one price: there the average is that price, on both bounds' edge.
    if (flat === 0 && next() < 0.05) flat = Math.ceil((8 * MINUTE) / intervalMs);
    if (flat > 0) flat -= 1;
    else price = onTick(price * (1 + (next() - 0.5) * 0.01));
    s.openTime[i] = T0 + i * intervalMs;
    s.open[i] = open;
    s.close[i] = price;
    s.high[i] = Math.max(open, price) + (flat > 0 ? 0 : onTick(next() * 800));
    s.low[i] = Math.max(tick, Math.min(open, price) - (flat > 0 ? 0 : onTick(next() * 800)));
    const kind = next();
    // Some candles traded nothing, some so little that most of their 61 ticks carry no quantity.
    s.volume[i] = kind < 0.15 ? 0 : kind < 0.3 ? Math.floor(next() * 40) : Math.round(next() * 9_000_000);
  }
  return s;
}

function market(priceDecimals: number, intervalMs: number, tick: number, mins: number) {
  const s = series(300, 11 + tick + priceDecimals, tick, intervalMs);
  const m = btcUsd();
  m.filters.percentPrice = { multiplierUp: '5', multiplierDown: '0.2', avgPriceMins: mins };
  const book: BookShape = {
    symbol: 'BTCUSD',
    key: 1,
    priceDecimals,
    qtyDecimals: 5,
    tickUnits: tick,
    stepUnits: 1,
    minQtyUnits: 1,
    levelQtyUnits: 1000,
    spreadBps: 2,
    maxPriceUnits: 0,
  };
  const tape = new ReplayTape(s, priceDecimals, 5, tick);
  const clock = new ManualClock(T0);
  const md = new ReplayMarketData('test', new Map([['BTCUSD', { market: m, tape, book }]]), T0, clock, []);
  return { md, clock, end: T0 + 300 * intervalMs };
}

describe('the average price’s bounds', () => {
  for (const [name, priceDecimals, intervalMs, tick, mins] of [
    ['1m candles, 2 decimals', 2, MINUTE, 1, 5],
    ['1m candles on a 5-unit tick, a 1-minute average', 2, MINUTE, 5, 1],
    ['odd 7s candles, 8 decimals', 8, 7_000, 1, 5],
    ['1m candles at 10 decimals (the average is cut to 8)', 10, MINUTE, 3, 5],
  ] as const) {
    it(`hold the exact average: ${name}`, () => {
      const { md, clock, end } = market(priceDecimals, intervalMs, tick, mins);
      let bounded = 0;
      let onEdge = 0;
      fc.assert(
        fc.property(
          fc.oneof(
            fc.integer({ min: T0 - 10 * intervalMs, max: end + 10 * intervalMs }),
            fc
              .tuple(fc.integer({ min: -3, max: 303 }), fc.constantFrom(-1, 0, 1, intervalMs - 1))
              .map(([k, d]) => T0 + k * intervalMs + d),
          ),
          (time) => {
            clock.set(time);
            const bounds = md.averagePriceBounds('BTCUSD');
            if (!bounds) return;
            bounded += 1;
            const average = new Big(md.averagePriceNow('BTCUSD').price);
            const unit = new Big(10).pow(-bounds.decimals);
            expect(bounds.low).toBeLessThanOrEqual(bounds.high);
            expect(average.gte(unit.times(bounds.low)), `${average} >= low ${bounds.low}`).toBe(true);
            expect(average.lte(unit.times(bounds.high)), `${average} <= high ${bounds.high}`).toBe(true);
            // Within a tick of an edge (how far the bounds are widened): the cases that test them.
            if (average.minus(unit.times(bounds.low)).lte(unit.times(2 * tick))) onEdge += 1;
          },
        ),
        { numRuns: 1500 },
      );
      expect(bounded).toBeGreaterThan(800);
      expect(onEdge).toBeGreaterThan(20);
    });
  }

  it('are not given for a symbol priced at its last trade (avgPriceMins 0)', () => {
    const { md, clock } = market(2, MINUTE, 1, 0);
    clock.set(T0 + 100 * MINUTE);
    expect(md.averagePriceBounds('BTCUSD')).toBeNull();
  });
});
