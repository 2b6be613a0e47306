import { describe, expect, it } from 'vitest';
import { bollinger } from '../../src/indicators/bollinger.js';
import { ema } from '../../src/indicators/ema.js';
import { macd } from '../../src/indicators/macd.js';
import { buildIndicatorReport, INDICATOR_HISTORY_BARS } from '../../src/indicators/report.js';
import { rsi } from '../../src/indicators/rsi.js';
import { sma } from '../../src/indicators/sma.js';
import type { Candle } from '../../src/model/candle.js';
import { InvalidInput } from '../../src/model/errors.js';

const HOUR = 3_600_000;
const START = Date.UTC(2025, 0, 1);

function candles(closes: number[]): Candle[] {
  return closes.map((close, i) => {
    const c = close.toFixed(2);
    return {
      openTime: START + i * HOUR,
      open: c,
      high: c,
      low: c,
      close: c,
      volume: '1.5',
      closeTime: START + (i + 1) * HOUR - 1,
      quoteVolume: '100',
      trades: 3,
      takerBuyBaseVolume: '0.7',
      takerBuyQuoteVolume: '50',
    };
  });
}

function wave(length: number, drift: number): number[] {
  return Array.from({ length }, (_, i) => 100 + drift * i + 3 * Math.sin(i / 4));
}

describe('buildIndicatorReport', () => {
  it('when given 1000 candles then reports the last value of each kernel and no warnings', () => {
    const closes = wave(INDICATOR_HISTORY_BARS, 0.01);
    const report = buildIndicatorReport('BTCUSD', '1h', candles(closes));
    const x = Float64Array.from(closes.map((c) => Number(c.toFixed(2))));
    const last = (s: Float64Array): number => s[s.length - 1];
    const m = macd(x);
    const b = bollinger(x, 20, 2);
    expect(report).toMatchObject({
      symbol: 'BTCUSD',
      interval: '1h',
      barsUsed: 1000,
      asOf: START + 1000 * HOUR - 1,
      lastClose: last(x),
    });
    expect(report.values).toEqual({
      sma20: last(sma(x, 20)),
      sma50: last(sma(x, 50)),
      ema12: last(ema(x, 12)),
      ema26: last(ema(x, 26)),
      rsi14: last(rsi(x, 14)),
      macd: { macd: last(m.macd), signal: last(m.signal), histogram: last(m.histogram) },
      bollinger: { upper: last(b.upper), middle: last(b.middle), lower: last(b.lower) },
    });
    expect(report.warnings).toEqual([]);
    expect(INDICATOR_HISTORY_BARS).toBe(1000);
  });

  it('when history is shorter than SMA50 needs then SMA50 is null (not 0), the SMA signal NEUTRAL, and a warning names it', () => {
    const report = buildIndicatorReport('ETHUSD', '4h', candles(wave(40, 0.5)));
    expect(report.values.sma50).toBeNull();
    expect(report.values.macd.macd).not.toBeNull();
    expect(report.values.sma20).not.toBeNull();
    expect(report.signals.sma).toBe('NEUTRAL');
    expect(report.warnings[0]).toBe('only 40 candles of history: SMA50 needs 50; those values are null');
    expect(report.warnings[1]).toMatch(/EMA26, MACD and RSI14 have not settled \(fewer than 250 bars\)/);
  });

  it('when only 10 candles then every indicator is null, every signal NEUTRAL, and the overall NEUTRAL', () => {
    const report = buildIndicatorReport('SOLUSD', '1d', candles(wave(10, 1)));
    expect(report.values).toEqual({
      sma20: null,
      sma50: null,
      ema12: null,
      ema26: null,
      rsi14: null,
      macd: { macd: null, signal: null, histogram: null },
      bollinger: { upper: null, middle: null, lower: null },
    });
    expect(Object.values(report.signals)).toEqual(['NEUTRAL', 'NEUTRAL', 'NEUTRAL', 'NEUTRAL']);
    expect(report.summary).toMatchObject({ overall: 'NEUTRAL', buy: 0, sell: 0, neutral: 4 });
    expect(report.warnings[0]).toContain(
      'SMA20 needs 20, SMA50 needs 50, EMA12 needs 12, EMA26 needs 26, RSI14 needs 15, MACD(12,26,9) needs 34',
    );
    expect(report.summary.explanation).toContain('RSI(14): not enough history, neutral.');
  });

  it('when price has fallen steadily then a sharp drop gives BUY on RSI and Bollinger, SELL on MACD and SMA, explained in words', () => {
    const closes = [...Array.from({ length: 300 }, (_, i) => 200 - i * 0.2 + Math.sin(i) * 0.3), 120];
    const report = buildIndicatorReport('BTCUSD', '1h', candles(closes));
    expect(report.signals).toEqual({ rsi: 'BUY', macd: 'SELL', sma: 'SELL', bollinger: 'BUY' });
    expect(report.summary).toMatchObject({ overall: 'NEUTRAL', buy: 2, sell: 2, neutral: 0 });
    const text = report.summary.explanation;
    expect(text).toContain('below 30: oversold, a buy signal');
    expect(text).toContain('is below its signal line');
    expect(text).toContain('is below SMA50');
    expect(text).toContain('below the lower Bollinger Band');
    expect(text).toContain('Overall NEUTRAL');
  });

  it('when price has risen steadily then RSI, MACD and SMA agree on an overall call with 3 of 4', () => {
    const closes = Array.from({ length: 300 }, (_, i) => 100 + i * 0.5 + Math.sin(i) * 0.2);
    const report = buildIndicatorReport('BTCUSD', '15m', candles(closes));
    expect(report.signals.rsi).toBe('SELL');
    expect(report.signals.macd).toBe('BUY');
    expect(report.signals.sma).toBe('BUY');
    expect(report.summary.overall).toBe('BUY');
    expect(report.summary.explanation).toMatch(/Overall BUY: \d of 4 signals agree\.$/);
  });

  it('when candles are empty, out of order, or a close is not a number then throws InvalidInput', () => {
    expect(() => buildIndicatorReport('BTCUSD', '1h', [])).toThrow(InvalidInput);
    const twisted = candles(wave(30, 0));
    [twisted[3], twisted[4]] = [twisted[4], twisted[3]];
    expect(() => buildIndicatorReport('BTCUSD', '1h', twisted)).toThrow(/ascending/);
    const broken = candles(wave(30, 0));
    broken[7] = { ...broken[7], close: 'abc' };
    expect(() => buildIndicatorReport('BTCUSD', '1h', broken)).toThrow(/candles\[7\]\.close/);
  });
});
