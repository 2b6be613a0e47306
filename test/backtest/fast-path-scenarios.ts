/**
 * Fixed datasets and strategies that exercise every part of the event loop (market and limit
 * entries, stops through gaps, trailing stops, maker take-profits, grids, risk denials, several
 * symbols, bars aggregated from a finer file), for comparing the fast path with the reference one.
 */
import { openBacktestMarket, runBacktest, type BacktestResult } from '../../src/backtest/index.js';
import type { RiskLimits } from '../../src/risk/limits.js';
import { instantiateTemplate, parseStrategy, type StrategyInput } from '../../src/strategy/index.js';
import { HOUR, smaCross, T0, wavyBars, writeCsv } from './support.js';

const MINUTE = 60_000;

export interface Scenario {
  name: string;
  /** 'replay:<file>' or 'synthetic:<seed>' */
  market: () => string;
  strategy: () => { strategy: ReturnType<typeof parseStrategy>['strategy']; hash: string };
  from?: number;
  to?: number;
  warmupBars?: number;
  riskLimits?: RiskLimits;
}

const doc = (d: StrategyInput) => () => parseStrategy(d);
const template = (name: string, values: Record<string, number | string>) => () => instantiateTemplate(name, values);
let wavy: string | undefined;
const wavyFile = () => `replay:${(wavy ??= writeCsv(wavyBars(700)))}`;
let minutes: string | undefined;
const minuteFile = () => `replay:${(minutes ??= writeCsv(wavyBars(3000), T0, MINUTE))}`;
const SYN_FROM = Date.UTC(2025, 0, 6);

export const SCENARIOS: Scenario[] = [
  { name: 'sma cross, all in', market: wavyFile, strategy: doc(smaCross()) },
  {
    name: 'sma cross with stop, trailing stop and take-profit',
    market: wavyFile,
    strategy: doc(
      smaCross({
        sizing: { kind: 'percent_equity', percent: 60 },
        protection: { stopLoss: { percent: 2 }, takeProfit: { percent: 3 }, trailingStop: { percent: 4 } },
      }),
    ),
  },
  {
    name: 'limit entries that expire, with a take-profit',
    market: wavyFile,
    strategy: doc(
      smaCross({
        entryOrder: { type: 'limit', offsetPercent: 0.4, expireBars: 3 },
        protection: { takeProfit: { percent: 2.5 } },
      }),
    ),
  },
  {
    name: 'rsi mean reversion (stop-loss)',
    market: wavyFile,
    strategy: template('rsi-mean-reversion', { interval: '1h' }),
  },
  {
    name: 'bollinger breakout (ATR stop, risk sizing)',
    market: wavyFile,
    strategy: template('bollinger-breakout', { interval: '1h' }),
  },
  {
    name: 'trailing-stop runner',
    market: wavyFile,
    strategy: template('trailing-stop-runner', { interval: '1h', trendPeriod: 20, trailPercent: 3 }),
  },
  { name: 'grid', market: wavyFile, strategy: template('grid', { interval: '1h', levels: 12, lowerPercent: 15 }) },
  { name: 'dca', market: wavyFile, strategy: template('dca', { interval: '1h', everyBars: 10 }) },
  {
    name: 'risk limits deny orders',
    market: wavyFile,
    strategy: doc(
      smaCross({ sizing: { kind: 'percent_equity', percent: 29 }, protection: { stopLoss: { percent: 2 } } }),
    ),
    riskLimits: { maxTradeSizeUsd: '3000' },
  },
  {
    name: '5m bars aggregated from a 1m file, with stops',
    market: minuteFile,
    strategy: doc(
      smaCross({ interval: '5m', protection: { stopLoss: { percent: 0.5 }, trailingStop: { percent: 1 } } }),
    ),
  },
  {
    name: 'synthetic 1m, two symbols, stops and take-profits',
    market: () => 'synthetic:7',
    from: SYN_FROM,
    to: SYN_FROM + 1000 * MINUTE,
    warmupBars: 100,
    strategy: doc(
      smaCross({
        symbols: ['BTCUSDT', 'ETHUSDT'],
        interval: '1m',
        sizing: { kind: 'percent_equity', percent: 40 },
        limits: { maxOpenPositions: 2 },
        protection: { stopLoss: { percent: 0.3 }, takeProfit: { percent: 0.4 } },
      }),
    ),
  },
  {
    name: 'synthetic 1h, sma cross',
    market: () => 'synthetic:3',
    from: SYN_FROM - 20 * 24 * HOUR,
    to: SYN_FROM,
    strategy: template('sma-cross', { interval: '1h', fast: 5, slow: 20 }),
  },
];

export async function runScenario(sc: Scenario, path?: 'fast' | 'reference'): Promise<BacktestResult> {
  const { strategy, hash } = sc.strategy();
  const market = openBacktestMarket(sc.market(), strategy.symbols);
  try {
    return await runBacktest({
      strategy,
      hash,
      market,
      from: sc.from ?? market.range!.from,
      to: sc.to ?? market.range!.to,
      warmupBars: sc.warmupBars ?? 0,
      ...(sc.riskLimits ? { riskLimits: sc.riskLimits } : {}),
      ...(path ? { path } : {}),
    } as Parameters<typeof runBacktest>[0]);
  } finally {
    await market.close();
  }
}

/** Everything a backtest reports except its own running time. */
export function comparable(r: BacktestResult): Omit<BacktestResult, 'elapsedMs' | 'market'> {
  const { elapsedMs: _elapsed, market: _market, ...rest } = r;
  return rest;
}
