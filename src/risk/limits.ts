import { isDecimal, type Decimal } from '../model/money.js';

export interface RiskLimitsView {
  maxTradeSizeUsd: string | null;
  maxPositionSizeUsd: string | null;
  maxDailyLossUsd: string | null;
  maxOrdersPerMinute: number | null;
  allowedSymbols: string[] | null;
  deniedSymbols: string[];
  /** MAX_TOTAL_EXPOSURE_USD; absent from desks that predate it. */
  maxTotalExposureUsd?: string | null;
}

/** What happens to open orders that add exposure when the daily-loss breaker trips. */
export type BreakerOpenOrders = 'cancel' | 'keep';

export const DEFAULT_ORDER_DEADLINE_MS = 10_000;
export const DEFAULT_ORDER_QUEUE_LIMIT = 16;

/**
 * The operator's limits. Every limit is optional: unset means unlimited (the last three: their defaults).
 * Field names match src/config.ts, so a Config can be passed where RiskLimits is expected.
 */
export interface RiskLimits {
  maxTradeSizeUsd?: Decimal | undefined;
  /** Applies to every asset an order adds to (the quote asset of a SELL on a cross pair too); USD and stablecoins are cash, not positions. */
  maxPositionSizeUsd?: Decimal | undefined;
  maxDailyLossUsd?: Decimal | undefined;
  maxOrdersPerMinute?: number | undefined;
  allowedSymbols?: string[] | undefined;
  deniedSymbols?: string[] | undefined;
  /** Sum of every non-cash position, open orders counted as if they filled (see exposure.ts). */
  maxTotalExposureUsd?: Decimal | undefined;
  /** Default cancel. */
  breakerOpenOrders?: BreakerOpenOrders | undefined;
  /** How long an order may wait before it is sent to the venue; default DEFAULT_ORDER_DEADLINE_MS. */
  orderDeadlineMs?: number | undefined;
  /** Orders that may wait for the account at once; default DEFAULT_ORDER_QUEUE_LIMIT. */
  orderQueueLimit?: number | undefined;
}

/** The environment-variable names the operator knows the limits by; denials quote them. */
export const LIMIT_NAMES = {
  maxTradeSizeUsd: 'MAX_TRADE_SIZE_USD',
  maxPositionSizeUsd: 'MAX_POSITION_SIZE_USD',
  maxDailyLossUsd: 'MAX_DAILY_LOSS_USD',
  maxOrdersPerMinute: 'MAX_ORDERS_PER_MINUTE',
  allowedSymbols: 'ALLOWED_SYMBOLS',
  deniedSymbols: 'DENIED_SYMBOLS',
  maxTotalExposureUsd: 'MAX_TOTAL_EXPOSURE_USD',
  breakerOpenOrders: 'BREAKER_OPEN_ORDERS',
  orderDeadlineMs: 'ORDER_DEADLINE_MS',
  orderQueueLimit: 'ORDER_QUEUE_LIMIT',
} as const;

export class InvalidRiskLimit extends Error {
  constructor(
    readonly limit: string,
    readonly value: string,
    allowed: string,
  ) {
    super(`${limit}=${JSON.stringify(value)} is not valid: allowed ${allowed}`);
    this.name = 'InvalidRiskLimit';
  }
}

/** Throws InvalidRiskLimit naming the limit when a value is not usable; returns the limits otherwise. */
export function validateRiskLimits(limits: RiskLimits): RiskLimits {
  for (const key of ['maxTradeSizeUsd', 'maxPositionSizeUsd', 'maxDailyLossUsd', 'maxTotalExposureUsd'] as const) {
    const value = limits[key];
    if (value !== undefined && (!isDecimal(value) || value.startsWith('-'))) {
      throw new InvalidRiskLimit(
        LIMIT_NAMES[key],
        value,
        'a non-negative decimal amount of USD such as 250 or 99.5, or unset',
      );
    }
  }
  const perMinute = limits.maxOrdersPerMinute;
  if (perMinute !== undefined && (!Number.isInteger(perMinute) || perMinute < 0)) {
    throw new InvalidRiskLimit(
      LIMIT_NAMES.maxOrdersPerMinute,
      String(perMinute),
      'a whole number of orders, 0 or more, or unset',
    );
  }
  for (const key of ['orderDeadlineMs', 'orderQueueLimit'] as const) {
    const value = limits[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1))
      throw new InvalidRiskLimit(
        LIMIT_NAMES[key],
        String(value),
        'a whole number, 1 or more, or unset for the default',
      );
  }
  const onTrip = limits.breakerOpenOrders;
  if (onTrip !== undefined && onTrip !== 'cancel' && onTrip !== 'keep')
    throw new InvalidRiskLimit(LIMIT_NAMES.breakerOpenOrders, String(onTrip), 'cancel or keep');
  return limits;
}

export function riskLimitsView(limits: RiskLimits): RiskLimitsView {
  return {
    maxTradeSizeUsd: limits.maxTradeSizeUsd ?? null,
    maxPositionSizeUsd: limits.maxPositionSizeUsd ?? null,
    maxDailyLossUsd: limits.maxDailyLossUsd ?? null,
    maxOrdersPerMinute: limits.maxOrdersPerMinute ?? null,
    allowedSymbols: limits.allowedSymbols && limits.allowedSymbols.length > 0 ? [...limits.allowedSymbols] : null,
    deniedSymbols: [...(limits.deniedSymbols ?? [])],
    maxTotalExposureUsd: limits.maxTotalExposureUsd ?? null,
  };
}
