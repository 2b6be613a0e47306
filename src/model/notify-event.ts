import type { TradingMode } from './trading-mode.js';

/** Every kind of event the operator can be told about (src/notify), with its NOTIFY_EVENTS name. */
export const EVENT_KINDS = [
  'placed',
  'partial_fill',
  'fill',
  'canceled',
  'rejected',
  'denied',
  'breaker_tripped',
  'breaker_reset',
  'mode_switched',
  'unknown',
  'unknown_resolved',
  'started',
  'stopped',
  'strategy_started',
  'strategy_stopped',
  'daily_summary',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** One event for the operator's channels; `key` makes it unique (an event is delivered once per channel). */
export interface NotifyEvent {
  key: string;
  kind: EventKind;
  mode: TradingMode;
  time: number;
  /** The short line a phone shows. */
  text: string;
  details: Record<string, unknown>;
}
