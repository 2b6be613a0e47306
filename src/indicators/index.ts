export { assertPeriod, valueAt, warmupOutput } from './series.js';
export { primed, type StreamingIndicator } from './streaming.js';
export { sma, SmaUpdater } from './sma.js';
export { ema, emaFactor, EmaUpdater } from './ema.js';
export { rsi, RsiUpdater, type RsiOptions } from './rsi.js';
export { macd, macdFirstBar, MacdUpdater, type MacdSeries, type MacdValue } from './macd.js';
export {
  bollinger,
  BollingerUpdater,
  type BollingerOptions,
  type BollingerSeries,
  type BollingerValue,
} from './bollinger.js';
export * from './signals.js';
export { buildIndicatorReport, closesOf, historyWarnings, INDICATOR_HISTORY_BARS, SETTLED_BARS } from './report.js';
export { ohlcvOf, type Bar, type Ohlcv } from './ohlcv.js';
export { atr, AtrUpdater, trueRange } from './atr.js';
export {
  stochastic,
  StochasticUpdater,
  stochasticFirstBar,
  fastK,
  type StochasticSeries,
  type StochasticValue,
} from './stochastic.js';
export { obv, ObvUpdater } from './obv.js';
export { vwap, VwapUpdater } from './vwap.js';
