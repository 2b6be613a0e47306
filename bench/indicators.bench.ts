/**
 * Indicators: the five batch kernels over 1,000,000 closes against trading-signals (streaming
 * classes) and technicalindicators doing the same five in the same process; then the incremental
 * updaters, ns per candle. Run alone: npx tsx bench/indicators.bench.ts
 */
import {
  BollingerBands as TiBollinger,
  EMA as TiEma,
  MACD as TiMacd,
  RSI as TiRsi,
  SMA as TiSma,
} from 'technicalindicators';
import {
  BollingerBands as TsBollinger,
  EMA as TsEma,
  MACD as TsMacd,
  RSI as TsRsi,
  SMA as TsSma,
} from 'trading-signals';
import { bollinger, BollingerUpdater } from '../src/indicators/bollinger.js';
import { ema, EmaUpdater } from '../src/indicators/ema.js';
import { macd, MacdUpdater } from '../src/indicators/macd.js';
import { rsi, RsiUpdater } from '../src/indicators/rsi.js';
import { sma, SmaUpdater } from '../src/indicators/sma.js';
import { AtrUpdater } from '../src/indicators/atr.js';
import { ObvUpdater } from '../src/indicators/obv.js';
import type { Bar } from '../src/indicators/ohlcv.js';
import { StochasticUpdater } from '../src/indicators/stochastic.js';
import type { StreamingIndicator } from '../src/indicators/streaming.js';
import { VwapUpdater } from '../src/indicators/vwap.js';

const BARS = 1_000_000;
const TARGET_MS = 40;
const TARGET_VS_TRADING_SIGNALS = 10;
const TARGET_VS_TECHNICALINDICATORS = 30;
const TARGET_UPDATE_NS = 1000;

/** Seeded random walk (mulberry32), multiplicative steps of up to ±0.2 %. */
function randomWalk(length: number, seed: number): Float64Array {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float64Array(length);
  let price = 30_000;
  for (let i = 0; i < length; i++) {
    price *= 1 + (next() - 0.5) * 0.004;
    out[i] = price;
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Fastest ms of `runs` timed calls after `warmups` untimed ones: the machine is shared, and the
 * minimum is the figure least disturbed by other processes (medians are printed beside it).
 */
function timeMs(fn: () => unknown, warmups: number, runs: number): number {
  return timeStats(fn, warmups, runs).min;
}

function timeStats(fn: () => unknown, warmups: number, runs: number): { min: number; median: number } {
  for (let i = 0; i < warmups; i++) sink(fn());
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    sink(fn());
    times.push(performance.now() - t0);
  }
  return { min: Math.min(...times), median: median(times) };
}

let blackhole = 0;
function sink(value: unknown): void {
  if (value instanceof Float64Array) blackhole += value[value.length - 1];
  else if (Array.isArray(value)) blackhole += value.length;
  else if (typeof value === 'number') blackhole += value;
}

const closes = randomWalk(BARS, 42);
const closesArray = Array.from(closes);
const smallArray = closesArray.slice(0, 100_000);

const ours: Record<string, (c: Float64Array) => unknown> = {
  'SMA(20)': (c) => sma(c, 20),
  'EMA(12)': (c) => ema(c, 12),
  'RSI(14)': (c) => rsi(c, 14),
  'MACD(12,26,9)': (c) => macd(c, 12, 26, 9).histogram,
  'BB(20,2)': (c) => bollinger(c, 20, 2).upper,
};
const oursAll = (c: Float64Array): number => {
  let n = 0;
  for (const fn of Object.values(ours)) n += (fn(c) as Float64Array).length;
  return n;
};

function tradingSignalsAll(c: number[]): number {
  const indicators = [
    new TsSma(20),
    new TsEma(12),
    new TsRsi(14),
    new TsMacd(new TsEma(12), new TsEma(26), new TsEma(9)),
    new TsBollinger(20, 2),
  ];
  let n = 0;
  for (const indicator of indicators) {
    for (let i = 0; i < c.length; i++) if (indicator.add(c[i]) !== null) n++;
  }
  return n;
}

function technicalIndicatorsAll(values: number[]): number {
  return (
    TiSma.calculate({ period: 20, values }).length +
    TiEma.calculate({ period: 12, values }).length +
    TiRsi.calculate({ period: 14, values }).length +
    TiMacd.calculate({
      values,
      fastPeriod: 12,
      slowPeriod: 26,
      signalPeriod: 9,
      SimpleMAOscillator: false,
      SimpleMASignal: false,
    }).length +
    TiBollinger.calculate({ period: 20, values, stdDev: 2 }).length
  );
}

const buffer = (): Float64Array => new Float64Array(BARS);
const reused = {
  sma: buffer(),
  ema: buffer(),
  rsi: buffer(),
  macd: { macd: buffer(), signal: buffer(), histogram: buffer() },
  bands: { upper: buffer(), middle: buffer(), lower: buffer() },
};
const oursAllReusing = (c: Float64Array): number => {
  sma(c, 20, reused.sma);
  ema(c, 12, reused.ema);
  rsi(c, 14, {}, reused.rsi);
  macd(c, 12, 26, 9, reused.macd);
  bollinger(c, 20, 2, {}, reused.bands);
  return reused.bands.upper[BARS - 1];
};

const rows: [string, string, string, string][] = [];
const fmt = (t: { min: number; median: number }, digits: number): [string, string] => [
  t.min.toFixed(digits),
  t.median.toFixed(digits),
];
for (const [name, fn] of Object.entries(ours))
  rows.push([
    `ours ${name}`,
    ...fmt(
      timeStats(() => fn(closes), 5, 15),
      2,
    ),
    '',
  ]);
const oursStats = timeStats(() => oursAll(closes), 3, 11);
const oursMs = oursStats.min;
rows.push([
  'ours, all five (fresh output arrays)',
  ...fmt(oursStats, 2),
  `target <= ${TARGET_MS} ms: ${oursMs <= TARGET_MS ? 'met' : 'MISSED'}`,
]);
const reusing = timeStats(() => oursAllReusing(closes), 3, 11);
rows.push(['ours, all five (reused output arrays)', ...fmt(reusing, 2), 'same work, no page faults of fresh arrays']);

sink(tradingSignalsAll(smallArray));
const ts = timeStats(() => tradingSignalsAll(closesArray), 0, 3);
rows.push(['trading-signals 8 (streaming), all five', ...fmt(ts, 1), ratioNote(ts.min, TARGET_VS_TRADING_SIGNALS)]);
sink(technicalIndicatorsAll(smallArray));
const ti = timeStats(() => technicalIndicatorsAll(closesArray), 0, 2);
rows.push(['technicalindicators 3.1, all five', ...fmt(ti, 1), ratioNote(ti.min, TARGET_VS_TECHNICALINDICATORS)]);

function ratioNote(baselineMs: number, target: number): string {
  const ratio = baselineMs / oursMs;
  return `ours ${ratio.toFixed(1)}x faster (target >= ${target}x: ${ratio >= target ? 'met' : 'MISSED'})`;
}

printTable(
  `Batch, ${BARS.toLocaleString('en-US')} closes (targets judged on the fastest run)`,
  ['implementation', 'min ms', 'median ms', 'vs ours (min)'],
  rows,
);

/** ns per call of `step` over every close, after priming and a warm-up pass. */
function nsPerCandle(make: () => StreamingIndicator<unknown>, step: 'update' | 'peek'): number {
  const updater = make();
  for (let i = 0; i < 1000; i++) updater.update(closes[i]);
  const run = (): number => {
    let acc = 0;
    if (step === 'update') for (let i = 1000; i < BARS; i++) acc += valueOf(updater.update(closes[i]));
    else for (let i = 1000; i < BARS; i++) acc += valueOf(updater.peek(closes[i]));
    return acc;
  };
  const ms = timeMs(run, step === 'update' ? 0 : 2, step === 'update' ? 1 : 5);
  return (ms * 1e6) / (BARS - 1000);
}

function valueOf(v: unknown): number {
  return typeof v === 'number' ? v : 1;
}

const streaming: [string, () => StreamingIndicator<unknown>][] = [
  ['SMA(20)', () => new SmaUpdater(20)],
  ['EMA(12)', () => new EmaUpdater(12)],
  ['RSI(14)', () => new RsiUpdater(14)],
  ['MACD(12,26,9)', () => new MacdUpdater(12, 26, 9)],
  ['BB(20,2)', () => new BollingerUpdater(20, 2)],
];
const updateRows: [string, string, string, string][] = [];
for (const [name, make] of streaming) {
  nsPerCandle(make, 'update');
  const update = nsPerCandle(make, 'update');
  const peek = nsPerCandle(make, 'peek');
  const ok = update <= TARGET_UPDATE_NS && peek <= TARGET_UPDATE_NS;
  updateRows.push([name, update.toFixed(1), peek.toFixed(1), ok ? 'met' : 'MISSED']);
}
printTable(
  `Incremental (ns per candle; target <= ${TARGET_UPDATE_NS} ns)`,
  ['indicator', 'update ns', 'peek ns', 'target'],
  updateRows,
);

const BAR_COUNT = 200_000;
const bars: Bar[] = Array.from({ length: BAR_COUNT }, (_, i) => {
  const close = closes[i + 1];
  const open = closes[i];
  return {
    high: Math.max(open, close) * 1.001,
    low: Math.min(open, close) * 0.999,
    close,
    volume: 1 + (i % 17),
    openTime: i * 60_000,
  };
});
function nsPerBar(make: () => StreamingIndicator<unknown, Bar>, step: 'update' | 'peek'): number {
  const updater = make();
  for (let i = 0; i < 1000; i++) updater.update(bars[i]);
  const run = (): number => {
    let acc = 0;
    if (step === 'update') for (let i = 1000; i < BAR_COUNT; i++) acc += valueOf(updater.update(bars[i]));
    else for (let i = 1000; i < BAR_COUNT; i++) acc += valueOf(updater.peek(bars[i]));
    return acc;
  };
  return (timeMs(run, step === 'update' ? 0 : 2, step === 'update' ? 1 : 5) * 1e6) / (BAR_COUNT - 1000);
}
const barStreaming: [string, () => StreamingIndicator<unknown, Bar>][] = [
  ['ATR(14)', () => new AtrUpdater(14)],
  ['Stochastic(14,3,3)', () => new StochasticUpdater(14, 3, 3)],
  ['OBV', () => new ObvUpdater()],
  ['VWAP daily', () => new VwapUpdater({ daily: true })],
];
const barRows: [string, string, string, string][] = [];
for (const [name, make] of barStreaming) {
  nsPerBar(make, 'update');
  const update = nsPerBar(make, 'update');
  const peek = nsPerBar(make, 'peek');
  barRows.push([
    name,
    update.toFixed(1),
    peek.toFixed(1),
    update <= TARGET_UPDATE_NS && peek <= TARGET_UPDATE_NS ? 'met' : 'MISSED',
  ]);
}
printTable(
  `Incremental, OHLCV inputs (ns per candle over ${BAR_COUNT.toLocaleString('en-US')} bars)`,
  ['indicator', 'update ns', 'peek ns', 'target'],
  barRows,
);

function printTable(title: string, header: string[], body: string[][]): void {
  const all = [header, ...body];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  process.stdout.write(`\n${title}\n`);
  for (const [i, r] of all.entries()) {
    process.stdout.write(
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd() + '\n',
    );
    if (i === 0) process.stdout.write(widths.map((w) => '-'.repeat(w)).join('  ') + '\n');
  }
}

if (blackhole === 42) process.stdout.write('\n');
