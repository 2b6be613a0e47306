/**
 * The market a backtest runs on: a replay of candle files or the seeded synthetic market, both on a
 * ManualClock the backtest moves. Prices, books and trade prints come from the same tape as in
 * paper trading; only the clock differs.
 */
import { ManualClock } from '../clock/manual-clock.js';
import { openReplay } from '../exchanges/replay/index.js';
import type { TapeMarketData } from '../exchanges/synthetic/tape-market-data.js';
import { SyntheticMarketData } from '../exchanges/synthetic/index.js';
import { InvalidInput } from '../model/errors.js';

export interface BacktestMarket {
  /** 'synthetic:<seed>' or 'replay:<path>' as given. */
  source: string;
  marketData: TapeMarketData;
  clock: ManualClock;
  /** The data's own range when it has one (replay), else null. */
  range: { from: number; to: number } | null;
  close(): Promise<void>;
}

export const DEFAULT_SYNTHETIC_SEED = 42;

export function parseMarketSpec(spec: string): { kind: 'synthetic'; seed: number } | { kind: 'replay'; path: string } {
  if (spec === 'synthetic') return { kind: 'synthetic', seed: DEFAULT_SYNTHETIC_SEED };
  const seeded = /^synthetic:(\d{1,9})$/.exec(spec);
  if (seeded) return { kind: 'synthetic', seed: Number(seeded[1]) };
  if (spec.startsWith('replay:') && spec.length > 'replay:'.length)
    return { kind: 'replay', path: spec.slice('replay:'.length) };
  throw new InvalidInput(
    'market',
    `"${spec}" is not a backtest market`,
    'synthetic, synthetic:SEED or replay:PATH (a kline CSV file or a folder of them)',
  );
}

export function openBacktestMarket(spec: string, symbols: readonly string[]): BacktestMarket {
  const parsed = parseMarketSpec(spec);
  if (parsed.kind === 'synthetic') {
    const clock = new ManualClock(0);
    const marketData = new SyntheticMarketData(clock, { seed: parsed.seed, symbols });
    return { source: `synthetic:${parsed.seed}`, marketData, clock, range: null, close: () => marketData.close() };
  }
  let clock: ManualClock | undefined;
  const replay = openReplay(parsed.path, { warmup: 0, clock: (start) => (clock = new ManualClock(start)) });
  return {
    source: `replay:${parsed.path}`,
    marketData: replay,
    clock: clock!,
    range: { from: replay.startTime, to: replay.endTime + 1 },
    close: () => replay.close(),
  };
}
