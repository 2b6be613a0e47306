/**
 * Cost of one risk check (target: at most 5 µs) with every limit set, against baselines run in the
 * same process: an empty function call with the same arguments, and a check with no limits set.
 * Also the per-call cost of the breaker, the rate window, and the ledger's update per fill.
 * Run alone: npx tsx bench/risk.bench.ts
 */
import { AverageCostLedger } from '../src/ledger/average-cost-ledger.js';
import { MapPriceBook } from '../src/ledger/usd-valuation.js';
import type { Fill } from '../src/model/fill.js';
import type { RiskAttempt, RiskState } from '../src/risk/attempt.js';
import { DailyLossBreaker } from '../src/risk/circuit-breaker.js';
import { OrderRateWindow } from '../src/risk/order-rate-window.js';
import { RiskEngine } from '../src/risk/risk-engine.js';

const T0 = Date.UTC(2025, 2, 4, 12);
const SYMBOLS = ['BTCUSD', 'ETHUSD', 'SOLUSD', 'ADAUSD', 'BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'LTCUSD'];
const N = 1024;

const attempts: RiskAttempt[] = Array.from({ length: N }, (_, i) => ({
  symbol: SYMBOLS[i % SYMBOLS.length]!,
  side: i % 3 === 0 ? 'SELL' : 'BUY',
  baseAsset: SYMBOLS[i % SYMBOLS.length]!.replace(/USDT?$/, ''),
  quoteAsset: 'USD',
  notionalUsd: (10 + (i % 560) + i / 1000).toFixed(8),
  addsTo:
    i % 3 === 0
      ? null
      : {
          asset: SYMBOLS[i % SYMBOLS.length]!.replace(/USDT?$/, ''),
          valueAfterUsd: (100 + (i % 900) * 1.37).toFixed(8),
        },
  totalExposureBeforeUsd: (1000 + (i % 700) * 2.1).toFixed(8),
  totalExposureAfterUsd: (1000 + (i % 700) * 2.1 + 10 + (i % 560)).toFixed(8),
  reducesExposure: i % 3 === 0,
  time: T0 + i,
}));
const states: RiskState[] = Array.from({ length: N }, (_, i) => ({
  dailyLossUsd: ((i % 400) * 0.91).toFixed(2),
  breakerTripped: false,
  ordersInLastMinute: i % 50,
}));

const allLimits = new RiskEngine({
  maxTradeSizeUsd: '500',
  maxPositionSizeUsd: '2000',
  maxTotalExposureUsd: '20000',
  maxDailyLossUsd: '1000',
  maxOrdersPerMinute: 60,
  allowedSymbols: SYMBOLS,
  deniedSymbols: ['DOGEUSD', 'SHIBUSD'],
});
const noLimits = new RiskEngine({});
const denying = new RiskEngine({ maxTradeSizeUsd: '1' });

let sink = 0;
function noop(attempt: RiskAttempt, state: RiskState): { allowed: boolean } {
  return attempt.time > state.ordersInLastMinute ? { allowed: true } : { allowed: false };
}

/** Nanoseconds per call of fn(i), best of `rounds` timed rounds after a warm-up. */
function measure(fn: (i: number) => void, iterations: number, rounds = 5): number {
  for (let i = 0; i < Math.min(iterations, 50_000); i++) fn(i);
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn(i);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / iterations);
  }
  return best;
}

const rows: [string, number][] = [];
const add = (name: string, ns: number) => rows.push([name, ns]);

add(
  'baseline: empty function call',
  measure((i) => {
    sink += noop(attempts[i & (N - 1)]!, states[i & (N - 1)]!).allowed ? 1 : 0;
  }, 2_000_000),
);
add(
  'check, no limits set',
  measure((i) => {
    sink += noLimits.check(attempts[i & (N - 1)]!, states[i & (N - 1)]!).allowed ? 1 : 0;
  }, 2_000_000),
);
add(
  'check, all limits set (mix of allowed and denied)',
  measure((i) => {
    sink += allLimits.check(attempts[i & (N - 1)]!, states[i & (N - 1)]!).allowed ? 1 : 0;
  }, 1_000_000),
);
const allowedOnly = attempts.filter((a, i) => allLimits.check(a, states[i]!).allowed);
const allowedStates = attempts.map((_, i) => states[i]!).filter((s, i) => allLimits.check(attempts[i]!, s).allowed);
const A = allowedOnly.length;
add(
  `check, all limits set, allowed (every rule runs; ${A} of ${N} inputs)`,
  measure((i) => {
    sink += allLimits.check(allowedOnly[i % A]!, allowedStates[i % A]!).allowed ? 1 : 0;
  }, 1_000_000),
);
add(
  'check, denied with message (MAX_TRADE_SIZE_USD)',
  measure((i) => {
    sink += denying.check(attempts[i & (N - 1)]!, states[i & (N - 1)]!).allowed ? 1 : 0;
  }, 200_000),
);

const window = new OrderRateWindow();
add(
  'OrderRateWindow record + count',
  measure((i) => {
    window.record(T0 + i * 50);
    sink += window.count(T0 + i * 50);
  }, 500_000),
);
const breaker = new DailyLossBreaker('1000');
breaker.observe('10000', T0);
add(
  'DailyLossBreaker observe + riskState',
  measure((i) => {
    breaker.observe(i % 2 ? '9950.5' : '10010.25', T0 + i);
    sink += breaker.riskState(T0 + i, 3).ordersInLastMinute;
  }, 200_000),
);

const ledger = new AverageCostLedger();
const prices = new MapPriceBook({ BTCUSD: '60000', BNBUSD: '500' });
ledger.openingBalance('BTC', '1', prices);
const fills: Fill[] = Array.from({ length: N }, (_, i) => {
  const side = i % 2 === 0 ? 'BUY' : 'SELL';
  const price = (60000 + (i % 200) - 100).toFixed(2);
  const qty = '0.01234';
  const quoteQty = (Number(price) * 0.01234).toFixed(6);
  return {
    tradeId: String(i),
    orderId: '1',
    clientOrderId: 'c',
    symbol: 'BTCUSD',
    side,
    price,
    qty,
    quoteQty,
    commission: side === 'BUY' ? '0.00001234' : '0.74',
    commissionAsset: side === 'BUY' ? 'BTC' : 'USD',
    isMaker: false,
    time: T0 + i,
  };
});
const btcusd = { baseAsset: 'BTC', quoteAsset: 'USD' };
add(
  'ledger applyFill (average cost, big.js)',
  measure((i) => {
    sink += ledger.applyFill(fills[i & (N - 1)]!, btcusd, prices).notes.length;
  }, 50_000),
);

const baseline = rows[0]![1];
const noLimitCheck = rows[1]![1];
process.stdout.write('risk engine and ledger, per call (best of 5 rounds)\n');
for (const [name, ns] of rows) {
  process.stdout.write(
    `  ${name.padEnd(72)} ${(ns / 1000).toFixed(3).padStart(8)} µs   ${(ns / baseline).toFixed(1).padStart(7)}x baseline   ${(ns / noLimitCheck).toFixed(1).padStart(7)}x no-limit check\n`,
  );
}
const full = rows[3]![1] / 1000;
process.stdout.write(
  `target: one check with all limits set <= 5 µs: ${full.toFixed(3)} µs ${full <= 5 ? 'MET' : 'NOT MET'}\n`,
);
if (sink === 42) process.stdout.write('\n');
