import type { RiskAttempt, RiskState } from '../../src/risk/attempt.js';

export const T0 = Date.UTC(2025, 2, 4, 14, 2, 5);

export function attempt(overrides: Partial<RiskAttempt> = {}): RiskAttempt {
  return {
    symbol: 'BTCUSD',
    side: 'BUY',
    baseAsset: 'BTC',
    quoteAsset: 'USD',
    notionalUsd: '50',
    addsTo: { asset: 'BTC', valueAfterUsd: '50' },
    totalExposureBeforeUsd: '0',
    totalExposureAfterUsd: '50',
    reducesExposure: false,
    time: T0,
    ...overrides,
  };
}

export function calm(overrides: Partial<RiskState> = {}): RiskState {
  return { dailyLossUsd: '0', breakerTripped: false, ordersInLastMinute: 0, ...overrides };
}
