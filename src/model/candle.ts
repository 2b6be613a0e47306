import type { Decimal } from './money.js';

export type Interval =
  '1m' | '3m' | '5m' | '15m' | '30m' | '1h' | '2h' | '4h' | '6h' | '8h' | '12h' | '1d' | '3d' | '1w' | '1M';

export const INTERVALS: readonly Interval[] = [
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '3d',
  '1w',
  '1M',
];

const MINUTE = 60_000;
/** Fixed length of each interval in ms; '1M' is a calendar month and has no fixed length (see intervalStart). */
export const INTERVAL_MS: Record<Exclude<Interval, '1M'>, number> = {
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': 60 * MINUTE,
  '2h': 120 * MINUTE,
  '4h': 240 * MINUTE,
  '6h': 360 * MINUTE,
  '8h': 480 * MINUTE,
  '12h': 720 * MINUTE,
  '1d': 1440 * MINUTE,
  '3d': 3 * 1440 * MINUTE,
  '1w': 7 * 1440 * MINUTE,
};

export function isInterval(value: string): value is Interval {
  return (INTERVALS as readonly string[]).includes(value);
}

/** Open time of the candle containing `time`, aligned as Binance aligns (weeks start Monday 00:00 UTC). */
export function intervalStart(interval: Interval, time: number): number {
  if (interval === '1M') {
    const d = new Date(time);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
  const len = INTERVAL_MS[interval];
  if (interval === '1w') {
    const MONDAY_OFFSET = 4 * 1440 * MINUTE; // 1970-01-01 was a Thursday
    return Math.floor((time - MONDAY_OFFSET) / len) * len + MONDAY_OFFSET;
  }
  return Math.floor(time / len) * len;
}

/** Open time of the candle after the one opening at `openTime`. */
export function nextIntervalStart(interval: Interval, openTime: number): number {
  if (interval === '1M') {
    const d = new Date(openTime);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return openTime + INTERVAL_MS[interval];
}

/** One kline, Binance's 12 columns minus the ignored one. closeTime is openTime + length - 1 ms. */
export interface Candle {
  openTime: number;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: Decimal;
  closeTime: number;
  quoteVolume: Decimal;
  trades: number;
  takerBuyBaseVolume: Decimal;
  takerBuyQuoteVolume: Decimal;
}
