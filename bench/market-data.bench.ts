/**
 * Offline market data: how long the calls a model makes take on the synthetic and replay sources.
 * Baselines (same process): the same candle aggregation and book construction done naively with
 * big.js decimals, the straightforward way to write them.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../src/clock/manual-clock.js';
import { openReplay } from '../src/exchanges/replay/index.js';
import { SyntheticMarketData } from '../src/exchanges/synthetic/index.js';
import type { Candle } from '../src/model/candle.js';
import { Big } from '../src/model/money.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const realFile = resolve(repoRoot, '../shared/data/klines/BTCUSD_1m_20230301_20230321.csv');
const NOW = Date.UTC(2025, 5, 1, 12, 34, 56, 789);

async function time<T>(label: string, fn: () => Promise<T> | T, repeat = 1): Promise<{ ms: number; result: T }> {
  let result!: T;
  const start = process.hrtime.bigint();
  for (let i = 0; i < repeat; i++) result = await fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / repeat;
  console.log(`${label.padEnd(58)} ${ms.toFixed(2).padStart(9)} ms`);
  return { ms, result };
}

function naiveHourly(minutes: Candle[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i + 60 <= minutes.length; i += 60) {
    let high = new Big(minutes[i].high);
    let low = new Big(minutes[i].low);
    let volume = new Big(0);
    for (let k = i; k < i + 60; k++) {
      if (high.lt(minutes[k].high)) high = new Big(minutes[k].high);
      if (low.gt(minutes[k].low)) low = new Big(minutes[k].low);
      volume = volume.plus(minutes[k].volume);
    }
    out.push([minutes[i].open, high.toFixed(), low.toFixed(), minutes[i + 59].close, volume.toFixed()]);
  }
  return out;
}

function naiveBook(mid: string, levels: number): [string, string][] {
  const tick = new Big('0.01');
  const out: [string, string][] = [];
  for (let i = 0; i < levels; i++)
    out.push([new Big(mid).minus(tick.times(i + 1)).toFixed(2), new Big('0.5').times(1 + i / 1000).toFixed(5)]);
  return out;
}

console.log('synthetic (24 pairs, seed 42)');
const clock = new ManualClock(NOW);
const md = new SyntheticMarketData(clock);
const tickersCold = await time('tickers24h, all 24 symbols, cold (builds 2 days each)', () => md.tickers24h());
const tickersWarm = await time('tickers24h, all 24 symbols, warm', () => md.tickers24h(), 5);
const hourCold = await time('candles BTCUSD 1h x1000, cold', () => md.candles('BTCUSD', '1h', { limit: 1000 }));
const hourWarm = await time('candles BTCUSD 1h x1000, warm', () => md.candles('BTCUSD', '1h', { limit: 1000 }), 5);
await time('candles BTCUSD 1m x1000', () => md.candles('BTCUSD', '1m', { limit: 1000 }), 5);
await time('candles ETHUSD 1d x1000, cold (1000 days of minutes)', () => md.candles('ETHUSD', '1d', { limit: 1000 }));
await time('candles ETHUSD 1d x1000, warm', () => md.candles('ETHUSD', '1d', { limit: 1000 }), 5);
const book = await time('orderBook BTCUSD 5000 levels per side', () => md.orderBook('BTCUSD', 5000), 5);
let delivered = 0;
md.subscribeTrades(['BTCUSD', 'ETHUSD', 'SOLUSD'], () => (delivered += 1));
const pump = await time('pump 1 simulated hour of trades, 3 symbols', () => {
  clock.advance(3_600_000);
  return md.pump();
});
console.log(
  `  trades delivered: ${delivered} (${Math.round(delivered / (pump.ms / 1000)).toLocaleString('en-US')} trades/s)`,
);

const minutes = await md.candles('BTCUSD', '1m', { limit: 1000 });
const sixty = [...minutes, ...minutes].slice(0, 960);
const naiveAgg = await time(
  'baseline: big.js aggregation of 960 1m candles into 16 hours',
  () => naiveHourly(sixty),
  5,
);
const naiveBookTime = await time(
  'baseline: big.js 5000-level book side x2',
  () => [naiveBook('65000.00', 5000), naiveBook('65000.00', 5000)],
  5,
);
console.log(
  `ratio 1h x1000 warm / big.js cost per hour x1000: ${(hourWarm.ms / ((naiveAgg.ms / 16) * 1000)).toFixed(3)}`,
);
console.log(`ratio book 5000 / big.js book 5000: ${(book.ms / naiveBookTime.ms).toFixed(3)}`);
console.log(
  `ratio tickers cold / warm: ${(tickersCold.ms / tickersWarm.ms).toFixed(1)}; 1h cold / warm: ${(hourCold.ms / hourWarm.ms).toFixed(1)}`,
);

console.log(
  existsSync(realFile) ? '\nreplay (real BTCUSD 1m, 30,240 candles)' : '\nreplay: ../shared/data absent, skipped',
);
if (existsSync(realFile)) {
  const load = await time('open the 2 MB CSV', () =>
    openReplay(realFile, { warmup: 20_000, clock: (t) => new ManualClock(t) }),
  );
  const replay = load.result;
  await time('candles 1m x1000', () => replay.candles('BTCUSD', '1m', { limit: 1000 }), 5);
  await time('candles 1h x1000 (resampled)', () => replay.candles('BTCUSD', '1h', { limit: 1000 }), 5);
  await time('tickers24h', () => replay.tickers24h(), 5);
  await time('orderBook 5000', () => replay.orderBook('BTCUSD', 5000), 5);
}
global.gc?.();
console.log(`\nresident memory: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
