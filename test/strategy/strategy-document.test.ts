import { describe, expect, it } from 'vitest';
import {
  InvalidStrategy,
  instantiateTemplate,
  parseStrategy,
  SignalEvaluator,
  TEMPLATES,
  type SignalStrategy,
} from '../../src/strategy/index.js';

const smaCross = {
  type: 'signal',
  name: 'x',
  symbols: ['BTCUSDT'],
  interval: '1h',
  indicators: { fast: { kind: 'sma', period: 2 }, slow: { kind: 'sma', period: 3 } },
  entry: { crossesAbove: ['fast', 'slow'] },
  exit: { crossesBelow: ['fast', 'slow'] },
  sizing: { kind: 'percent_equity', percent: 100 },
};

function issuesOf(doc: unknown): { path: string; message: string }[] {
  try {
    parseStrategy(doc);
  } catch (error) {
    if (error instanceof InvalidStrategy) return error.issues;
    throw error;
  }
  throw new Error('document was accepted');
}

describe('strategy documents', () => {
  it('fills defaults and hashes the canonical form: key order and defaults do not change the hash', () => {
    const a = parseStrategy(smaCross);
    const reordered = {
      ...Object.fromEntries(Object.entries(smaCross).reverse()),
      limits: { cooldownBars: 0, maxOpenPositions: 1 },
    };
    const b = parseStrategy(reordered);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
    expect(parseStrategy({ ...smaCross, name: 'y' }).hash).not.toBe(a.hash);
  });

  it('names the JSON path of an unknown reference and lists what is allowed', () => {
    const issues = issuesOf({ ...smaCross, entry: { all: [{ gt: ['close', 1] }, { crossesAbove: ['fast', 'slw'] }] } });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('$.entry.all[1].crossesAbove[1]');
    expect(issues[0]!.message).toContain('unknown reference "slw"');
    expect(issues[0]!.message).toContain('fast, slow');
  });

  it('names the path of a bad indicator parameter and a bad condition', () => {
    expect(issuesOf({ ...smaCross, indicators: { fast: { kind: 'sma', period: 0 } } })[0]!.path).toBe(
      '$.indicators.fast.period',
    );
    const bad = issuesOf({ ...smaCross, entry: { crossesAbove: ['fast'] } });
    expect(bad[0]!.path).toMatch(/^\$\.entry\.crossesAbove/);
    const unknown = issuesOf({ ...smaCross, entry: { peek: ['close', 1] } });
    expect(unknown[0]!.path).toBe('$.entry');
    expect(unknown[0]!.message).toContain('crossesAbove');
  });

  it('refuses a look-ahead: a negative offset cannot be written', () => {
    const issues = issuesOf({ ...smaCross, entry: { gt: [{ ref: 'close', offset: -1 }, 'close'] } });
    expect(issues[0]!.path).toBe('$.entry.gt[0].offset');
  });

  it('refuses risk sizing without a stop and an ATR stop naming a non-ATR indicator', () => {
    expect(issuesOf({ ...smaCross, sizing: { kind: 'risk_per_trade', percent: 1 } })[0]!.path).toBe('$.sizing.kind');
    expect(issuesOf({ ...smaCross, protection: { stopLoss: { atr: 'fast', multiple: 2 } } })[0]!.path).toBe(
      '$.protection.stopLoss.atr',
    );
  });

  it('every template instantiates with its defaults and with a parameter changed', () => {
    expect(TEMPLATES.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'buy-and-hold',
        'dca',
        'grid',
        'rsi-mean-reversion',
        'macd-cross',
        'sma-cross',
        'ema-cross',
        'bollinger-reversion',
        'bollinger-breakout',
        'trailing-stop-runner',
      ]),
    );
    for (const t of TEMPLATES) {
      const parsed = instantiateTemplate(t.name);
      expect(parsed.strategy.name).toBe(t.name);
      for (const p of t.parameters) {
        if (typeof p.default !== 'number' || p.min === undefined) continue;
        const between = Math.ceil((p.min + p.default) / 2);
        if (between !== p.default)
          expect(instantiateTemplate(t.name, { [p.name]: between }).hash).not.toBe(parsed.hash);
      }
    }
    expect(() => instantiateTemplate('sma-cross', { fats: 3 })).toThrow(/no parameter "fats"/);
    expect(() => instantiateTemplate('nope')).toThrow(/allowed: buy-and-hold/);
  });
});

describe('SignalEvaluator', () => {
  it('detects crosses on closed bars only, and bars-since remembers', () => {
    const strategy = parseStrategy({
      ...smaCross,
      exit: { barsSince: { condition: { crossesAbove: ['fast', 'slow'] }, atMost: 1 } },
    }).strategy as SignalStrategy;
    const ev = new SignalEvaluator(strategy, { barsSinceEntry: () => Infinity });
    const closes = [10, 9, 8, 7, 9, 12, 13, 12, 11];
    const entries: number[] = [];
    const recent: number[] = [];
    closes.forEach((close, i) => {
      ev.onBar({ open: close, high: close, low: close, close, volume: 1, openTime: i });
      if (ev.entry()) entries.push(i);
      if (ev.exit()) recent.push(i);
    });
    // fast = sma2, slow = sma3: at i=4 fast 8 vs slow 8 (not above), at i=5 fast 10.5 > slow 9.33 and before 8 <= 8
    expect(entries).toEqual([5]);
    expect(recent).toEqual([5, 6]);
  });
});

describe('SignalEvaluator lookback', () => {
  it('reads as far back as the conditions ask, however many bars have passed (its series keep only that many)', () => {
    const strategy = parseStrategy({
      ...smaCross,
      entry: {
        gt: [
          { ref: 'close', offset: 37 },
          { ref: 'close', offset: 0, times: 1.01 },
        ],
      },
      exit: {
        crossesBelow: [
          { ref: 'fast', offset: 20 },
          { ref: 'slow', offset: 19 },
        ],
      },
    }).strategy as SignalStrategy;
    const ev = new SignalEvaluator(strategy, { barsSinceEntry: () => Infinity });
    const closes = Array.from({ length: 700 }, (_, i) => 100 + 10 * Math.sin(i / 9) + (i % 7));
    const sma = (n: number, i: number) =>
      i + 1 < n ? NaN : closes.slice(i + 1 - n, i + 1).reduce((a, b) => a + b, 0) / n;
    const fast = (i: number) => (i < 0 ? NaN : sma(smaCross.indicators.fast.period, i));
    const slow = (i: number) => (i < 0 ? NaN : sma(smaCross.indicators.slow.period, i));
    const got: string[] = [];
    const want: string[] = [];
    closes.forEach((close, i) => {
      ev.onBar({ open: close, high: close, low: close, close, volume: 1, openTime: i });
      got.push(`${ev.entry()} ${ev.exit()}`);
      const entry = i >= 37 && closes[i - 37]! > close * 1.01;
      const [f0, s0, f1, s1] = [fast(i - 20), slow(i - 19), fast(i - 21), slow(i - 20)];
      want.push(`${entry} ${f0 < s0 && f1 >= s1}`);
    });
    expect(got).toEqual(want);
    expect(got.filter((g) => g.startsWith('true')).length).toBeGreaterThan(10);
    expect(got.filter((g) => g.endsWith('true')).length).toBeGreaterThan(3);
  });
});
