/** The template library: each a strategy document with documented parameters and defaults. */
import type { Interval } from '../../model/candle.js';
import { num, type StrategyTemplate } from './template.js';

const allIn = { kind: 'percent_equity', percent: 100 } as const;

export const TEMPLATES: readonly StrategyTemplate[] = [
  {
    name: 'buy-and-hold',
    description:
      'Buy with all the quote at the first bar and hold to the end: the baseline every report compares with.',
    parameters: [],
    build: ({ symbol, interval }) => ({
      type: 'signal',
      name: 'buy-and-hold',
      symbols: [symbol],
      interval,
      entry: { always: true },
      sizing: allIn,
    }),
  },
  {
    name: 'dca',
    description: 'Dollar-cost averaging: buy a fixed quote amount every N bars, never sell.',
    parameters: [
      { name: 'everyBars', description: 'Bars between purchases', default: 24, min: 1, max: 10_000 },
      { name: 'amount', description: 'Quote spent per purchase', default: 100, min: 1, max: 1_000_000 },
    ],
    build: (v) => ({
      type: 'signal',
      name: 'dca',
      symbols: [v.symbol],
      interval: v.interval,
      entry: { every: num(v, 'everyBars') },
      sizing: { kind: 'fixed_quote', amount: String(num(v, 'amount')) },
      limits: { maxOpenPositions: 10_000, cooldownBars: 0 },
    }),
  },
  {
    name: 'grid',
    description:
      'Geometric grid of resting LIMIT buys below the first price; each filled buy rests a LIMIT sell one level up, and each sell re-arms its buy.',
    parameters: [
      {
        name: 'lowerPercent',
        description: 'Lowest level, percent below the first price',
        default: 10,
        min: 1,
        max: 90,
      },
      {
        name: 'upperPercent',
        description: 'Highest level, percent above the first price',
        default: 10,
        min: 1,
        max: 500,
      },
      { name: 'levels', description: 'Number of levels', default: 10, min: 2, max: 200 },
      { name: 'quotePerLevel', description: 'Quote spent by each level', default: 100, min: 1, max: 1_000_000 },
    ],
    build: (v) => ({
      type: 'grid',
      name: 'grid',
      symbols: [v.symbol],
      interval: v.interval,
      grid: {
        lowerPercent: num(v, 'lowerPercent'),
        upperPercent: num(v, 'upperPercent'),
        levels: num(v, 'levels'),
        quotePerLevel: String(num(v, 'quotePerLevel')),
      },
    }),
  },
  {
    name: 'rsi-mean-reversion',
    description:
      'Buy when RSI crosses up through the oversold level; sell when it crosses above the exit level. Stop-loss below the entry.',
    parameters: [
      { name: 'period', description: 'RSI period', default: 14, min: 2, max: 100 },
      { name: 'oversold', description: 'Entry level', default: 30, min: 5, max: 50 },
      { name: 'exitLevel', description: 'Exit level', default: 60, min: 40, max: 95 },
      { name: 'stopLossPercent', description: 'Stop-loss below the entry', default: 5, min: 0.5, max: 50 },
    ],
    build: (v) => ({
      type: 'signal',
      name: 'rsi-mean-reversion',
      symbols: [v.symbol],
      interval: v.interval,
      indicators: { rsi: { kind: 'rsi', period: num(v, 'period') } },
      entry: { crossesAbove: ['rsi', num(v, 'oversold')] },
      exit: { crossesAbove: ['rsi', num(v, 'exitLevel')] },
      sizing: allIn,
      protection: { stopLoss: { percent: num(v, 'stopLossPercent') } },
    }),
  },
  {
    name: 'macd-cross',
    description: 'Buy when the MACD line crosses above its signal line; sell when it crosses below.',
    parameters: [
      { name: 'fast', description: 'Fast EMA', default: 12, min: 2, max: 100 },
      { name: 'slow', description: 'Slow EMA', default: 26, min: 3, max: 300 },
      { name: 'signal', description: 'Signal EMA', default: 9, min: 2, max: 100 },
    ],
    build: (v) => ({
      type: 'signal',
      name: 'macd-cross',
      symbols: [v.symbol],
      interval: v.interval,
      indicators: { macd: { kind: 'macd', fast: num(v, 'fast'), slow: num(v, 'slow'), signal: num(v, 'signal') } },
      entry: { crossesAbove: ['macd.macd', 'macd.signal'] },
      exit: { crossesBelow: ['macd.macd', 'macd.signal'] },
      sizing: allIn,
    }),
  },
  {
    name: 'sma-cross',
    description: 'Buy when the fast SMA crosses above the slow SMA; sell when it crosses below.',
    parameters: [
      { name: 'fast', description: 'Fast SMA period', default: 20, min: 2, max: 200 },
      { name: 'slow', description: 'Slow SMA period', default: 50, min: 3, max: 500 },
    ],
    build: (v) => crossOf('sma-cross', 'sma', v.symbol, v.interval, num(v, 'fast'), num(v, 'slow')),
  },
  {
    name: 'ema-cross',
    description: 'Buy when the fast EMA crosses above the slow EMA; sell when it crosses below.',
    parameters: [
      { name: 'fast', description: 'Fast EMA period', default: 12, min: 2, max: 200 },
      { name: 'slow', description: 'Slow EMA period', default: 26, min: 3, max: 500 },
    ],
    build: (v) => crossOf('ema-cross', 'ema', v.symbol, v.interval, num(v, 'fast'), num(v, 'slow')),
  },
  {
    name: 'bollinger-reversion',
    description:
      'Buy when the close crosses back above the lower band; sell at the middle band. Stop-loss below the entry.',
    parameters: [
      { name: 'period', description: 'Band period', default: 20, min: 5, max: 200 },
      { name: 'deviations', description: 'Band width in standard deviations', default: 2, min: 0.5, max: 5 },
      { name: 'stopLossPercent', description: 'Stop-loss below the entry', default: 4, min: 0.5, max: 50 },
    ],
    build: (v) => ({
      type: 'signal',
      name: 'bollinger-reversion',
      symbols: [v.symbol],
      interval: v.interval,
      indicators: { bb: { kind: 'bollinger', period: num(v, 'period'), deviations: num(v, 'deviations') } },
      entry: { crossesAbove: ['close', 'bb.lower'] },
      exit: { gte: ['close', 'bb.middle'] },
      sizing: allIn,
      protection: { stopLoss: { percent: num(v, 'stopLossPercent') } },
    }),
  },
  {
    name: 'bollinger-breakout',
    description:
      'Buy when the close breaks above the upper band; sell when it falls back below the middle band. ATR stop.',
    parameters: [
      { name: 'period', description: 'Band period', default: 20, min: 5, max: 200 },
      { name: 'deviations', description: 'Band width in standard deviations', default: 2, min: 0.5, max: 5 },
      { name: 'atrMultiple', description: 'Stop distance in ATR(14)', default: 2, min: 0.5, max: 10 },
      { name: 'riskPercent', description: 'Equity risked per trade', default: 2, min: 0.1, max: 20 },
    ],
    build: (v) => ({
      type: 'signal',
      name: 'bollinger-breakout',
      symbols: [v.symbol],
      interval: v.interval,
      indicators: {
        bb: { kind: 'bollinger', period: num(v, 'period'), deviations: num(v, 'deviations') },
        atr: { kind: 'atr', period: 14 },
      },
      entry: { crossesAbove: ['close', 'bb.upper'] },
      exit: { crossesBelow: ['close', 'bb.middle'] },
      sizing: { kind: 'risk_per_trade', percent: num(v, 'riskPercent') },
      protection: { stopLoss: { atr: 'atr', multiple: num(v, 'atrMultiple') } },
    }),
  },
  {
    name: 'trailing-stop-runner',
    description:
      'Enter on a new 20-bar high above the EMA trend filter; exit only by a trailing stop below the highest print since entry.',
    parameters: [
      { name: 'trendPeriod', description: 'EMA trend filter period', default: 100, min: 5, max: 500 },
      { name: 'trailPercent', description: 'Trailing stop distance', default: 5, min: 0.5, max: 50 },
    ],
    build: (v) => ({
      type: 'signal',
      name: 'trailing-stop-runner',
      symbols: [v.symbol],
      interval: v.interval,
      indicators: { trend: { kind: 'ema', period: num(v, 'trendPeriod') }, mom: { kind: 'rsi', period: 14 } },
      entry: { all: [{ gt: ['close', 'trend'] }, { crossesAbove: ['mom', 55] }] },
      sizing: allIn,
      protection: { trailingStop: { percent: num(v, 'trailPercent') } },
    }),
  },
];

function crossOf(name: string, kind: 'sma' | 'ema', symbol: string, interval: Interval, fast: number, slow: number) {
  return {
    type: 'signal' as const,
    name,
    symbols: [symbol],
    interval,
    indicators: { fast: { kind, period: fast }, slow: { kind, period: slow } },
    entry: { crossesAbove: ['fast', 'slow'] as [string, string] },
    exit: { crossesBelow: ['fast', 'slow'] as [string, string] },
    sizing: allIn,
  };
}
