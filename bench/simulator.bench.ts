/**
 * Simulated broker throughput: the synchronous MatchingEngine (filter checks, balance locks,
 * book walking, fills with fees, decimal strings in and out) on a 1,000-level book, for a mix of
 * 40 % MARKET, 40 % LIMIT (half marketable, half resting) and 20 % cancels. The book snapshot is
 * replaced every 200 orders (new lastUpdateId), so consumed liquidity comes back, as it would.
 *
 * Baselines in the same process, on the same inputs:
 * - naive: the same mix with big.js decimals per level, per check and per balance update;
 * - no-op: a loop that only reads the inputs (the harness's own cost).
 * Target: >= 200,000 orders/s on one core. Figures: process CPU time (steady on a shared machine)
 * and wall time, best and median of several runs.
 */
import { cpus, loadavg } from 'node:os';
import Big from 'big.js';
import type { Market } from '../src/model/market.js';
import type { BookLevel, OrderBook } from '../src/model/market-snapshot.js';
import type { OrderRequest } from '../src/model/order.js';
import { MatchingEngine } from '../src/exchanges/simulator/matching-engine.js';

const LEVELS = 1000;
const ORDERS = 100_000;
const REFRESH_EVERY = 200;
const RUNS = 7;
const NAIVE_RUNS = 3;

const market: Market = {
  symbol: 'BTCUSD',
  baseAsset: 'BTC',
  quoteAsset: 'USD',
  status: 'TRADING',
  baseAssetPrecision: 8,
  quoteAssetPrecision: 8,
  orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
  filters: {
    price: { minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' },
    lotSize: { minQty: '0.00001', maxQty: '9000', stepSize: '0.00001' },
    minNotional: { minNotional: '1', applyToMarket: true, avgPriceMins: 5 },
    percentPrice: { multiplierUp: '5', multiplierDown: '0.2', avgPriceMins: 5 },
  },
  fees: { maker: '0.001', taker: '0.001' },
};

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = mulberry32(42);
const MID_CENTS = 3_000_000; // 30,000.00
const cents = (c: number): string => (c / 100).toFixed(2);
const qty = (lo: number, hi: number): string => (lo + rand() * (hi - lo)).toFixed(5);

const bids: BookLevel[] = [];
const asks: BookLevel[] = [];
for (let i = 0; i < LEVELS; i += 1) {
  bids.push([cents(MID_CENTS - i), qty(0.05, 0.5)]);
  asks.push([cents(MID_CENTS + 1 + i), qty(0.05, 0.5)]);
}
const books: OrderBook[] = Array.from({ length: Math.ceil(ORDERS / REFRESH_EVERY) }, (_, i) => ({
  symbol: 'BTCUSD',
  lastUpdateId: i + 1,
  bids,
  asks,
  time: 0,
}));

type Step = { kind: 'place'; request: OrderRequest } | { kind: 'cancel'; pick: number };
const steps: Step[] = [];
for (let i = 0; i < ORDERS; i += 1) {
  const r = rand();
  const side = rand() < 0.5 ? 'BUY' : 'SELL';
  const buy = side === 'BUY';
  const clientOrderId = `b${i}`;
  if (r < 0.4) {
    steps.push({
      kind: 'place',
      request: { clientOrderId, symbol: 'BTCUSD', side, type: 'MARKET', quantity: qty(0.01, 0.6) },
    });
  } else if (r < 0.6) {
    const depth = Math.floor(rand() * 3); // crosses 0-2 levels
    const price = cents(buy ? MID_CENTS + 1 + depth : MID_CENTS - depth);
    steps.push({
      kind: 'place',
      request: {
        clientOrderId,
        symbol: 'BTCUSD',
        side,
        type: 'LIMIT',
        timeInForce: rand() < 0.5 ? 'IOC' : 'GTC',
        quantity: qty(0.01, 0.4),
        price,
      },
    });
  } else if (r < 0.8) {
    const away = 5 + Math.floor(rand() * (LEVELS - 10));
    const price = cents(buy ? MID_CENTS - away : MID_CENTS + 1 + away);
    steps.push({
      kind: 'place',
      request: {
        clientOrderId,
        symbol: 'BTCUSD',
        side,
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: qty(0.01, 0.4),
        price,
      },
    });
  } else {
    steps.push({ kind: 'cancel', pick: rand() });
  }
}

const balances = [
  { asset: 'USD', free: '1000000000', locked: '0' },
  { asset: 'BTC', free: '1000000', locked: '0' },
];
const clock = { now: () => 1_700_000_000_000 };

function runEngine(): number {
  const engine = new MatchingEngine({ clock, balances });
  const resting: string[] = [];
  const start = process.cpuUsage();
  for (let i = 0; i < steps.length; i += 1) {
    const step = steps[i];
    if (step.kind === 'place') {
      const { order } = engine.place(step.request, {
        market,
        book: books[(i / REFRESH_EVERY) | 0],
        lastPrice: '30000',
      });
      if (order.status === 'NEW' || order.status === 'PARTIALLY_FILLED') resting.push(order.orderId);
    } else if (resting.length > 0) {
      const k = (step.pick * resting.length) | 0;
      const orderId = resting[k];
      resting[k] = resting[resting.length - 1];
      resting.pop();
      engine.cancel('BTCUSD', { orderId });
    }
  }
  return cpuSecondsSince(start);
}

/** The same mix, naively: big.js for every comparison, product and balance update. */
function runNaive(): number {
  const tick = new Big('0.01');
  const step = new Big('0.00001');
  const fee = new Big('0.001');
  let usd = new Big('1000000000');
  let btc = new Big('1000000');
  let usdLocked = new Big(0);
  let btcLocked = new Big(0);
  const open = new Map<string, { buy: boolean; price: Big; qty: Big }>();
  const resting: string[] = [];
  // Levels become Big lazily, as far as orders walk (as the engine does), so the ratio measures arithmetic, not parsing.
  let sideBids: ({ p: Big; q: Big } | undefined)[] = [];
  let sideAsks: ({ p: Big; q: Big } | undefined)[] = [];
  let bookId = -1;
  let nextId = 1;
  const start = process.cpuUsage();
  for (let i = 0; i < steps.length; i += 1) {
    const s = steps[i];
    const b = (i / REFRESH_EVERY) | 0;
    if (b !== bookId) {
      bookId = b;
      sideBids = new Array(LEVELS);
      sideAsks = new Array(LEVELS);
    }
    if (s.kind === 'cancel') {
      if (resting.length === 0) continue;
      const k = (s.pick * resting.length) | 0;
      const id = resting[k];
      resting[k] = resting[resting.length - 1];
      resting.pop();
      const o = open.get(id);
      if (!o) continue;
      open.delete(id);
      if (o.buy) {
        const amt = o.price.times(o.qty);
        usdLocked = usdLocked.minus(amt);
        usd = usd.plus(amt);
      } else {
        btcLocked = btcLocked.minus(o.qty);
        btc = btc.plus(o.qty);
      }
      continue;
    }
    const r = s.request;
    const buy = r.side === 'BUY';
    let left = new Big(r.quantity as string);
    if (!left.mod(step).eq(0)) throw new Error('LOT_SIZE');
    const limit = r.price !== undefined ? new Big(r.price) : undefined;
    if (limit && !limit.mod(tick).eq(0)) throw new Error('PRICE_FILTER');
    if (limit ? limit.times(left).lt(1) : left.times(30000).lt(1)) throw new Error('MIN_NOTIONAL');
    if (limit) {
      if (buy) {
        const amt = limit.times(left);
        usd = usd.minus(amt);
        usdLocked = usdLocked.plus(amt);
      } else {
        btc = btc.minus(left);
        btcLocked = btcLocked.plus(left);
      }
    }
    const levels = buy ? sideAsks : sideBids;
    const source = buy ? books[b].asks : books[b].bids;
    for (let k = 0; k < source.length; k += 1) {
      if (left.eq(0)) break;
      const level = (levels[k] ??= { p: new Big(source[k][0]), q: new Big(source[k][1]) });
      if (level.q.eq(0)) continue;
      if (limit && (buy ? level.p.gt(limit) : level.p.lt(limit))) break;
      const q = level.q.lt(left) ? level.q : left;
      level.q = level.q.minus(q);
      left = left.minus(q);
      const quote = level.p.times(q);
      if (buy) {
        if (limit) {
          const rel = limit.times(q);
          usdLocked = usdLocked.minus(rel);
          usd = usd.plus(rel);
        }
        usd = usd.minus(quote);
        btc = btc.plus(q.minus(q.times(fee)));
      } else {
        if (limit) {
          btcLocked = btcLocked.minus(q);
          btc = btc.plus(q);
        }
        btc = btc.minus(q);
        usd = usd.plus(quote.minus(quote.times(fee)));
      }
      void quote.toFixed();
      void q.toFixed();
    }
    if (limit && left.gt(0)) {
      if (r.timeInForce === 'GTC') {
        const id = String(nextId++);
        open.set(id, { buy, price: limit, qty: left });
        resting.push(id);
      } else if (buy) {
        const amt = limit.times(left);
        usdLocked = usdLocked.minus(amt);
        usd = usd.plus(amt);
      } else {
        btcLocked = btcLocked.minus(left);
        btc = btc.plus(left);
      }
    }
  }
  if (usd.lt(0) || btc.lt(0)) throw new Error('naive baseline went negative');
  return cpuSecondsSince(start);
}

function runNoop(): number {
  let checksum = 0;
  const start = process.cpuUsage();
  for (let i = 0; i < steps.length; i += 1) {
    const s = steps[i];
    checksum += s.kind === 'place' ? s.request.clientOrderId.length + (s.request.quantity?.length ?? 0) : s.pick;
  }
  const seconds = cpuSecondsSince(start);
  if (checksum < 0) throw new Error('unreachable');
  return seconds;
}

/**
 * CPU time of this process (user + system), not wall time: the figures hold on a machine shared
 * with other work. It includes the garbage collector's helper threads, so it errs on the slow side.
 */
function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

interface Sample {
  cpu: number;
  wall: number;
}

/** Each run's CPU seconds (from the run itself) and wall seconds, after a full collection so runs start alike. */
function sample(run: () => number, runs: number): Sample[] {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i += 1) {
    (globalThis as { gc?: () => void }).gc?.();
    const start = process.hrtime.bigint();
    const cpu = run();
    samples.push({ cpu, wall: Number(process.hrtime.bigint() - start) / 1e9 });
  }
  return samples;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

interface Summary {
  bestCpu: number;
  medianCpu: number;
  bestWall: number;
  medianWall: number;
}

function summarise(samples: Sample[]): Summary {
  const cpu = samples.map((x) => x.cpu);
  const wall = samples.map((x) => x.wall);
  return { bestCpu: Math.min(...cpu), medianCpu: median(cpu), bestWall: Math.min(...wall), medianWall: median(wall) };
}

runEngine(); // warm-up
runNaive();
const engine = summarise(sample(runEngine, RUNS));
const naive = summarise(sample(runNaive, NAIVE_RUNS));
const noop = summarise(sample(runNoop, RUNS));
const rate = (s: number): string => `${Math.round(ORDERS / s).toLocaleString('en-US')}`.padStart(11);
const line = (name: string, r: Summary): string =>
  `${name.padEnd(32)}CPU best ${rate(r.bestCpu)}  median ${rate(r.medianCpu)} orders/s (${((r.medianCpu / ORDERS) * 1e6).toFixed(2)} µs/order)` +
  `   wall best ${rate(r.bestWall)}  median ${rate(r.medianWall)}`;
const mix = { market: 0, limit: 0, cancel: 0 };
for (const s of steps) mix[s.kind === 'cancel' ? 'cancel' : s.request.type === 'MARKET' ? 'market' : 'limit'] += 1;

console.log(
  `book: ${LEVELS} levels a side, refreshed every ${REFRESH_EVERY} orders; ${ORDERS.toLocaleString('en-US')} orders (market ${mix.market}, limit ${mix.limit}, cancel ${mix.cancel}); ${RUNS} runs (naive ${NAIVE_RUNS})`,
);
console.log(line('matching engine (fixed-point)', engine));
console.log(line('naive big.js baseline', naive));
console.log(line('no-op loop over the inputs', noop));
console.log(
  `ratio engine / naive big.js     ${(naive.medianCpu / engine.medianCpu).toFixed(2)}x faster (median CPU time; best ${(naive.bestCpu / engine.bestCpu).toFixed(2)}x)`,
);
const verdict =
  ORDERS / engine.medianCpu >= 200_000
    ? 'met'
    : ORDERS / engine.bestCpu >= 200_000
      ? 'met by the best run only'
      : 'NOT met';
console.log(
  `target >= 200,000 orders/s      ${verdict} (median CPU time; load average now ${loadavg()[0].toFixed(2)} on ${cpus().length} cores)`,
);
console.log(
  `resident memory of this process after the runs: ${Math.round(process.memoryUsage().rss / 1e6)} MB (heap used ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB)`,
);
