import type { Config } from '../config.js';
import type { RiskLimits } from '../risk/limits.js';

/** The operator's limits, from the settings. */
export function riskLimitsFrom(config: Config): RiskLimits {
  return {
    ...(config.maxTradeSizeUsd ? { maxTradeSizeUsd: config.maxTradeSizeUsd } : {}),
    ...(config.maxPositionSizeUsd ? { maxPositionSizeUsd: config.maxPositionSizeUsd } : {}),
    ...(config.maxDailyLossUsd ? { maxDailyLossUsd: config.maxDailyLossUsd } : {}),
    ...(config.maxOrdersPerMinute ? { maxOrdersPerMinute: config.maxOrdersPerMinute } : {}),
    ...(config.allowedSymbols ? { allowedSymbols: config.allowedSymbols } : {}),
    deniedSymbols: config.deniedSymbols,
    ...(config.maxTotalExposureUsd ? { maxTotalExposureUsd: config.maxTotalExposureUsd } : {}),
    breakerOpenOrders: config.breakerOpenOrders,
    orderDeadlineMs: config.orderDeadlineMs,
    orderQueueLimit: config.orderQueueLimit,
  };
}
