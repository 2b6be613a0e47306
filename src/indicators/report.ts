import type { Candle, Interval } from '../model/candle.js';
import { InvalidInput } from '../model/errors.js';
import { bollinger } from './bollinger.js';
import { ema } from './ema.js';
import { macd, macdFirstBar } from './macd.js';
import { rsi } from './rsi.js';
import { valueAt } from './series.js';
import {
  bollingerSignal,
  macdSignal,
  RSI_OVERBOUGHT,
  RSI_OVERSOLD,
  rsiSignal,
  smaSignal,
  tallySignals,
  type Signal,
} from './signals.js';
import { sma } from './sma.js';

/** What get_indicators returns for one symbol and interval (computed by indicators/report.ts). */
export interface IndicatorReport {
  symbol: string;
  interval: Interval;
  /** Candles the values were computed from, and the close time of the newest. */
  barsUsed: number;
  asOf: number;
  lastClose: number;
  values: {
    sma20: number | null;
    sma50: number | null;
    ema12: number | null;
    ema26: number | null;
    rsi14: number | null;
    macd: { macd: number | null; signal: number | null; histogram: number | null };
    bollinger: { upper: number | null; middle: number | null; lower: number | null };
  };
  signals: { rsi: Signal; macd: Signal; sma: Signal; bollinger: Signal };
  summary: { overall: Signal; buy: number; sell: number; neutral: number; explanation: string };
  /** E.g. 'only 40 candles of history: SMA50 needs 50', 'EMA26 has not settled (fewer than 250 bars)'. */
  warnings: string[];
}

/**
 * Candles a caller should fetch so every reported value is stable: the EMAs, MACD and Wilder's RSI
 * carry memory of where the history starts that fades by (1 - k) per bar; after 1000 bars (the most
 * Binance returns in one request) it is far below any printed decimal.
 */
export const INDICATOR_HISTORY_BARS = 1000;

/** Below this many bars EMA26, MACD and RSI14 still depend visibly on the first bars fetched. */
export const SETTLED_BARS = 250;

/** Bars each reported value needs before it exists. */
const BARS_NEEDED: readonly [string, number][] = [
  ['SMA20', 20],
  ['SMA50', 50],
  ['EMA12', 12],
  ['EMA26', 26],
  ['RSI14', 15],
  ['MACD(12,26,9)', macdFirstBar(12, 26, 9) + 1],
  ['Bollinger(20,2)', 20],
];

export function closesOf(candles: readonly Candle[]): Float64Array {
  const closes = new Float64Array(candles.length);
  for (let i = 0; i < candles.length; i++) {
    const close = Number(candles[i].close);
    if (!Number.isFinite(close)) {
      throw new InvalidInput(
        `candles[${i}].close`,
        `not a number: ${JSON.stringify(candles[i].close)}`,
        'a decimal string',
      );
    }
    if (i > 0 && candles[i].openTime <= candles[i - 1].openTime) {
      throw new InvalidInput(
        `candles[${i}].openTime`,
        'candles are not in ascending time order',
        'oldest first, no repeats',
      );
    }
    closes[i] = close;
  }
  return closes;
}

/** Indicators, signals and an explanation for the newest candle of `candles` (oldest first). */
export function buildIndicatorReport(symbol: string, interval: Interval, candles: Candle[]): IndicatorReport {
  if (candles.length === 0)
    throw new InvalidInput('candles', 'no candles to compute indicators from', 'at least 1 candle');
  const closes = closesOf(candles);
  const lastClose = closes[closes.length - 1];
  const lines = macd(closes, 12, 26, 9);
  const bands = bollinger(closes, 20, 2);
  const values: IndicatorReport['values'] = {
    sma20: valueAt(bands.middle),
    sma50: valueAt(sma(closes, 50)),
    ema12: valueAt(ema(closes, 12)),
    ema26: valueAt(ema(closes, 26)),
    rsi14: valueAt(rsi(closes, 14)),
    macd: { macd: valueAt(lines.macd), signal: valueAt(lines.signal), histogram: valueAt(lines.histogram) },
    bollinger: { upper: valueAt(bands.upper), middle: valueAt(bands.middle), lower: valueAt(bands.lower) },
  };
  const signals = {
    rsi: rsiSignal(values.rsi14),
    macd: macdSignal(values.macd.macd, values.macd.signal),
    sma: smaSignal(values.sma20, values.sma50),
    bollinger: bollingerSignal(lastClose, values.bollinger.upper, values.bollinger.lower),
  };
  const tally = tallySignals([signals.rsi, signals.macd, signals.sma, signals.bollinger]);
  return {
    symbol,
    interval,
    barsUsed: candles.length,
    asOf: candles[candles.length - 1].closeTime,
    lastClose,
    values,
    signals,
    summary: { ...tally, explanation: explain(symbol, interval, lastClose, values, signals, tally) },
    warnings: historyWarnings(candles.length),
  };
}

export function historyWarnings(bars: number): string[] {
  const warnings: string[] = [];
  const missing = BARS_NEEDED.filter(([, needed]) => bars < needed).map(([name, needed]) => `${name} needs ${needed}`);
  if (missing.length > 0)
    warnings.push(`only ${bars} candles of history: ${missing.join(', ')}; those values are null`);
  if (bars < SETTLED_BARS) {
    warnings.push(
      `EMA26, MACD and RSI14 have not settled (fewer than ${SETTLED_BARS} bars): they may differ from figures computed on longer history`,
    );
  }
  return warnings;
}

function explain(
  symbol: string,
  interval: Interval,
  close: number,
  v: IndicatorReport['values'],
  s: IndicatorReport['signals'],
  tally: { overall: Signal; buy: number; sell: number; neutral: number },
): string {
  const parts: string[] = [];
  if (v.rsi14 === null) parts.push('RSI(14): not enough history, neutral.');
  else if (s.rsi === 'BUY') parts.push(`RSI(14) is ${fmt(v.rsi14)}, below ${RSI_OVERSOLD}: oversold, a buy signal.`);
  else if (s.rsi === 'SELL')
    parts.push(`RSI(14) is ${fmt(v.rsi14)}, above ${RSI_OVERBOUGHT}: overbought, a sell signal.`);
  else parts.push(`RSI(14) is ${fmt(v.rsi14)}, between ${RSI_OVERSOLD} and ${RSI_OVERBOUGHT}: neutral.`);

  const m = v.macd;
  if (m.macd === null || m.signal === null) parts.push('MACD(12,26,9): not enough history, neutral.');
  else if (s.macd === 'BUY')
    parts.push(`MACD ${fmt(m.macd)} is above its signal line ${fmt(m.signal)}: upward momentum, a buy signal.`);
  else if (s.macd === 'SELL')
    parts.push(`MACD ${fmt(m.macd)} is below its signal line ${fmt(m.signal)}: downward momentum, a sell signal.`);
  else parts.push(`MACD equals its signal line (${fmt(m.macd)}): neutral.`);

  if (v.sma20 === null || v.sma50 === null) parts.push('SMA20/SMA50: not enough history, neutral.');
  else if (s.sma === 'BUY')
    parts.push(`SMA20 ${fmt(v.sma20)} is above SMA50 ${fmt(v.sma50)}: uptrend (golden-cross side), a buy signal.`);
  else if (s.sma === 'SELL')
    parts.push(`SMA20 ${fmt(v.sma20)} is below SMA50 ${fmt(v.sma50)}: downtrend (death-cross side), a sell signal.`);
  else parts.push(`SMA20 equals SMA50 (${fmt(v.sma20)}): neutral.`);

  const b = v.bollinger;
  if (b.upper === null || b.lower === null) parts.push('Bollinger Bands(20,2): not enough history, neutral.');
  else if (s.bollinger === 'BUY')
    parts.push(`Close ${fmt(close)} is below the lower Bollinger Band ${fmt(b.lower)}: stretched low, a buy signal.`);
  else if (s.bollinger === 'SELL')
    parts.push(`Close ${fmt(close)} is above the upper Bollinger Band ${fmt(b.upper)}: stretched high, a sell signal.`);
  else parts.push(`Close ${fmt(close)} is inside the Bollinger Bands (${fmt(b.lower)} to ${fmt(b.upper)}): neutral.`);

  const verdict =
    tally.overall === 'NEUTRAL'
      ? 'NEUTRAL: no side has at least half of the signals and more than the other'
      : `${tally.overall}: ${tally.overall === 'BUY' ? tally.buy : tally.sell} of 4 signals agree`;
  return `${symbol} ${interval}, ${tally.buy} buy / ${tally.sell} sell / ${tally.neutral} neutral. ${parts.join(' ')} Overall ${verdict}.`;
}

function fmt(value: number): string {
  return String(Number(value.toPrecision(6)));
}
