/**
 * Model-based property tests: random limits and random sequences of orders, price moves, clock jumps
 * and operator resets run against a simulated account. Orders the engine allows are applied. An
 * independent oracle then checks that no limit was exceeded and the breaker was never bypassed.
 */
import fc from 'fast-check';
import { Mutex } from 'async-mutex';
import { describe, expect, it } from 'vitest';
import { Big, str } from '../../src/model/money.js';
import type { RiskAttempt } from '../../src/risk/attempt.js';
import { DailyLossBreaker } from '../../src/risk/circuit-breaker.js';
import { reducesExposure } from '../../src/risk/exposure.js';
import type { RiskLimits } from '../../src/risk/limits.js';
import { OrderRateWindow } from '../../src/risk/order-rate-window.js';
import { RiskEngine } from '../../src/risk/risk-engine.js';
import { utcDay } from '../../src/risk/utc-day.js';

const SYMBOLS = ['BTCUSD', 'ETHUSD', 'SOLUSD', 'DOGEUSD'] as const;
const START_PRICES = ['60000', '3000', '150', '0.2'];
const START = Date.UTC(2025, 0, 1, 22, 0, 0);

const usdLimit = fc.option(fc.integer({ min: 1, max: 20_000 }).map(String), { nil: undefined });
const symbolSubset = fc.subarray([...SYMBOLS], { maxLength: 2 });
const limitsArb: fc.Arbitrary<RiskLimits> = fc.record({
  maxTradeSizeUsd: usdLimit,
  maxPositionSizeUsd: usdLimit,
  maxDailyLossUsd: fc.option(fc.integer({ min: 1, max: 1_500 }).map(String), { nil: undefined, freq: 4 }),
  maxOrdersPerMinute: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  allowedSymbols: fc.option(fc.subarray([...SYMBOLS], { minLength: 2 }), { nil: undefined, freq: 2 }),
  deniedSymbols: symbolSubset,
});

type Step =
  | { kind: 'order'; symbol: number; side: 'BUY' | 'SELL'; fraction: number; usd: number; dtMs: number }
  | { kind: 'price'; symbol: number; movePermille: number; dtMs: number }
  | { kind: 'advance'; dtMs: number }
  | { kind: 'reset' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      symbol: fc.nat(SYMBOLS.length - 1),
      side: fc.constantFrom('BUY' as const, 'SELL' as const),
      fraction: fc.integer({ min: 1, max: 1200 }),
      usd: fc.integer({ min: 1, max: 12_000 }),
      dtMs: fc.integer({ min: 0, max: 30_000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('price' as const),
      symbol: fc.nat(SYMBOLS.length - 1),
      movePermille: fc.integer({ min: -300, max: 300 }),
      dtMs: fc.integer({ min: 0, max: 600_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), dtMs: fc.integer({ min: 0, max: 30 * 3_600_000 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'reset' as const }) },
);

class Account {
  cash = new Big(20_000);
  held = SYMBOLS.map(() => new Big(0));
  prices = START_PRICES.map((p) => new Big(p));

  equity(): string {
    return str(this.held.reduce((sum, q, i) => sum.plus(q.times(this.prices[i]!)), this.cash));
  }
}

/** The oracle's own view of the breaker: loss since the day's first observation (or the last reset). */
class BreakerOracle {
  private day = '';
  private start = new Big(0);
  tripped = false;

  constructor(private readonly limit: string | undefined) {}

  observe(equity: string, time: number): void {
    if (utcDay(time) !== this.day) {
      this.day = utcDay(time);
      this.start = new Big(equity);
      this.tripped = false;
    }
    const loss = this.start.minus(equity);
    if (this.limit !== undefined && loss.gt(0) && loss.gte(this.limit)) this.tripped = true;
  }

  reset(equity: string): void {
    this.start = new Big(equity);
    this.tripped = false;
  }
}

function run(limits: RiskLimits, steps: Step[]): void {
  const engine = new RiskEngine(limits);
  const breaker = new DailyLossBreaker(limits.maxDailyLossUsd);
  const window = new OrderRateWindow();
  const oracle = new BreakerOracle(limits.maxDailyLossUsd);
  const account = new Account();
  const allowedTimes: number[] = [];
  let now = START;
  const observe = () => {
    breaker.observe(account.equity(), now);
    oracle.observe(account.equity(), now);
  };
  observe();

  for (const step of steps) {
    if (step.kind === 'advance') {
      now += step.dtMs;
      observe();
      continue;
    }
    if (step.kind === 'reset') {
      breaker.reset(account.equity(), now);
      oracle.reset(account.equity());
      continue;
    }
    if (step.kind === 'price') {
      now += step.dtMs;
      const i = step.symbol;
      account.prices[i] = account.prices[i]!.times(1000 + step.movePermille)
        .div(1000)
        .round(8, Big.roundDown);
      observe();
      continue;
    }
    now += step.dtMs;
    observe();
    const i = step.symbol;
    const price = account.prices[i]!;
    const held = account.held[i]!;
    const quantity =
      step.side === 'SELL' && held.gt(0)
        ? held.times(step.fraction).div(1000).round(8, Big.roundDown)
        : new Big(step.usd).div(price).round(8, Big.roundDown);
    if (quantity.lte(0)) continue;
    const symbol = SYMBOLS[i]!;
    const reducing = reducesExposure({
      side: step.side,
      quoteAsset: 'USD',
      quantity: str(quantity),
      heldBaseQuantity: str(held),
    });
    const attempt: RiskAttempt = {
      symbol,
      side: step.side,
      baseAsset: symbol.replace('USD', ''),
      quoteAsset: 'USD',
      notionalUsd: str(quantity.times(price)),
      addsTo:
        step.side === 'BUY'
          ? { asset: symbol.replace('USD', ''), valueAfterUsd: str(held.plus(quantity).times(price)) }
          : null,
      totalExposureBeforeUsd: '0',
      totalExposureAfterUsd: '0',
      reducesExposure: reducing,
      time: now,
    };
    const verdict = engine.check(attempt, breaker.riskState(now, window.count(now)));
    if (!verdict.allowed) continue;

    // The oracle's independent judgement of the allowed order.
    const oracleReducing = step.side === 'SELL' && quantity.lte(held);
    if (limits.allowedSymbols && limits.allowedSymbols.length > 0) expect(limits.allowedSymbols).toContain(symbol);
    expect(limits.deniedSymbols ?? []).not.toContain(symbol);
    if (limits.maxTradeSizeUsd) expect(quantity.times(price).lte(limits.maxTradeSizeUsd)).toBe(true);
    const after = step.side === 'BUY' ? held.plus(quantity) : held.minus(quantity);
    if (limits.maxPositionSizeUsd && !oracleReducing)
      expect(after.times(price).lte(limits.maxPositionSizeUsd)).toBe(true);
    if (oracle.tripped) expect(oracleReducing).toBe(true);
    allowedTimes.push(now);
    if (limits.maxOrdersPerMinute !== undefined) {
      expect(allowedTimes.filter((t) => t > now - 60_000 && t <= now).length).toBeLessThanOrEqual(
        limits.maxOrdersPerMinute,
      );
    }

    window.record(now);
    const notional = quantity.times(price);
    if (step.side === 'BUY' && account.cash.gte(notional)) {
      account.cash = account.cash.minus(notional);
      account.held[i] = held.plus(quantity);
    } else if (step.side === 'SELL' && oracleReducing) {
      account.cash = account.cash.plus(notional);
      account.held[i] = held.minus(quantity);
    }
  }
}

describe('risk invariants over random order sequences', () => {
  it('check when random limits and random orders, prices, day changes and resets then no limit is exceeded and the breaker is never bypassed', () => {
    fc.assert(
      fc.property(limitsArb, fc.array(stepArb, { minLength: 30, maxLength: 150 }), (limits, steps) =>
        run(limits, steps),
      ),
      { numRuns: 300 },
    );
  });

  it('the oracle when the engine ignored the breaker then would catch it (the property can fail)', () => {
    const limits: RiskLimits = { maxDailyLossUsd: '100' };
    const steps: Step[] = [
      { kind: 'order', symbol: 0, side: 'BUY', fraction: 1, usd: 10_000, dtMs: 0 },
      { kind: 'price', symbol: 0, movePermille: -200, dtMs: 1 },
      { kind: 'order', symbol: 0, side: 'BUY', fraction: 1, usd: 100, dtMs: 1 },
    ];
    expect(() => run(limits, steps)).not.toThrow();
    const original = RiskEngine.prototype.check;
    RiskEngine.prototype.check = () => ({ allowed: true });
    try {
      expect(() => run(limits, steps)).toThrow();
    } finally {
      RiskEngine.prototype.check = original;
    }
  });
});

describe('risk checks under concurrency', () => {
  /** One account's order path: check, then an awaited submission, then the position is updated. */
  function desk(engine: RiskEngine, serialize: boolean) {
    const lock = new Mutex();
    let positionUsd = new Big(0);
    const place = async (notional: string, submit: () => Promise<void>) => {
      const attempt: RiskAttempt = {
        symbol: 'BTCUSD',
        side: 'BUY',
        baseAsset: 'BTC',
        quoteAsset: 'USD',
        notionalUsd: notional,
        addsTo: { asset: 'BTC', valueAfterUsd: str(positionUsd.plus(notional)) },
        totalExposureBeforeUsd: str(positionUsd),
        totalExposureAfterUsd: str(positionUsd.plus(notional)),
        reducesExposure: false,
        time: START,
      };
      if (!engine.check(attempt, { dailyLossUsd: '0', breakerTripped: false, ordersInLastMinute: 0 }).allowed) return;
      await submit();
      positionUsd = positionUsd.plus(notional);
    };
    return {
      place: (notional: string, submit: () => Promise<void>) =>
        serialize ? lock.runExclusive(() => place(notional, submit)) : place(notional, submit),
      position: () => positionUsd,
    };
  }

  it('placeOrder when concurrent orders are serialised per account then they never exceed a position limit that only some fit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.integer({ min: 1, max: 900 }), { minLength: 2, maxLength: 8 }),
        async (scheduler, notionals) => {
          const account = desk(new RiskEngine({ maxPositionSizeUsd: '1000' }), true);
          await scheduler.waitFor(
            Promise.all(
              notionals.map((n) =>
                account.place(String(n), () => scheduler.schedule(Promise.resolve(), `submit ${n}`)),
              ),
            ),
          );
          expect(account.position().lte(1000)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('placeOrder when concurrent orders are not serialised then two can both pass a limit only one fits (why the lock is needed)', async () => {
    const account = desk(new RiskEngine({ maxPositionSizeUsd: '1000' }), false);
    await Promise.all([account.place('600', () => Promise.resolve()), account.place('600', () => Promise.resolve())]);
    expect(account.position().toNumber()).toBe(1200);
  });
});
