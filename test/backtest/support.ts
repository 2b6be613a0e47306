import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBacktestMarket, runBacktest, type BacktestResult } from '../../src/backtest/index.js';
import { parseStrategy, type StrategyInput } from '../../src/strategy/index.js';
import type { RiskLimits } from '../../src/risk/limits.js';

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2024, 0, 1);

export interface FixtureBar {
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

/** A deterministic wavy price path (no randomness): trends, swings and noise from sines; every open gaps 0.6% from the previous close. */
export function wavyBars(n: number, start = 30_000): FixtureBar[] {
  const bars: FixtureBar[] = [];
  let prev = start;
  for (let i = 0; i < n; i++) {
    const close = start * (1 + 0.15 * Math.sin(i / 37) + 0.05 * Math.sin(i / 5.3) + 0.01 * Math.sin(i * 1.7));
    const o = prev * (1 + (i % 2 === 0 ? 0.006 : -0.006));
    const h = Math.max(o, close) * (1 + 0.002 + 0.002 * Math.abs(Math.sin(i * 0.9)));
    const l = Math.min(o, close) * (1 - 0.002 - 0.002 * Math.abs(Math.cos(i * 1.3)));
    bars.push({ o, h, l, c: close, v: 50 + 20 * Math.abs(Math.sin(i)) });
    prev = close;
  }
  return bars;
}

/** Writes BTCUSDT.csv (open_time in ms) into a fresh folder; returns the file's path. */
export function writeCsv(bars: readonly FixtureBar[], start = T0, interval = HOUR, symbol = 'BTCUSDT'): string {
  const dir = mkdtempSync(join(tmpdir(), 'bt-'));
  const file = join(dir, `${symbol}.csv`);
  const f = (x: number) => x.toFixed(2);
  writeFileSync(
    file,
    'open_time,open,high,low,close,volume\n' +
      bars
        .map((b, i) => `${start + i * interval},${f(b.o)},${f(b.h)},${f(b.l)},${f(b.c)},${b.v.toFixed(4)}`)
        .join('\n') +
      '\n',
  );
  return file;
}

export async function backtestFile(
  file: string,
  doc: StrategyInput,
  options: { from?: number; to?: number; riskLimits?: RiskLimits; signal?: AbortSignal; warmupBars?: number } = {},
): Promise<BacktestResult> {
  const { strategy, hash } = parseStrategy(doc);
  const market = openBacktestMarket(`replay:${file}`, strategy.symbols);
  try {
    return await runBacktest({
      strategy,
      hash,
      market,
      from: options.from ?? market.range!.from,
      to: options.to ?? market.range!.to,
      warmupBars: options.warmupBars ?? 0,
      ...(options.riskLimits ? { riskLimits: options.riskLimits } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } finally {
    await market.close();
  }
}

export const smaCross = (extra: Partial<StrategyInput> = {}): StrategyInput =>
  ({
    type: 'signal',
    name: 'sma',
    symbols: ['BTCUSDT'],
    interval: '1h',
    indicators: { fast: { kind: 'sma', period: 5 }, slow: { kind: 'sma', period: 20 } },
    entry: { crossesAbove: ['fast', 'slow'] },
    exit: { crossesBelow: ['fast', 'slow'] },
    sizing: { kind: 'percent_equity', percent: 100 },
    ...extra,
  }) as StrategyInput;
