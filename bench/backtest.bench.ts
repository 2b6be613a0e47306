/**
 * Backtest: an SMA(20/50) cross on one-minute bars, event-driven through the real engine
 * (ReplayMarketData on a ManualClock, SimulatedBroker, risk engine, strategy evaluator), one core,
 * against a plain loop of the same logic over the same closes (same updaters, next-open fills at
 * the open price plus the 0.1% fee, no book). Prints bars/s and the ratio.
 * Run alone: npx tsx bench/backtest.bench.ts [bars]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBars } from '../src/backtest/bars.js';
import { openBacktestMarket, runBacktest } from '../src/backtest/index.js';
import { SmaUpdater } from '../src/indicators/sma.js';
import { instantiateTemplate } from '../src/strategy/index.js';

const BARS = Number(process.argv[2] ?? 200_000);
const TARGET_BARS_PER_S = 1_000_000;
const MINUTE = 60_000;
const START = Date.UTC(2024, 0, 1);

function randomWalk(n: number, seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rows: string[] = ['open_time,open,high,low,close,volume'];
  const open = new Float64Array(n);
  const close = new Float64Array(n);
  let price = 30_000;
  for (let i = 0; i < n; i++) {
    const o = price;
    price *= 1 + (next() - 0.5) * 0.003;
    const h = Math.max(o, price) * (1 + next() * 0.0005);
    const l = Math.min(o, price) * (1 - next() * 0.0005);
    open[i] = Number(o.toFixed(2));
    close[i] = Number(price.toFixed(2));
    rows.push(
      `${START + i * MINUTE},${o.toFixed(2)},${h.toFixed(2)},${l.toFixed(2)},${price.toFixed(2)},${(1 + next() * 5).toFixed(5)}`,
    );
  }
  return { csv: rows.join('\n') + '\n', open, close };
}

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

const dir = mkdtempSync(join(tmpdir(), 'bt-bench-'));
try {
  const data = randomWalk(BARS, 7);
  const file = join(dir, 'BTCUSDT.csv');
  writeFileSync(file, data.csv);
  const { strategy, hash } = instantiateTemplate('sma-cross', { interval: '1m', fast: 20, slow: 50 });

  // Reading the bars through the market's candles (part of every run), timed on its own.
  const probe = openBacktestMarket(`replay:${file}`, strategy.symbols);
  let t = performance.now();
  await loadBars(probe, 'BTCUSDT', '1m', probe.range!.from, probe.range!.to);
  const loadMs = performance.now() - t;
  await probe.close();

  const market = openBacktestMarket(`replay:${file}`, strategy.symbols);
  t = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await runBacktest({
    strategy,
    hash,
    market,
    from: market.range!.from,
    to: market.range!.to,
    warmupBars: 0,
  });
  const engineMs = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const engineCpuMs = (cpu.user + cpu.system) / 1000;
  await market.close();

  const runs: number[] = [];
  let loop = plainLoop(data.open, data.close);
  for (let k = 0; k < 5; k++) {
    t = performance.now();
    loop = plainLoop(data.open, data.close);
    runs.push(performance.now() - t);
  }
  const loopMs = runs.sort((a, b) => a - b)[2]!;

  const bars = result.range.bars;
  const engineRate = bars / (engineMs / 1000);
  const loopOnlyRate = bars / ((engineMs - loadMs) / 1000);
  const baseRate = bars / (loopMs / 1000);
  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(
    `SMA(20/50) cross, ${f(bars)} one-minute bars, ${result.trades.length} round trips (plain loop: ${loop.trades}), ${result.orders.placed} orders`,
  );
  console.log(
    `event-driven engine : ${engineMs.toFixed(0)} ms total = ${f(engineRate)} bars/s (of which reading bars ${loadMs.toFixed(0)} ms; event loop alone ${f(loopOnlyRate)} bars/s)`,
  );
  console.log(
    `                      CPU time ${engineCpuMs.toFixed(0)} ms = ${f(bars / (engineCpuMs / 1000))} bars/s per CPU second (wall time suffers on a shared machine; load average ${loadavg()[0]!.toFixed(1)})`,
  );
  console.log(`plain loop baseline : ${loopMs.toFixed(2)} ms = ${f(baseRate)} bars/s`);
  console.log(`ratio               : the plain loop is ${(baseRate / engineRate).toFixed(0)}x faster than the engine`);
  console.log(
    `target ${f(TARGET_BARS_PER_S)} bars/s through the engine: ${engineRate >= TARGET_BARS_PER_S ? 'met' : `NOT met (${((engineRate / TARGET_BARS_PER_S) * 100).toFixed(1)}% of it)`}`,
  );
  console.log(
    `end equity: engine ${result.metrics.endEquity.toFixed(2)}, plain loop ${loop.equity.toFixed(2)} (the engine also pays the spread and book depth)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
