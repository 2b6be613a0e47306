/**
 * The operator's limits applied to a backtest's orders by the real risk engine, with the state the
 * engine needs (daily loss on equity, orders in the last minute) kept in memory at simulated time.
 */
import type { Market } from '../model/market.js';
import type { Decimal } from '../model/money.js';
import type { Side } from '../model/order.js';
import { DailyLossBreaker } from '../risk/circuit-breaker.js';
import { exposureAfter, flowOf, reducesExposure, type ExposureView } from '../risk/exposure.js';
import type { RiskLimits } from '../risk/limits.js';
import { OrderRateWindow } from '../risk/order-rate-window.js';
import { RiskEngine } from '../risk/risk-engine.js';

export interface RiskDenialRecord {
  time: number;
  symbol: string;
  side: Side;
  code: string;
  message: string;
}

export class RiskGate {
  private readonly engine: RiskEngine;
  private readonly breaker: DailyLossBreaker;
  private readonly rate = new OrderRateWindow();
  private readonly watchesLoss: boolean;
  readonly denials: RiskDenialRecord[] = [];
  deniedCount = 0;

  constructor(limits: RiskLimits) {
    this.engine = new RiskEngine(limits);
    this.breaker = new DailyLossBreaker(limits.maxDailyLossUsd);
    this.watchesLoss = limits.maxDailyLossUsd !== undefined;
  }

  /** Whether any limit is set: without one every order passes and nothing needs measuring. */
  get limited(): boolean {
    return this.engine.limited;
  }

  /** An order passing with no limit set: counted in the order rate as check() counts it. */
  pass(time: number): void {
    this.rate.record(time);
  }

  /** Equity marks feed the daily-loss breaker (only when that limit is set). */
  observeEquity(equityUsd: number, time: number): void {
    if (this.watchesLoss) this.breaker.observe(equityUsd.toFixed(8), time);
  }

  /** Null when allowed; the denial (also kept, the first 50 in full) when not. Quote is valued at 1 USD. */
  check(o: {
    market: Market;
    side: Side;
    quantity: Decimal;
    notionalUsd: Decimal;
    heldBase: Decimal;
    view: ExposureView;
    time: number;
  }): RiskDenialRecord | null {
    const m = o.market;
    const after = exposureAfter(
      o.view,
      flowOf({
        side: o.side,
        baseAsset: m.baseAsset,
        quoteAsset: m.quoteAsset,
        quantity: o.quantity,
        quoteQuantity: o.notionalUsd,
      }),
    );
    const verdict = this.engine.check(
      {
        symbol: m.symbol,
        side: o.side,
        baseAsset: m.baseAsset,
        quoteAsset: m.quoteAsset,
        notionalUsd: o.notionalUsd,
        addsTo: after.addsTo,
        totalExposureBeforeUsd: after.totalBeforeUsd,
        totalExposureAfterUsd: after.totalAfterUsd,
        reducesExposure: reducesExposure({
          side: o.side,
          quoteAsset: o.market.quoteAsset,
          quantity: o.quantity,
          heldBaseQuantity: o.heldBase,
        }),
        time: o.time,
      },
      this.breaker.riskState(o.time, this.rate.count(o.time)),
    );
    if (verdict.allowed) {
      this.rate.record(o.time);
      return null;
    }
    const record = {
      time: o.time,
      symbol: o.market.symbol,
      side: o.side,
      code: verdict.denial.code,
      message: verdict.denial.message,
    };
    this.deniedCount += 1;
    if (this.denials.length < 50) this.denials.push(record);
    return record;
  }
}
