export const DAY_MS = 86_400_000;

/** The UTC date of a time, as DailyPnl stores it: 'YYYY-MM-DD'. */
export function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** 00:00 UTC of the day after `time`: when a tripped breaker resets by itself. */
export function nextUtcMidnight(time: number): number {
  return (Math.floor(time / DAY_MS) + 1) * DAY_MS;
}

/** 00:00 UTC of the day of `time`. */
export function utcMidnight(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS;
}
