/**
 * ReplayTape.indexAt (the last candle opening at or before a time) finds what a scan finds, on
 * evenly spaced candles and on data with gaps, before, inside and after the data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KlineSeries } from '../../src/exchanges/replay/csv-klines.js';
import { ReplayTape } from '../../src/exchanges/replay/replay-tape.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 1);

function series(openTimes: number[]): KlineSeries {
  const n = openTimes.length;
  const col = (v: number) => new Float64Array(n).fill(v);
  return {
    openTime: Float64Array.from(openTimes),
    open: col(100),
    high: col(110),
    low: col(90),
    close: col(105),
    volume: col(1000),
    intervalMs: MINUTE,
    priceDecimals: 2,
    qtyDecimals: 5,
    quoteVolume: col(NaN),
    trades: col(-1),
    takerBuyVolume: col(NaN),
    takerBuyQuoteVolume: col(NaN),
  };
}

describe('ReplayTape.indexAt', () => {
  it('finds the last candle opening at or before the time, with or without gaps', () => {
    fc.assert(
      fc.property(
        // Gaps of 0 (evenly spaced) or a few candles, and times anywhere around the data.
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: -5 * MINUTE, max: 400 * MINUTE }), { minLength: 1, maxLength: 30 }),
        (gaps, offsets) => {
          const opens: number[] = [];
          let t = T0;
          for (const gap of gaps) {
            t += gap * MINUTE;
            opens.push(t);
            t += MINUTE;
          }
          const tape = new ReplayTape(series(opens), 2, 5, 1);
          for (const offset of offsets) {
            const time = T0 + offset;
            let expected = -1;
            for (let i = 0; i < opens.length; i++) if (opens[i]! <= time) expected = i;
            expect(tape.indexAt(time)).toBe(expected);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
