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
import { instantiateTemplate, parseStrategy, type StrategyInput } from '../src/strategy/index.js';
import { randomWalkCsv } from './support/random-walk.js';

const BARS = Number(process.argv[2] ?? 200_000);
const TARGET_BARS_PER_S = 1_000_000;
const WARM_RUNS = 5;
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

/** The same indicators on the same bars, with an entry that never fires: what a bar costs when nothing trades. */
const IDLE: StrategyInput = {
  type: 'signal',
  name: 'sma, never entering',
  symbols: ['BTCUSDT'],
  interval: '1m',
  indicators: { fast: { kind: 'sma', period: 20 }, slow: { kind: 'sma', period: 50 } },
  entry: { gt: ['close', 1e12] },
  exit: { crossesBelow: ['fast', 'slow'] },
  sizing: { kind: 'percent_equity', percent: 100 },
} as StrategyInput;

/** One run through the engine on a fresh market: wall and CPU milliseconds. */
async function engineRun(file: string, path: 'fast' | 'reference', idle = false) {
  const { strategy, hash } = idle
    ? parseStrategy(IDLE)
    : instantiateTemplate('sma-cross', { interval: '1m', fast: 20, slow: 50 });
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

  const loadBefore = load();
  // The first run compiles the code (JIT); the next ones are what a sweep or a second backtest sees.
  const cold = await engineRun(file, 'fast');
  const warmRuns: Awaited<ReturnType<typeof engineRun>>[] = [];
  const idleRuns: Awaited<ReturnType<typeof engineRun>>[] = [];
  for (let k = 0; k < WARM_RUNS; k++) {
    warmRuns.push(await engineRun(file, 'fast'));
    idleRuns.push(await engineRun(file, 'fast', true));
  }
  const byMs = (a: { ms: number }, b: { ms: number }) => a.ms - b.ms;
  const warm = [...warmRuns].sort(byMs)[Math.floor(WARM_RUNS / 2)]!;
  const best = [...warmRuns].sort(byMs)[0]!;
  const idle = [...idleRuns].sort(byMs)[0]!;
  const reference = await engineRun(file, 'reference');
  // The whole result but its running time: trades, orders, equity curve, metrics (the reference path reads books as text).
  const whole = (r: typeof warm.result) => JSON.stringify({ ...r, elapsedMs: 0 });
  const same = whole(reference.result) === whole(warm.result);

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
    `engine, fast path     : ${warm.ms.toFixed(0)} ms = ${f(engineRate)} bars/s (median of ${WARM_RUNS} warm runs; CPU ${f(rate(warm.cpuMs))} bars/s per CPU second); best run ${best.ms.toFixed(0)} ms = ${f(rate(best.ms))} bars/s`,
  );
  const perOrder = ((best.ms - idle.ms) / Math.max(1, result.orders.placed)) * 1000;
  console.log(
    `where it goes         : a bar with nothing to trade ${((idle.ms / bars) * 1000).toFixed(2)} us (${f(rate(idle.ms))} bars/s, best idle run: same bars, indicators and marks, no entry); an order ${perOrder.toFixed(1)} us (best run minus best idle run, over ${result.orders.placed} orders)`,
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
    `target ${f(TARGET_BARS_PER_S)} bars/s through the engine: ${engineRate >= TARGET_BARS_PER_S ? 'met' : `NOT met (${((engineRate / TARGET_BARS_PER_S) * 100).toFixed(1)}% of it)`} by the median run, ${rate(best.ms) >= TARGET_BARS_PER_S ? 'met' : 'not met'} by the best; load average ${loadBefore} -> ${load()} on ${availableParallelism()} cores (the figures are wall time: a loaded machine slows them)`,
  );
  console.log(
    `end equity: engine ${result.metrics.endEquity.toFixed(2)}, plain loop ${loop.equity.toFixed(2)} (the engine also pays the spread and book depth)`,
  );
  console.log(BACKTEST_KIT);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
