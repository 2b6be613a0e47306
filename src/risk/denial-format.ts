import { toFixedDown, type Decimal } from '../model/money.js';

/** USD amounts in denial messages: two decimals, truncated ("250.00"); only built when denying. */
export function usd(amount: Decimal): string {
  return toFixedDown(amount, 2);
}

/** "14:02:05 UTC" for a time on the current day. */
export function utcClock(time: number): string {
  return `${new Date(time).toISOString().slice(11, 19)} UTC`;
}

/** "2025-03-04 00:00 UTC". */
export function utcMinute(time: number): string {
  const iso = new Date(time).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Lists in messages stay readable: at most `max` entries, then "+N more". */
export function listOf(items: readonly string[], max = 10): string {
  if (items.length <= max) return items.join(',');
  return `${items.slice(0, max).join(',')} (+${items.length - max} more)`;
}
