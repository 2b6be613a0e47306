import { isDecimal, type Decimal } from '../model/money.js';

export interface RiskLimitsView {
  maxTradeSizeUsd: string | null;
  maxPositionSizeUsd: string | null;
  maxDailyLossUsd: string | null;
  maxOrdersPerMinute: number | null;
  allowedSymbols: string[] | null;
  deniedSymbols: string[];
}

/**
 * The operator's limits. Every limit is optional: unset means unlimited.
 * Field names match src/config.ts, so a Config can be passed where RiskLimits is expected.
 */
export interface RiskLimits {
  maxTradeSizeUsd?: Decimal | undefined;
  maxPositionSizeUsd?: Decimal | undefined;
  maxDailyLossUsd?: Decimal | undefined;
  maxOrdersPerMinute?: number | undefined;
  allowedSymbols?: string[] | undefined;
  deniedSymbols?: string[] | undefined;
}

/** The environment-variable names the operator knows the limits by; denials quote them. */
export const LIMIT_NAMES = {
  maxTradeSizeUsd: 'MAX_TRADE_SIZE_USD',
  maxPositionSizeUsd: 'MAX_POSITION_SIZE_USD',
  maxDailyLossUsd: 'MAX_DAILY_LOSS_USD',
  maxOrdersPerMinute: 'MAX_ORDERS_PER_MINUTE',
  allowedSymbols: 'ALLOWED_SYMBOLS',
  deniedSymbols: 'DENIED_SYMBOLS',
} as const;

export class InvalidRiskLimit extends Error {
  constructor(readonly limit: string, readonly value: string, allowed: string) {
    super(`${limit}=${JSON.stringify(value)} is not valid: allowed ${allowed}`);
    this.name = 'InvalidRiskLimit';
  }
}

/** Throws InvalidRiskLimit naming the limit when a value is not usable; returns the limits otherwise. */
export function validateRiskLimits(limits: RiskLimits): RiskLimits {
  for (const key of ['maxTradeSizeUsd', 'maxPositionSizeUsd', 'maxDailyLossUsd'] as const) {
    const value = limits[key];
    if (value !== undefined && (!isDecimal(value) || value.startsWith('-'))) {
      throw new InvalidRiskLimit(LIMIT_NAMES[key], value, 'a non-negative decimal amount of USD such as 250 or 99.5, or unset');
    }
  }
  const perMinute = limits.maxOrdersPerMinute;
  if (perMinute !== undefined && (!Number.isInteger(perMinute) || perMinute < 0)) {
    throw new InvalidRiskLimit(LIMIT_NAMES.maxOrdersPerMinute, String(perMinute), 'a whole number of orders, 0 or more, or unset');
  }
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
  };
}
