import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atr, AtrUpdater } from '../../src/indicators/atr.js';
import { obv, ObvUpdater } from '../../src/indicators/obv.js';
import type { Bar } from '../../src/indicators/ohlcv.js';
import { stochastic, StochasticUpdater } from '../../src/indicators/stochastic.js';
import type { StreamingIndicator } from '../../src/indicators/streaming.js';
import { vwap, VwapUpdater } from '../../src/indicators/vwap.js';

const HOUR = 3_600_000;

function bars(length: number, seed: number): Bar[] {
  let state = seed;
  const rnd = (): number => (state = (state * 16807) % 2147483647) / 2147483647;
  let close = 100;
  return Array.from({ length }, (_, i) => {
    const open = close;
    close = i % 50 < 3 ? open : open * (1 + (rnd() - 0.5) * 0.02);
    const high = Math.max(open, close) * (1 + rnd() * 0.005);
    const low = Math.min(open, close) * (1 - rnd() * 0.005);
    return { high, low, close, volume: Math.floor(rnd() * 1000), openTime: Date.UTC(2025, 0, 1) + i * HOUR };
  });
}

const columns = (b: Bar[]) => ({
  high: Float64Array.from(b.map((x) => x.high)),
  low: Float64Array.from(b.map((x) => x.low)),
  close: Float64Array.from(b.map((x) => x.close)),
  volume: Float64Array.from(b.map((x) => x.volume)),
  openTime: Float64Array.from(b.map((x) => x.openTime!)),
});

const hand: Bar[] = [
  { high: 10, low: 8, close: 9, volume: 100 },
  { high: 11, low: 9, close: 10, volume: 200 },
  { high: 12, low: 10.5, close: 12, volume: 150 },
  { high: 12, low: 7, close: 8, volume: 300 },
  { high: 9, low: 8, close: 8, volume: 50 },
];

describe('ATR, stochastic, OBV, VWAP on hand-worked bars', () => {
  it('atr(2) when bars gap then uses the true range and Wilder smoothing from bar 2', () => {
    // true ranges: bar1 max(2,|10-11|,|10-9|... prev close 9: |9-11|=2,|9-9|=0) = 2; bar2 prev 10: max(1.5, 2, 0.5) = 2;
    // bar3 prev 12: max(5, 0, 5) = 5; bar4 prev 8: max(1, 1, 0) = 1. ATR: bar2 (2+2)/2 = 2, bar3 (2+5)/2 = 3.5, bar4 (3.5+1)/2 = 2.25
    const c = columns(hand);
    expect(Array.from(atr(c.high, c.low, c.close, 2))).toEqual([NaN, NaN, 2, 3.5, 2.25]);
  });
  it('obv when closes rise, fall and repeat then adds, subtracts and carries the volume', () => {
    const c = columns(hand);
    expect(Array.from(obv(c.close, c.volume))).toEqual([100, 300, 450, 150, 150]);
  });
  it('stochastic(3,1,1) when close sits in the 3-bar range then reads its position in percent', () => {
    // bar2: range 8..12, close 12 -> 100; bar3: 7..12, close 8 -> 20; bar4: 7..12, close 8 -> 20
    const c = columns(hand);
    const s = stochastic(c.high, c.low, c.close, 3, 1, 1);
    expect(Array.from(s.k)).toEqual([NaN, NaN, 100, 20, 20]);
    expect(Array.from(s.d)).toEqual([NaN, NaN, 100, 20, 20]);
    const slow = stochastic(c.high, c.low, c.close, 3, 2, 2);
    expect(Array.from(slow.k)).toEqual([NaN, NaN, NaN, NaN, 20]);
    expect(slow.d[4]).toBe(40); // mean of %K 60 (bar3) and 20 (bar4)
  });
  it('vwap when cumulated then weights the typical price by volume', () => {
    // typical prices 9, 10, 11.5, 9, 25/3; vwap bar1 = (900 + 2000)/300
    const c = columns(hand);
    const v = vwap(c.high, c.low, c.close, c.volume);
    expect(v[0]).toBe(9);
    expect(v[1]).toBeCloseTo(2900 / 300, 12);
    expect(v[4]).toBeCloseTo((900 + 2000 + 1725 + 2700 + (25 / 3) * 50) / 800, 12);
  });
  it('vwap when anchored daily then restarts at 00:00 UTC, and is NaN before any volume', () => {
    const b = bars(60, 3).map((x, i) => (i === 24 ? { ...x, volume: 0 } : x));
    const c = columns(b);
    const v = vwap(c.high, c.low, c.close, c.volume, c.openTime);
    expect(Number.isNaN(v[24])).toBe(true);
    expect(v[25]).toBeCloseTo((b[25].high + b[25].low + b[25].close) / 3, 12);
  });
  it('stochastic when the window has no range then reads 50', () => {
    const flat = new Float64Array(20).fill(5);
    expect(stochastic(flat, flat, flat).k[19]).toBe(50);
  });
});

describe('ATR and stochastic against textbook implementations', () => {
  it('atr when any bars then equals mean-seeded Wilder smoothing of the true range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 1000 }),
        (n, period, seed) => {
          const b = bars(n, seed);
          const c = columns(b);
          const tr = b.map((x, i) =>
            i === 0
              ? NaN
              : Math.max(x.high - x.low, Math.abs(x.high - b[i - 1].close), Math.abs(x.low - b[i - 1].close)),
          );
          const got = atr(c.high, c.low, c.close, period);
          let avg = NaN;
          for (let i = 0; i < n; i++) {
            if (i === period) avg = tr.slice(1, period + 1).reduce((s, x) => s + x, 0) / period;
            else if (i > period) avg = avg + (tr[i] - avg) / period;
            if (i < period) expect(Number.isNaN(got[i])).toBe(true);
            else expect(got[i]).toBeCloseTo(avg, 9);
          }
        },
      ),
    );
  });
  it('stochastic when any bars then %K and %D are the smoothed position of the close in the high-low range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 1000 }),
        (n, kp, ks, dp, seed) => {
          const b = bars(n, seed);
          const c = columns(b);
          const got = stochastic(c.high, c.low, c.close, kp, ks, dp);
          const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
          const raw = b.map((x, i) => {
            if (i < kp - 1) return NaN;
            const w = b.slice(i - kp + 1, i + 1);
            const hh = Math.max(...w.map((y) => y.high));
            const ll = Math.min(...w.map((y) => y.low));
            return hh === ll ? 50 : (100 * (x.close - ll)) / (hh - ll);
          });
          const k = raw.map((_, i) => (i < kp - 1 + ks - 1 ? NaN : mean(raw.slice(i - ks + 1, i + 1))));
          const d = k.map((_, i) => (i < kp + ks + dp - 3 ? NaN : mean(k.slice(i - dp + 1, i + 1))));
          for (let i = 0; i < n; i++) {
            if (i < kp + ks + dp - 3) {
              expect(Number.isNaN(got.k[i]) && Number.isNaN(got.d[i])).toBe(true);
            } else {
              expect(got.k[i]).toBeCloseTo(k[i], 8);
              expect(got.d[i]).toBeCloseTo(d[i], 8);
            }
          }
        },
      ),
    );
  });
});

describe('ATR, stochastic, OBV, VWAP incremental updaters', () => {
  const b = bars(1500, 11);
  const c = columns(b);
  const cases: [string, () => StreamingIndicator<unknown, Bar>, Float64Array[], (v: unknown) => number[]][] = [
    ['ATR(14)', () => new AtrUpdater(14), [atr(c.high, c.low, c.close, 14)], (v) => [v as number]],
    ['OBV', () => new ObvUpdater(), [obv(c.close, c.volume)], (v) => [v as number]],
    ['VWAP cumulative', () => new VwapUpdater(), [vwap(c.high, c.low, c.close, c.volume)], (v) => [v as number]],
    [
      'VWAP daily',
      () => new VwapUpdater({ daily: true }),
      [vwap(c.high, c.low, c.close, c.volume, c.openTime)],
      (v) => [v as number],
    ],
    ...(
      [
        [14, 3, 3],
        [5, 1, 1],
        [1, 2, 4],
      ] as const
    ).map(([kp, ks, dp]) => {
      const s = stochastic(c.high, c.low, c.close, kp, ks, dp);
      return [
        `stochastic(${kp},${ks},${dp})`,
        () => new StochasticUpdater(kp, ks, dp),
        [s.k, s.d],
        (v: unknown) => {
          const x = v as { k: number; d: number };
          return [x.k, x.d];
        },
      ] as [string, () => StreamingIndicator<unknown, Bar>, Float64Array[], (v: unknown) => number[]];
    }),
  ];
  for (const [name, make, batch, fields] of cases) {
    it(`${name} when fed bar by bar, peeking a forming bar first, then peek and update equal the batch bit for bit`, () => {
      const u = make();
      for (let i = 0; i < b.length; i++) {
        u.peek({ ...b[i], high: b[i].high * 1.01, low: b[i].low * 0.98, close: b[i].close * 1.005 });
        const peeked = fields(u.peek(b[i]));
        const updated = fields(u.update(b[i]));
        for (let f = 0; f < batch.length; f++) {
          if (!Object.is(peeked[f], batch[f][i]) || !Object.is(updated[f], batch[f][i])) {
            expect.fail(
              `${name} output ${f} at bar ${i}: peek ${peeked[f]}, update ${updated[f]}, batch ${batch[f][i]}`,
            );
          }
        }
      }
      expect(u.count).toBe(b.length);
    });
  }
});
