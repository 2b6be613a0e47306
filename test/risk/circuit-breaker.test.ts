import { describe, expect, it } from 'vitest';
import { DailyLossBreaker } from '../../src/risk/circuit-breaker.js';
import { nextUtcMidnight, utcDay, utcMidnight } from '../../src/risk/utc-day.js';

const DAY1 = Date.UTC(2025, 2, 4, 9, 0, 0);
const LATER = Date.UTC(2025, 2, 4, 15, 30, 0);
const DAY2 = Date.UTC(2025, 2, 5, 0, 0, 0);

describe('utcDay / nextUtcMidnight', () => {
  it('utcDay when just before and at midnight UTC then gives the two dates', () => {
    expect(utcDay(DAY2 - 1)).toBe('2025-03-04');
    expect(utcDay(DAY2)).toBe('2025-03-05');
  });

  it('nextUtcMidnight when at any time of a day then gives the next 00:00 UTC, exactly midnight included', () => {
    expect(nextUtcMidnight(LATER)).toBe(DAY2);
    expect(nextUtcMidnight(DAY2)).toBe(DAY2 + 86_400_000);
    expect(utcMidnight(LATER)).toBe(Date.UTC(2025, 2, 4));
  });
});

describe('DailyLossBreaker', () => {
  it('observe when the loss stays below the limit then does not trip and reports the loss', () => {
    const breaker = new DailyLossBreaker('500');
    breaker.observe('10000', DAY1);
    expect(breaker.observe('9600', LATER)).toEqual([]);
    expect(breaker.status(LATER)).toMatchObject({
      tripped: false,
      dailyLossUsd: '400',
      dailyPnlUsd: '-400',
      startEquityUsd: '10000',
    });
  });

  it('observe when the first observation of a day then starts the day at that equity and returns a day_started event', () => {
    const events = new DailyLossBreaker('500').observe('10000', DAY1);
    expect(events.map((e) => e.kind)).toEqual(['day_started']);
  });

  it('observe when the loss reaches the limit exactly then trips and returns a breaker_tripped event naming the loss', () => {
    const breaker = new DailyLossBreaker('500');
    breaker.observe('10000', DAY1);
    const events = breaker.observe('9500', LATER);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'breaker_tripped', code: 'DAILY_LOSS_BREAKER_TRIPPED', time: LATER });
    expect(events[0]!.message).toContain('daily loss of 500.00 USD reached MAX_DAILY_LOSS_USD 500 at 15:30:00 UTC');
    expect(breaker.isTripped(LATER)).toBe(true);
    expect(breaker.status(LATER)).toMatchObject({ tripped: true, trippedAt: LATER, resetsAt: DAY2 });
  });

  it('observe when tripped and equity recovers then stays tripped', () => {
    const breaker = new DailyLossBreaker('500');
    breaker.observe('10000', DAY1);
    breaker.observe('9000', LATER);
    expect(breaker.observe('10500', LATER + 1000)).toEqual([]);
    expect(breaker.isTripped(LATER + 1000)).toBe(true);
    expect(breaker.status(LATER + 1000).dailyLossUsd).toBe('0');
  });

  it('isTripped when the next UTC day begins then is false and the new day starts from its first equity', () => {
    const breaker = new DailyLossBreaker('500');
    breaker.observe('10000', DAY1);
    breaker.observe('9000', LATER);
    expect(breaker.isTripped(DAY2 - 1)).toBe(true);
    expect(breaker.isTripped(DAY2)).toBe(false);
    expect(breaker.status(DAY2)).toMatchObject({ tripped: false, dailyLossUsd: '0', day: null });
    const events = breaker.observe('9000', DAY2 + 5);
    expect(events.map((e) => e.kind)).toEqual(['day_started']);
    expect(breaker.status(DAY2 + 5)).toMatchObject({ tripped: false, startEquityUsd: '9000', day: '2025-03-05' });
  });

  it('reset when tripped then clears the trip, re-bases start equity at current equity and returns a breaker_reset event', () => {
    const breaker = new DailyLossBreaker('500');
    breaker.observe('10000', DAY1);
    breaker.observe('9400', LATER);
    const event = breaker.reset('9400', LATER + 60_000);
    expect(event).toMatchObject({ kind: 'breaker_reset', code: 'DAILY_LOSS_BREAKER_RESET', time: LATER + 60_000 });
    expect(event.message).toContain('operator reset the daily-loss breaker');
    expect(event.message).toContain('(it was tripped)');
    expect(event.message).toContain('from equity 9400.00 USD instead of 10000.00 USD');
    expect(breaker.isTripped(LATER + 60_000)).toBe(false);
    expect(breaker.status(LATER + 60_000)).toMatchObject({ dailyLossUsd: '0', startEquityUsd: '9400' });
  });

  it('observe after a reset when the loss from the new base reaches the limit then trips again', () => {
    const breaker = new DailyLossBreaker('500');
    breaker.observe('10000', DAY1);
    breaker.observe('9400', LATER);
    breaker.reset('9400', LATER + 1);
    expect(breaker.observe('9000', LATER + 2)).toEqual([]);
    expect(breaker.observe('8900', LATER + 3).map((e) => e.kind)).toEqual(['breaker_tripped']);
  });

  it('observe when no limit is set then never trips but still measures the loss', () => {
    const breaker = new DailyLossBreaker(undefined);
    breaker.observe('10000', DAY1);
    breaker.observe('1', LATER);
    expect(breaker.isTripped(LATER)).toBe(false);
    expect(breaker.status(LATER).dailyLossUsd).toBe('9999');
  });

  it('observe when the limit is 0 then trips at the first loss, not at zero loss', () => {
    const breaker = new DailyLossBreaker('0');
    breaker.observe('10000', DAY1);
    expect(breaker.isTripped(DAY1)).toBe(false);
    breaker.observe('9999.99', LATER);
    expect(breaker.isTripped(LATER)).toBe(true);
  });

  it('toDailyPnl then fromDailyPnl when tripped then restores the tripped state, start equity, realized P&L and reset time', () => {
    const breaker = new DailyLossBreaker('500');
    expect(breaker.toDailyPnl('paper')).toBeUndefined();
    breaker.observe('10000', DAY1);
    breaker.recordRealized('-120.5', DAY1 + 10, '9990');
    breaker.reset('9990', DAY1 + 20);
    breaker.observe('9400', LATER);
    const row = breaker.toDailyPnl('paper')!;
    expect(row).toEqual({
      mode: 'paper',
      day: '2025-03-04',
      startEquity: '9990',
      lastEquity: '9400',
      realizedPnl: '-120.5',
      breakerTrippedAt: LATER,
      breakerResetAt: DAY1 + 20,
      updatedAt: LATER,
    });
    const restored = new DailyLossBreaker('500', row);
    expect(restored.isTripped(LATER + 5)).toBe(true);
    expect(restored.status(LATER + 5)).toMatchObject({ dailyLossUsd: '590', trippedAt: LATER, resetsAt: DAY2 });
    expect(restored.status(LATER + 5).reason).toContain('MAX_DAILY_LOSS_USD');
    expect(restored.toDailyPnl('paper')).toEqual(row);
  });

  it('fromDailyPnl when the row is from a previous day then the breaker is not tripped and today starts afresh', () => {
    const yesterday = {
      mode: 'paper' as const,
      day: '2025-03-04',
      startEquity: '10000',
      lastEquity: '9000',
      realizedPnl: '0',
      breakerTrippedAt: LATER,
      breakerResetAt: null,
      updatedAt: LATER,
    };
    const breaker = new DailyLossBreaker('500', yesterday);
    expect(breaker.isTripped(DAY2 + 10)).toBe(false);
    expect(breaker.observe('9000', DAY2 + 10).map((e) => e.kind)).toEqual(['day_started']);
    expect(breaker.toDailyPnl('paper')).toMatchObject({
      day: '2025-03-05',
      startEquity: '9000',
      breakerTrippedAt: null,
    });
  });

  it('riskState when tripped then carries the loss, the trip and the reset time for the engine', () => {
    const breaker = new DailyLossBreaker('100');
    breaker.observe('1000', DAY1);
    breaker.observe('850', LATER);
    expect(breaker.riskState(LATER, 3)).toEqual({
      dailyLossUsd: '150',
      breakerTripped: true,
      ordersInLastMinute: 3,
      breakerTrippedAt: LATER,
      breakerResetsAt: DAY2,
    });
  });
});
