/**
 * Backtest: an SMA(20/50) cross on one-minute bars, event-driven through the real engine
 * (ReplayMarketData on a ManualClock, SimulatedBroker, risk engine, strategy evaluator), one core,
 * against a plain loop of the same logic over the same closes (same updaters, next-open fills at
 * the open price plus the 0.1% fee, no book), and against the engine's own reference path (the
 * same results, every event awaited). Prints bars/s and the ratios.
 * Run alone: npx tsx bench/backtest.bench.ts [bars]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBacktestMarket, runBacktest } from '../src/backtest/index.js';
import { SmaUpdater } from '../src/indicators/sma.js';
import { instantiateTemplate } from '../src/strategy/index.js';
import { randomWalkCsv } from './support/random-walk.js';

const BARS = Number(process.argv[2] ?? 200_000);
const TARGET_BARS_PER_S = 1_000_000;
const START = Date.UTC(2024, 0, 1);

/** The same strategy as a plain loop: SMA updaters, cross detection on closes, fills at the next open with the fee. */
function plainLoop(open: Float64Array, close: Float64Array): { equity: number; trades: number } {
  const fast = new SmaUpdater(20);
  const slow = new SmaUpdater(50);
  let quote = 10_000;
  let base = 0;
  let prevF = NaN;
  let prevS = NaN;
  let pending = 0;
  let trades = 0;
  for (let i = 0; i < close.length; i++) {
    if (pending === 1 && quote > 0) {
      base = (quote / open[i]!) * 0.999;
      quote = 0;
    } else if (pending === -1 && base > 0) {
      quote = base * open[i]! * 0.999;
      base = 0;
      trades += 1;
    }
    pending = 0;
    const f = fast.update(close[i]!);
    const s = slow.update(close[i]!);
    if (f > s && prevF <= prevS) pending = 1;
    else if (f < s && prevF >= prevS) pending = -1;
    prevF = f;
    prevS = s;
  }
  return { equity: quote + base * close[close.length - 1]!, trades };
}

/** One run through the engine on a fresh market: wall and CPU milliseconds. */
async function engineRun(file: string, path: 'fast' | 'reference') {
  const { strategy, hash } = instantiateTemplate('sma-cross', { interval: '1m', fast: 20, slow: 50 });
  const market = openBacktestMarket(`replay:${file}`, strategy.symbols);
  try {
    const t = performance.now();
    const cpu0 = process.cpuUsage();
    const result = await runBacktest({
      strategy,
      hash,
      market,
      from: market.range!.from,
      to: market.range!.to,
      warmupBars: 0,
      path,
    });
    const cpu = process.cpuUsage(cpu0);
    return { result, ms: performance.now() - t, cpuMs: (cpu.user + cpu.system) / 1000 };
  } finally {
    await market.close();
  }
}

const BACKTEST_KIT =
  'backtest-kit (npm, 19.5.0) not run: it cannot express this strategy as the same strategy. Every signal must carry a take-profit and a stop-loss price (ISignalDto.priceTakeProfit/priceStopLoss are required and validated TP > entry > SL), so an SMA cross that exits on the opposite cross needs fake far-away brackets plus commitClosePending from a ping hook; its indicators are recomputed from getCandles windows on every call; and a position is a fixed USD cost, not the spot balance. It would time different work; the plain loop below is the same logic.';

const dir = mkdtempSync(join(tmpdir(), 'bt-bench-'));
try {
  const data = randomWalkCsv(BARS, 7, START);
  const file = join(dir, 'BTCUSDT.csv');
  writeFileSync(file, data.csv);
  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  const load = () => loadavg()[0]!.toFixed(1);

  // The first run compiles the code (JIT); the next ones are what a sweep or a second backtest sees.
  const cold = await engineRun(file, 'fast');
  const warm = [await engineRun(file, 'fast'), await engineRun(file, 'fast'), await engineRun(file, 'fast')].sort(
    (a, b) => a.ms - b.ms,
  )[1]!;
  const reference = await engineRun(file, 'reference');
  const same =
    JSON.stringify(reference.result.trades) === JSON.stringify(warm.result.trades) &&
    reference.result.metrics.endEquity === warm.result.metrics.endEquity;

  const runs: number[] = [];
  let loop = plainLoop(data.open, data.close);
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    loop = plainLoop(data.open, data.close);
    runs.push(performance.now() - t);
  }
  const loopMs = runs.sort((a, b) => a - b)[2]!;

  const result = warm.result;
  const bars = result.range.bars;
  const rate = (ms: number) => bars / (ms / 1000);
  const engineRate = rate(warm.ms);
  const baseRate = rate(loopMs);
  console.log(
    `SMA(20/50) cross, ${f(bars)} one-minute bars, ${result.trades.length} round trips (plain loop: ${loop.trades}), ${result.orders.placed} orders`,
  );
  console.log(
    `engine, fast path     : ${warm.ms.toFixed(0)} ms = ${f(engineRate)} bars/s (median of 3 warm runs; CPU ${f(rate(warm.cpuMs))} bars/s per CPU second)`,
  );
  console.log(
    `engine, first run     : ${cold.ms.toFixed(0)} ms = ${f(rate(cold.ms))} bars/s (includes compiling the code)`,
  );
  console.log(
    `engine, reference path: ${reference.ms.toFixed(0)} ms = ${f(rate(reference.ms))} bars/s (every event awaited, every print as text: the path before the fast one); fast path ${(reference.ms / warm.ms).toFixed(1)}x faster, results ${same ? 'identical' : 'DIFFERENT'}`,
  );
  console.log(`plain loop baseline   : ${loopMs.toFixed(2)} ms = ${f(baseRate)} bars/s`);
  console.log(
    `ratio                 : the plain loop is ${(baseRate / engineRate).toFixed(0)}x faster than the engine`,
  );
  console.log(
    `target ${f(TARGET_BARS_PER_S)} bars/s through the engine: ${engineRate >= TARGET_BARS_PER_S ? 'met' : `NOT met (${((engineRate / TARGET_BARS_PER_S) * 100).toFixed(1)}% of it)`}; load average ${load()} on ${availableParallelism()} cores`,
  );
  console.log(
    `end equity: engine ${result.metrics.endEquity.toFixed(2)}, plain loop ${loop.equity.toFixed(2)} (the engine also pays the spread and book depth)`,
  );
  console.log(BACKTEST_KIT);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
