/**
 * Parameter sweep: 100 SMA-cross combinations (in-sample 70% / out-of-sample 30%) over one year of
 * one-minute bars (525,600, a seeded random walk written as a replay file), through the real
 * engine, on 1 worker thread and then on 2. Prints the wall times, the speed-up, and whether both
 * rankings are identical.
 * Run alone: npx tsx bench/sweep.bench.ts [bars] [combinations]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSweepParallel } from '../src/backtest/sweep-parallel.js';
import { randomWalkCsv } from './support/random-walk.js';

const BARS = Number(process.argv[2] ?? 525_600);
const COMBOS = Number(process.argv[3] ?? 100);
const START = Date.UTC(2024, 0, 1);
const FAST = [5, 10, 15, 20, 25, 30, 40, 50, 60, 80];
const SLOW = [100, 125, 150, 175, 200, 225, 250, 275, 300, 325];

const dir = mkdtempSync(join(tmpdir(), 'sweep-bench-'));
try {
  const file = join(dir, 'BTCUSDT.csv');
  writeFileSync(file, randomWalkCsv(BARS, 11, START).csv);
  const per = Math.max(1, Math.ceil(COMBOS / FAST.length));
  const grid = { fast: FAST.slice(0, Math.min(FAST.length, COMBOS)), slow: SLOW.slice(0, per) };
  const combos = grid.fast.length * grid.slow.length;
  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(
    `sweep: ${combos} SMA-cross combinations x ${f(BARS)} one-minute bars (70% in-sample / 30% out-of-sample), ${f(combos * BARS)} bars in all`,
  );
  const runs: { workers: number; ms: number; ranking: string }[] = [];
  for (const workers of [1, 2]) {
    const load = loadavg()[0]!.toFixed(1);
    const t = performance.now();
    const result = await runSweepParallel({
      template: 'sma-cross',
      base: { interval: '1m' },
      grid,
      market: `replay:${file}`,
      symbols: ['BTCUSDT'],
      from: START,
      to: START + BARS * 60_000,
      workers,
      onProgress: (done, total) => {
        if (done % 20 === 0 || done === total)
          process.stderr.write(`  ${workers} worker(s): ${done}/${total} backtests\n`);
      },
    });
    const ms = performance.now() - t;
    runs.push({ workers, ms, ranking: JSON.stringify(result.rows) });
    console.log(
      `${workers} worker${workers === 1 ? ' ' : 's'}: ${(ms / 1000).toFixed(1)} s wall = ${f((combos * BARS) / (ms / 1000))} bars/s (load average ${load} at the start, ${loadavg()[0]!.toFixed(1)} at the end); best: ${JSON.stringify(result.rows[0]!.parameters)} IS Sharpe ${result.rows[0]!.inSample.sharpe?.toFixed(2)} OOS ${result.rows[0]!.outOfSample.sharpe?.toFixed(2)}`,
    );
  }
  console.log(`speed-up on 2 workers: ${(runs[0]!.ms / runs[1]!.ms).toFixed(2)}x`);
  console.log(`rankings identical: ${runs[0]!.ranking === runs[1]!.ranking ? 'yes' : 'NO'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
