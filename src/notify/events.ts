import { EVENT_KINDS, type EventKind, type NotifyEvent } from '../model/notify-event.js';
import Big from 'big.js';
import type { TradingMode } from '../ports/store.js';

/** freqtrade's convention: `on` notifies, `silent` delivers without a sound, `off` is not sent. */
export type EventLevel = 'on' | 'silent' | 'off';

/** Money moving, rails firing and orders in doubt ring; routine placements and start/stop are silent. */
export const DEFAULT_LEVELS: Record<EventKind, EventLevel> = {
  placed: 'silent',
  partial_fill: 'silent',
  fill: 'on',
  canceled: 'silent',
  rejected: 'on',
  denied: 'on',
  breaker_tripped: 'on',
  breaker_reset: 'on',
  mode_switched: 'on',
  unknown: 'on',
  unknown_resolved: 'on',
  started: 'silent',
  stopped: 'silent',
  strategy_started: 'on',
  strategy_stopped: 'on',
  daily_summary: 'silent',
};

export const DEFAULT_EVENTS_SETTING = EVENT_KINDS.map((k) => `${k}=${DEFAULT_LEVELS[k]}`).join(',');

/** Parses NOTIFY_EVENTS (`fill=on,placed=silent,...`; kinds not named keep their default). Throws naming what is allowed. */
export function parseEventLevels(raw: string): Record<EventKind, EventLevel> {
  const levels = { ...DEFAULT_LEVELS };
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [kind, level] = entry.split('=').map((p) => p.trim());
    if (!(EVENT_KINDS as readonly string[]).includes(kind ?? ''))
      throw new Error(`unknown event "${kind}": allowed ${EVENT_KINDS.join(', ')}`);
    if (level !== 'on' && level !== 'silent' && level !== 'off')
      throw new Error(`event ${kind}: level "${level ?? ''}" is not on, silent or off`);
    levels[kind as EventKind] = level;
  }
  return levels;
}

/** One thing that happened, as the journal saw it. `key` makes it unique: the same key is delivered once per channel. */

const TITLES: Record<EventKind, string> = {
  placed: 'order placed',
  partial_fill: 'partially filled',
  fill: 'filled',
  canceled: 'order canceled',
  rejected: 'order rejected',
  denied: 'denied by risk',
  breaker_tripped: 'BREAKER TRIPPED',
  breaker_reset: 'breaker reset',
  mode_switched: 'trading mode switched',
  unknown: 'order UNKNOWN',
  unknown_resolved: 'unknown order resolved',
  started: 'server started',
  stopped: 'server stopped',
  strategy_started: 'strategy started',
  strategy_stopped: 'strategy stopped',
  daily_summary: 'daily summary',
};

/** "PAPER · filled: BUY 0.01 BTCUSD @ 65000 (650 USD)": paper or live first, one line, no secret. */
export function messageFor(kind: EventKind, mode: TradingMode, body: string): string {
  const line = body ? `${mode.toUpperCase()} · ${TITLES[kind]}: ${body}` : `${mode.toUpperCase()} · ${TITLES[kind]}`;
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

interface OrderLike {
  clientOrderId: string;
  symbol: string;
  side: string;
  type: string;
  price?: string | undefined;
  origQty?: string;
  executedQty?: string;
  cummulativeQuoteQty?: string;
}

/** "BUY 0.01 BTCUSD @ 65000 (650)" from what was executed, or the order's own size and limit while nothing was. */
export function describeOrder(order: OrderLike): string {
  const executed = order.executedQty && new Big(order.executedQty).gt(0) ? order.executedQty : undefined;
  if (executed && order.cummulativeQuoteQty) {
    const avg = new Big(order.cummulativeQuoteQty).div(executed).round(8).toFixed();
    return `${order.side} ${executed} ${order.symbol} @ ${avg} (${order.cummulativeQuoteQty})`;
  }
  const qty = order.origQty && new Big(order.origQty).gt(0) ? `${order.origQty} ` : '';
  return `${order.side} ${order.type} ${qty}${order.symbol}${order.price ? ` @ ${order.price}` : ''}`;
}

export { EVENT_KINDS, type EventKind, type NotifyEvent };
