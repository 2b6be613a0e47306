import type { Decimal } from '../model/money.js';
import type { Side } from '../model/order.js';

export interface RiskDenial {
  /** Stable code, e.g. MAX_TRADE_SIZE_EXCEEDED, DAILY_LOSS_BREAKER_TRIPPED. */
  code: string;
  message: string;
  limit: string;
  limitValue: string;
  attempted: string;
}

/** One order as the risk engine sees it: already rounded to the symbol's filters and priced in USD. */
export interface RiskAttempt {
  symbol: string;
  side: Side;
  baseAsset: string;
  quoteAsset: string;
  notionalUsd: Decimal;
  /**
   * The non-cash asset the order adds to (its base for a BUY, its quote for a SELL) and the USD value
   * of that position after the order fills, open orders counted as filled (exposure.ts); null when
   * the order receives USD or a stablecoin. valueAfterUsd is null when the asset has no USD price.
   */
  addsTo: { asset: string; valueAfterUsd: Decimal | null } | null;
  /** Total non-cash exposure before and after the order (exposure.ts); after is null when it cannot be valued. */
  totalExposureBeforeUsd: Decimal;
  totalExposureAfterUsd: Decimal | null;
  /** True only when the order can do nothing but shrink a position (see exposure.ts). */
  reducesExposure: boolean;
  time: number;
  /** The venue's open-order caps on the symbol, when the caller counted them (rules/order-caps.ts). */
  orderCaps?: OrderCaps | undefined;
}

/** The venue's per-symbol caps on open orders, and what an attempt would add to them. */
export interface OrderCaps {
  /** MAX_NUM_ORDERS and MAX_NUM_ALGO_ORDERS of the symbol; absent when the venue sets none. */
  maxNumOrders?: number | undefined;
  maxNumAlgoOrders?: number | undefined;
  /** The account's open orders on the symbol, and of those the stop orders (STOP_LOSS_LIMIT, TAKE_PROFIT_LIMIT). */
  openOrders: number;
  openAlgoOrders: number;
  /** Orders the attempt would open at most at once: 1 for an order, 2 for an OCO, 3 for a bracket (its entry and its OCO). */
  adding: number;
  addingAlgo: number;
  /** What is being placed, in words ("this OCO (2 orders, 1 stop)"). */
  what: string;
}

/** The account's risk state at the moment of the check (from DailyLossBreaker and OrderRateWindow). */
export interface RiskState {
  dailyLossUsd: Decimal;
  breakerTripped: boolean;
  ordersInLastMinute: number;
  /** For the denial message only. */
  breakerTrippedAt?: number | null;
  breakerResetsAt?: number | null;
}

export type RiskVerdict = { allowed: true } | { allowed: false; denial: RiskDenial };

export const ALLOWED: RiskVerdict = Object.freeze({ allowed: true }) as RiskVerdict;

/** One rule: a denial, or null when the attempt passes it. Rules are built once per set of limits. */
export type RiskRule = (attempt: RiskAttempt, state: RiskState) => RiskDenial | null;
