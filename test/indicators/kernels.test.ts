import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bollinger } from '../../src/indicators/bollinger.js';
import { ema } from '../../src/indicators/ema.js';
import { macd } from '../../src/indicators/macd.js';
import { rsi } from '../../src/indicators/rsi.js';
import { sma } from '../../src/indicators/sma.js';

/* Straightforward textbook implementations, written differently from the kernels on purpose
   (slices, two-pass variance, RSI as 100 - 100/(1+RS)), to check the kernels against. */
type Ref = (number | null)[];

function refSma(x: number[], n: number): Ref {
  return x.map((_, i) => (i < n - 1 ? null : x.slice(i - n + 1, i + 1).reduce((a, b) => a + b, 0) / n));
}

function refEma(x: number[], n: number, seedStart = 0): Ref {
  const out: Ref = x.map(() => null);
  const seedEnd = seedStart + n - 1;
  if (seedEnd >= x.length) return out;
  let prev = x.slice(seedStart, seedEnd + 1).reduce((a, b) => a + b, 0) / n;
  out[seedEnd] = prev;
  for (let i = seedEnd + 1; i < x.length; i++) {
    prev = prev + (2 / (n + 1)) * (x[i] - prev);
    out[i] = prev;
  }
  return out;
}

function refRsi(x: number[], n: number): Ref {
  const out: Ref = x.map(() => null);
  if (x.length <= n) return out;
  const gains = x.slice(1).map((v, i) => Math.max(v - x[i], 0));
  const losses = x.slice(1).map((v, i) => Math.max(x[i] - v, 0));
  let avgGain = gains.slice(0, n).reduce((a, b) => a + b, 0) / n;
  let avgLoss = losses.slice(0, n).reduce((a, b) => a + b, 0) / n;
  const value = (): number =>
    avgGain === 0 && avgLoss === 0 ? 50 : avgLoss === 0 ? 100 : 100 - 100 / (1 + avgGain / avgLoss);
  out[n] = value();
  for (let i = n + 1; i < x.length; i++) {
    avgGain = (avgGain * (n - 1) + gains[i - 1]) / n;
    avgLoss = (avgLoss * (n - 1) + losses[i - 1]) / n;
    out[i] = value();
  }
  return out;
}

function refBollinger(x: number[], n: number, k: number): { upper: Ref; middle: Ref; lower: Ref } {
  const middle = refSma(x, n);
  const sd = x.map((_, i) => {
    if (i < n - 1) return null;
    const w = x.slice(i - n + 1, i + 1);
    const mean = w.reduce((a, b) => a + b, 0) / n;
    return Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  });
  return {
    middle,
    upper: middle.map((m, i) => (m === null ? null : m + k * sd[i]!)),
    lower: middle.map((m, i) => (m === null ? null : m - k * sd[i]!)),
  };
}

function refMacd(x: number[], fast: number, slow: number, signal: number): { macd: Ref; signal: Ref; histogram: Ref } {
  const fastEma = refEma(x, fast, slow - fast);
  const slowEma = refEma(x, slow);
  const line = x.map((_, i) => (i < slow - 1 ? null : fastEma[i]! - slowEma[i]!));
  const lineValues = line.slice(slow - 1) as number[];
  const sig = [...x.slice(0, slow - 1).map(() => null), ...refEma(lineValues, signal)];
  const first = slow + signal - 2;
  const mask = (r: Ref): Ref => r.map((v, i) => (i < first || v === null ? null : v));
  return {
    macd: mask(line),
    signal: mask(sig),
    histogram: mask(line.map((m, i) => (sig[i] === null ? null : m! - sig[i]!))),
  };
}

function expectSeries(actual: Float64Array, expected: Ref, tolerance = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    if (e === null) expect(Number.isNaN(actual[i]), `bar ${i} should be warm-up NaN, got ${actual[i]}`).toBe(true);
    else
      expect(Math.abs(actual[i] - e), `bar ${i}: ${actual[i]} vs ${e}`).toBeLessThanOrEqual(
        tolerance * Math.max(1, Math.abs(e)),
      );
  });
}

interface HandCase {
  name: string;
  indicator: string;
  closes?: number[];
  period?: number;
  deviations?: number;
  expected: unknown;
}
const fixturePath = fileURLToPath(new URL('../fixtures/indicators/hand-computed.json', import.meta.url));
const handCases = (JSON.parse(readFileSync(fixturePath, 'utf8')) as { cases: HandCase[] }).cases;
const byIndicator = (name: string): HandCase => handCases.find((c) => c.indicator === name)!;

describe('batch kernels on hand-computed fixtures', () => {
  it('sma when period 3 on a short series then matches the worked sums', () => {
    const c = byIndicator('sma');
    expectSeries(sma(Float64Array.from(c.closes!), c.period!), c.expected as Ref);
  });
  it('ema when period 3 then seeds with the SMA and follows k = 0.5', () => {
    const c = byIndicator('ema');
    expectSeries(ema(Float64Array.from(c.closes!), c.period!), c.expected as Ref);
  });
  it('rsi when period 3 then matches the worked Wilder fractions', () => {
    const c = byIndicator('rsi');
    expectSeries(rsi(Float64Array.from(c.closes!), c.period!), c.expected as Ref);
  });
  it('bollinger when period 3 then uses the population standard deviation', () => {
    const c = byIndicator('bollinger');
    const e = c.expected as { upper: Ref; middle: Ref; lower: Ref };
    const b = bollinger(Float64Array.from(c.closes!), c.period!, c.deviations!);
    expectSeries(b.middle, e.middle);
    expectSeries(b.upper, e.upper);
    expectSeries(b.lower, e.lower);
  });
  it('macd when closes are a straight line then MACD and signal are 7 from bar 33', () => {
    const e = byIndicator('macd').expected as { firstBar: number; macd: number; signal: number; histogram: number };
    const line = Float64Array.from({ length: 40 }, (_, i) => i);
    const m = macd(line, 12, 26, 9);
    expect(Number.isNaN(m.macd[e.firstBar - 1])).toBe(true);
    expect(Number.isNaN(m.signal[e.firstBar - 1])).toBe(true);
    for (let i = e.firstBar; i < 40; i++) {
      expect(m.macd[i]).toBeCloseTo(e.macd, 10);
      expect(m.signal[i]).toBeCloseTo(e.signal, 10);
      expect(m.histogram[i]).toBeCloseTo(e.histogram, 10);
    }
  });
});

const pricesArb = fc.array(fc.double({ min: 0.0001, max: 100_000, noNaN: true }), { minLength: 0, maxLength: 160 });
const walkArb = fc
  .array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 0, maxLength: 160 })
  .map((steps) => {
    let p = 100;
    return steps.map((s) => (p *= 1 + s));
  });
const seriesArb = fc.oneof(pricesArb, walkArb);

describe('batch kernels against textbook implementations', () => {
  it('sma when any series and period then equals the windowed mean', () => {
    fc.assert(
      fc.property(seriesArb, fc.integer({ min: 1, max: 60 }), (x, n) =>
        expectSeries(sma(Float64Array.from(x), n), refSma(x, n)),
      ),
    );
  });
  it('ema when any series and period then equals the SMA-seeded recursion', () => {
    fc.assert(
      fc.property(seriesArb, fc.integer({ min: 1, max: 60 }), (x, n) =>
        expectSeries(ema(Float64Array.from(x), n), refEma(x, n)),
      ),
    );
  });
  it('rsi when any series and period then equals 100 - 100/(1+RS) with Wilder averages', () => {
    fc.assert(
      fc.property(seriesArb, fc.integer({ min: 2, max: 40 }), (x, n) =>
        expectSeries(rsi(Float64Array.from(x), n), refRsi(x, n), 1e-7),
      ),
    );
  });
  it('bollinger when any series then equals mean ± k × two-pass population deviation', () => {
    fc.assert(
      fc.property(seriesArb, fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 4, noNaN: true }), (x, n, k) => {
        const b = bollinger(Float64Array.from(x), n, k);
        const r = refBollinger(x, n, k);
        // absolute tolerance scaled to the price level: the variance of a flat window is 0 only up to rounding
        const scale = Math.max(1, ...x) * 1e-6;
        expectSeries(b.middle, r.middle);
        expectSeries(b.upper, r.upper, scale);
        expectSeries(b.lower, r.lower, scale);
      }),
    );
  });
  it('macd when any periods then uses EMAs that both start at bar slow-1', () => {
    fc.assert(
      fc.property(
        walkArb,
        fc.integer({ min: 2, max: 15 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 12 }),
        (x, fast, extra, signal) => {
          const slow = fast + extra;
          const m = macd(Float64Array.from(x), fast, slow, signal);
          const r = refMacd(x, fast, slow, signal);
          expectSeries(m.macd, r.macd, 1e-8);
          expectSeries(m.signal, r.signal, 1e-8);
          expectSeries(m.histogram, r.histogram, 1e-8);
        },
      ),
    );
  });
});

describe('warm-up and arguments', () => {
  const x = Float64Array.from({ length: 60 }, (_, i) => 100 + Math.sin(i));
  it('kernels when warming up then give NaN (never 0) exactly until their first bar', () => {
    const firstBar = (s: Float64Array): number => s.findIndex((v) => !Number.isNaN(v));
    expect(firstBar(sma(x, 20))).toBe(19);
    expect(firstBar(ema(x, 26))).toBe(25);
    expect(firstBar(rsi(x, 14))).toBe(14);
    expect(firstBar(rsi(x, 14, { compatibility: 'metastock' }))).toBe(13);
    const m = macd(x);
    expect([firstBar(m.macd), firstBar(m.signal), firstBar(m.histogram)]).toEqual([33, 33, 33]);
    const b = bollinger(x);
    expect([firstBar(b.upper), firstBar(b.middle), firstBar(b.lower)]).toEqual([19, 19, 19]);
    for (const s of [sma(x, 20), ema(x, 26), rsi(x, 14), m.macd, m.signal, b.upper]) {
      expect(s.slice(firstBar(s)).every((v) => Number.isFinite(v))).toBe(true);
    }
  });
  it('kernels when history is shorter than the period then return all NaN of the same length', () => {
    const short = x.subarray(0, 10);
    for (const s of [sma(short, 20), ema(short, 12), rsi(short, 14), macd(short).signal, bollinger(short).lower]) {
      expect(s.length).toBe(10);
      expect(s.every((v) => Number.isNaN(v))).toBe(true);
    }
    expect(sma(new Float64Array(0), 5).length).toBe(0);
  });
  it('rsi when price is flat then reads 50, and 100 when it only rises', () => {
    expect(rsi(new Float64Array(20).fill(7), 14)[19]).toBe(50);
    expect(
      rsi(
        Float64Array.from({ length: 20 }, (_, i) => i),
        14,
      )[19],
    ).toBe(100);
  });
  it('bollinger when the window is flat then the bands collapse onto the middle', () => {
    const b = bollinger(new Float64Array(25).fill(0.00001234), 20, 2);
    expect(b.upper[24]).toBe(b.middle[24]);
    expect(b.lower[24]).toBe(b.middle[24]);
  });
  it('bollinger when tiny prices (sub-cent coins) then the width is not rounded away', () => {
    const tiny = Float64Array.from({ length: 20 }, (_, i) => 0.00001 * (1 + (i % 2) * 0.01));
    const b = bollinger(tiny, 20, 2);
    expect(b.upper[19] - b.middle[19]).toBeCloseTo(2 * 0.00001 * 0.005, 15);
  });
  it('kernels when given an output buffer then fill and return it; a wrong length throws', () => {
    const out = new Float64Array(60).fill(123);
    expect(sma(x, 20, out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(sma(x, 20)));
    expect(() => ema(x, 12, new Float64Array(59))).toThrow(RangeError);
  });
  it('kernels when period is not a positive integer then throw RangeError', () => {
    expect(() => sma(x, 0)).toThrow(RangeError);
    expect(() => ema(x, 2.5)).toThrow(RangeError);
    expect(() => rsi(x, 1)).toThrow(RangeError);
    expect(() => bollinger(x, 20, -1)).toThrow(RangeError);
  });
});
