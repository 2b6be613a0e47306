import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bollinger, BollingerUpdater } from '../../src/indicators/bollinger.js';
import { ema, EmaUpdater } from '../../src/indicators/ema.js';
import { macd, MacdUpdater } from '../../src/indicators/macd.js';
import { rsi, RsiUpdater } from '../../src/indicators/rsi.js';
import { sma, SmaUpdater } from '../../src/indicators/sma.js';
import { primed, type StreamingIndicator } from '../../src/indicators/streaming.js';

function randomWalk(length: number, seed: number): Float64Array {
  let state = seed;
  const out = new Float64Array(length);
  let price = 50_000;
  for (let i = 0; i < length; i++) {
    state = (state * 16807) % 2147483647;
    price *= 1 + (state / 2147483647 - 0.5) * 0.01;
    // every so often a run of identical closes, as illiquid markets print
    out[i] = i % 97 < 5 && i > 0 ? out[i - 1] : price;
  }
  return out;
}

/** Scalar view of every output so one comparison covers single- and multi-valued indicators. */
type Case = {
  name: string;
  make: () => StreamingIndicator<unknown>;
  batch: (c: Float64Array) => Float64Array[];
  fields: (v: unknown) => number[];
};
const scalar = (v: unknown): number[] => [v as number];
const cases: Case[] = [
  { name: 'SMA(20)', make: () => new SmaUpdater(20), batch: (c) => [sma(c, 20)], fields: scalar },
  { name: 'SMA(1)', make: () => new SmaUpdater(1), batch: (c) => [sma(c, 1)], fields: scalar },
  { name: 'EMA(12)', make: () => new EmaUpdater(12), batch: (c) => [ema(c, 12)], fields: scalar },
  { name: 'EMA(1)', make: () => new EmaUpdater(1), batch: (c) => [ema(c, 1)], fields: scalar },
  { name: 'RSI(14)', make: () => new RsiUpdater(14), batch: (c) => [rsi(c, 14)], fields: scalar },
  {
    name: 'RSI(14) metastock',
    make: () => new RsiUpdater(14, { compatibility: 'metastock' }),
    batch: (c) => [rsi(c, 14, { compatibility: 'metastock' })],
    fields: scalar,
  },
  {
    name: 'MACD(12,26,9)',
    make: () => new MacdUpdater(12, 26, 9),
    batch: (c) => {
      const m = macd(c, 12, 26, 9);
      return [m.macd, m.signal, m.histogram];
    },
    fields: (v) => {
      const m = v as { macd: number; signal: number; histogram: number };
      return [m.macd, m.signal, m.histogram];
    },
  },
  {
    name: 'MACD(26,12,1) (periods given slow first)',
    make: () => new MacdUpdater(26, 12, 1),
    batch: (c) => {
      const m = macd(c, 26, 12, 1);
      return [m.macd, m.signal, m.histogram];
    },
    fields: (v) => {
      const m = v as { macd: number; signal: number; histogram: number };
      return [m.macd, m.signal, m.histogram];
    },
  },
  ...(['sma', 'ema'] as const).map((middle) => ({
    name: `Bollinger(20,2) ${middle} middle`,
    make: () => new BollingerUpdater(20, 2, { middle }),
    batch: (c: Float64Array) => {
      const b = bollinger(c, 20, 2, { middle });
      return [b.upper, b.middle, b.lower];
    },
    fields: (v: unknown) => {
      const b = v as { upper: number; middle: number; lower: number };
      return [b.upper, b.middle, b.lower];
    },
  })),
];

// 2,600 bars: crosses Bollinger's 1,024-bar resynchronisation twice
const closes = randomWalk(2600, 7);

describe('incremental updaters', () => {
  for (const c of cases) {
    it(`${c.name} when fed bar by bar then update equals the batch value bit for bit at every bar`, () => {
      const batch = c.batch(closes);
      const updater = c.make();
      for (let i = 0; i < closes.length; i++) {
        const got = c.fields(updater.update(closes[i]));
        for (let f = 0; f < got.length; f++) {
          if (!Object.is(got[f], batch[f][i]))
            expect.fail(`${c.name} output ${f} at bar ${i}: ${got[f]} vs batch ${batch[f][i]}`);
        }
      }
      expect(updater.count).toBe(closes.length);
    });

    it(`${c.name} when peeking a forming bar then equals the batch value with that close, without committing`, () => {
      const batch = c.batch(closes);
      const updater = c.make();
      for (let i = 0; i < closes.length; i++) {
        const wobble = closes[i] * 1.003;
        const before = updater.count;
        updater.peek(wobble);
        updater.peek(closes[i] * 0.99);
        expect(updater.count).toBe(before);
        const got = c.fields(updater.peek(closes[i]));
        for (let f = 0; f < got.length; f++) {
          if (!Object.is(got[f], batch[f][i]))
            expect.fail(`${c.name} peek ${f} at bar ${i}: ${got[f]} vs batch ${batch[f][i]}`);
        }
        updater.update(closes[i]);
      }
    });
  }

  it('any updater when a random forming price is peeked then its value is the batch value of history plus that price', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1200 }),
        fc.double({ min: 1, max: 100_000, noNaN: true }),
        fc.integer({ min: 0, max: cases.length - 1 }),
        (bars, price, which) => {
          const c = cases[which];
          const history = closes.subarray(0, bars);
          const updater = primed(c.make(), history);
          const extended = new Float64Array(bars + 1);
          extended.set(history);
          extended[bars] = price;
          const batch = c.batch(extended);
          const got = c.fields(updater.peek(price));
          got.forEach((v, f) =>
            expect(Object.is(v, batch[f][bars]), `${c.name} field ${f}: ${v} vs ${batch[f][bars]}`).toBe(true),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
