import { Big, str, type Decimal } from '../model/money.js';
import type { DailyPnl, RiskEvent, TradingMode } from '../ports/store.js';
import type { RiskState } from './attempt.js';
import { usd, utcClock, utcMinute } from './denial-format.js';
import { LIMIT_NAMES } from './limits.js';
import { lossReaches } from './rules/daily-loss-breaker.js';
import { DAY_MS, nextUtcMidnight, utcDay, utcMidnight } from './utc-day.js';

/** A risk event for the journal; the caller adds the mode. */
export type BreakerEvent = Omit<RiskEvent, 'mode'>;

export interface BreakerStatus {
  day: string | null;
  tripped: boolean;
  trippedAt: number | null;
  reason: string | null;
  /** Next 00:00 UTC while tripped, else null. */
  resetsAt: number | null;
  /** max(0, start equity - current equity) for today, in USD. */
  dailyLossUsd: Decimal;
  /** current equity - start equity for today (negative is a loss). */
  dailyPnlUsd: Decimal;
  startEquityUsd: Decimal | null;
}

interface DayState {
  day: string;
  /** 00:00 UTC of `day`, in ms. */
  midnight: number;
  startEquity: Decimal;
  lastEquity: Decimal;
  realizedPnl: Decimal;
  trippedAt: number | null;
  resetAt: number | null;
  reason: string | null;
  updatedAt: number;
}

/**
 * The daily-loss circuit breaker. Loss is measured on equity (portfolio value in USD), so it is
 * realized plus unrealized: loss = max(0, the day's start equity - current equity). The day's start
 * equity is the first equity observed on or after 00:00 UTC. When loss >= MAX_DAILY_LOSS_USD (and
 * loss > 0) the breaker trips and stays tripped, even if equity recovers, until the next UTC day or
 * an operator reset. A reset re-bases the day's start equity at the current equity (so the loss
 * counts afresh from there and trips again if it reaches the limit) and is returned as an event to journal.
 * The state round-trips through the DailyPnl row (toDailyPnl / fromDailyPnl).
 */
export class DailyLossBreaker {
  private state: DayState | null = null;

  constructor(
    private limit: Decimal | undefined,
    restored?: DailyPnl,
  ) {
    if (restored) {
      this.state = {
        day: restored.day,
        midnight: Date.parse(`${restored.day}T00:00:00Z`),
        startEquity: restored.startEquity,
        lastEquity: restored.lastEquity,
        realizedPnl: restored.realizedPnl,
        trippedAt: restored.breakerTrippedAt,
        resetAt: restored.breakerResetAt,
        reason:
          restored.breakerTrippedAt !== null
            ? `the day's loss reached ${LIMIT_NAMES.maxDailyLossUsd} at ${utcClock(restored.breakerTrippedAt)}`
            : null,
        updatedAt: restored.updatedAt,
      };
    }
  }

  /** Operator's limit change; a tripped breaker stays tripped until reset or the next day. */
  setLimit(limit: Decimal | undefined): void {
    this.limit = limit;
  }

  /** Records the current equity; starts a new day when the UTC date changed; trips when the loss reaches the limit. */
  observe(equityUsd: Decimal, time: number): BreakerEvent[] {
    const events: BreakerEvent[] = [];
    const day = this.today(time, equityUsd, events);
    day.lastEquity = equityUsd;
    day.updatedAt = time;
    const loss = lossOf(day);
    if (day.trippedAt === null && this.limit !== undefined && lossReaches(loss, this.limit)) {
      day.trippedAt = time;
      day.reason = `daily loss of ${usd(loss)} USD reached ${LIMIT_NAMES.maxDailyLossUsd} ${this.limit} at ${utcClock(time)} (start equity ${usd(day.startEquity)} USD, equity ${usd(equityUsd)} USD)`;
      events.push({
        time,
        kind: 'breaker_tripped',
        code: 'DAILY_LOSS_BREAKER_TRIPPED',
        message: `${day.reason}; orders that add exposure are denied until ${utcMinute(nextUtcMidnight(time))} or an operator reset`,
        detail: { day: day.day, lossUsd: loss, limit: this.limit, startEquity: day.startEquity, equity: equityUsd },
      });
    }
    return events;
  }

  /** Adds realized P&L of a fill to the day's tally (DailyPnl.realizedPnl). */
  recordRealized(deltaUsd: Decimal, time: number, equityUsd: Decimal): void {
    const day = this.today(time, equityUsd, []);
    day.realizedPnl = str(new Big(day.realizedPnl).plus(deltaUsd));
  }

  /**
   * Operator reset: clears the trip and re-bases the day's start equity at `equityUsd`, so trading
   * can resume; returns the event to journal. Works whether or not the breaker is tripped.
   */
  reset(equityUsd: Decimal, time: number, actor = 'operator'): BreakerEvent {
    const day = this.today(time, equityUsd, []);
    const wasTripped = day.trippedAt !== null;
    const previousStart = day.startEquity;
    day.startEquity = equityUsd;
    day.lastEquity = equityUsd;
    day.trippedAt = null;
    day.reason = null;
    day.resetAt = time;
    day.updatedAt = time;
    return {
      time,
      kind: 'breaker_reset',
      code: 'DAILY_LOSS_BREAKER_RESET',
      message: `${actor} reset the daily-loss breaker at ${utcClock(time)}${wasTripped ? ' (it was tripped)' : ' (it was not tripped)'}; the day's loss now counts from equity ${usd(equityUsd)} USD instead of ${usd(previousStart)} USD`,
      detail: { day: day.day, wasTripped, previousStartEquity: previousStart, startEquity: equityUsd, actor },
    };
  }

  isTripped(time: number): boolean {
    const day = this.state;
    return day !== null && isSameDay(day, time) && day.trippedAt !== null;
  }

  status(time: number): BreakerStatus {
    const day = this.state !== null && isSameDay(this.state, time) ? this.state : null;
    const tripped = day !== null && day.trippedAt !== null;
    return {
      day: day?.day ?? null,
      tripped,
      trippedAt: tripped ? day.trippedAt : null,
      reason: tripped ? day.reason : null,
      resetsAt: tripped ? nextUtcMidnight(time) : null,
      dailyLossUsd: day ? lossOf(day) : '0',
      dailyPnlUsd: day ? str(new Big(day.lastEquity).minus(day.startEquity)) : '0',
      startEquityUsd: day?.startEquity ?? null,
    };
  }

  /** The state the risk engine needs, given the order count from OrderRateWindow. */
  riskState(time: number, ordersInLastMinute: number): RiskState {
    const status = this.status(time);
    return {
      dailyLossUsd: status.dailyLossUsd,
      breakerTripped: status.tripped,
      ordersInLastMinute,
      breakerTrippedAt: status.trippedAt,
      breakerResetsAt: status.resetsAt,
    };
  }

  /** The row to persist (putDailyPnl); undefined before the first observation. */
  toDailyPnl(mode: TradingMode): DailyPnl | undefined {
    const day = this.state;
    if (day === null) return undefined;
    return {
      mode,
      day: day.day,
      startEquity: day.startEquity,
      lastEquity: day.lastEquity,
      realizedPnl: day.realizedPnl,
      breakerTrippedAt: day.trippedAt,
      breakerResetAt: day.resetAt,
      updatedAt: day.updatedAt,
    };
  }

  private today(time: number, equityUsd: Decimal, events: BreakerEvent[]): DayState {
    if (this.state === null || !isSameDay(this.state, time)) {
      const date = utcDay(time);
      this.state = {
        day: date,
        midnight: utcMidnight(time),
        startEquity: equityUsd,
        lastEquity: equityUsd,
        realizedPnl: '0',
        trippedAt: null,
        resetAt: null,
        reason: null,
        updatedAt: time,
      };
      events.push({
        time,
        kind: 'day_started',
        code: 'DAILY_LOSS_DAY_STARTED',
        message: `UTC day ${date} started with equity ${usd(equityUsd)} USD; the daily loss counts from here`,
        detail: { day: date, startEquity: equityUsd },
      });
    }
    return this.state;
  }
}

function isSameDay(day: DayState, time: number): boolean {
  return time >= day.midnight && time < day.midnight + DAY_MS;
}

function lossOf(day: DayState): Decimal {
  const drop = new Big(day.startEquity).minus(day.lastEquity);
  return drop.gt(0) ? str(drop) : '0';
}
