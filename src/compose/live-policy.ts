import type { LivePolicy } from '../app/app.js';
import { type Config, liveUnavailableReason } from '../config.js';

export function livePolicyOf(config: Config): LivePolicy {
  const unavailable = liveUnavailableReason(config);
  return {
    available: unavailable === null,
    requiresConfirmation: config.liveRequiresConfirmation,
    reason: unavailable ?? 'live trading is enabled by the operator',
  };
}

export function marketSourceName(config: Config): string {
  return config.market.kind === 'replay' ? `replay:${config.market.path}` : config.market.kind;
}
