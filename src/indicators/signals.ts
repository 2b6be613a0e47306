export type Signal = 'BUY' | 'SELL' | 'NEUTRAL';

/** Thresholds and rules from the product description. */
export const RSI_OVERSOLD = 30;
export const RSI_OVERBOUGHT = 70;

export function rsiSignal(rsi: number | null): Signal {
  if (rsi === null) return 'NEUTRAL';
  if (rsi < RSI_OVERSOLD) return 'BUY';
  if (rsi > RSI_OVERBOUGHT) return 'SELL';
  return 'NEUTRAL';
}

/** MACD line above its signal line: BUY; below: SELL. */
export function macdSignal(macd: number | null, signal: number | null): Signal {
  return crossSignal(macd, signal);
}

/** SMA20 above SMA50 (golden-cross alignment): BUY; below: SELL. */
export function smaSignal(fast: number | null, slow: number | null): Signal {
  return crossSignal(fast, slow);
}

/** Close below the lower band: BUY; above the upper band: SELL. */
export function bollingerSignal(close: number, upper: number | null, lower: number | null): Signal {
  if (upper === null || lower === null) return 'NEUTRAL';
  if (close < lower) return 'BUY';
  if (close > upper) return 'SELL';
  return 'NEUTRAL';
}

function crossSignal(above: number | null, below: number | null): Signal {
  if (above === null || below === null) return 'NEUTRAL';
  if (above > below) return 'BUY';
  if (above < below) return 'SELL';
  return 'NEUTRAL';
}

export interface SignalTally {
  overall: Signal;
  buy: number;
  sell: number;
  neutral: number;
}

/**
 * The overall call: the side with more votes, provided it holds at least half of them
 * (2 of 4); otherwise NEUTRAL. One lone BUY among three NEUTRALs is not a buy.
 */
export function tallySignals(signals: readonly Signal[]): SignalTally {
  let buy = 0;
  let sell = 0;
  for (const s of signals) {
    if (s === 'BUY') buy++;
    else if (s === 'SELL') sell++;
  }
  const neutral = signals.length - buy - sell;
  const half = signals.length / 2;
  let overall: Signal = 'NEUTRAL';
  if (buy > sell && buy >= half) overall = 'BUY';
  else if (sell > buy && sell >= half) overall = 'SELL';
  return { overall, buy, sell, neutral };
}
