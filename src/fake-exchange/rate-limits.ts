import { WireError } from './wire-error.js';

export type LimitInterval = 'SECOND' | 'MINUTE' | 'DAY';

export interface RateLimitRule {
  rateLimitType: 'REQUEST_WEIGHT' | 'ORDERS' | 'RAW_REQUESTS';
  interval: LimitInterval;
  intervalNum: number;
  limit: number;
}

export interface FakeLimits {
  /** Request weight per minute (Binance.US documents 1200). */
  weightPerMinute: number;
  /** New orders per `ordersIntervalSeconds` (default 100 per 10 s, i.e. 10 per second). */
  ordersPerInterval: number;
  ordersIntervalSeconds: number;
  ordersPerDay: number;
  /** Raw requests per 5 minutes. */
  rawRequestsPer5Minutes: number;
  /** Requests that may still arrive while a 429's Retry-After runs before the IP is banned (418). */
  ignoredRetryAfterBeforeBan: number;
  /** Length of a 418 ban (Binance: 2 minutes up to 3 days). */
  banSeconds: number;
}

export const DEFAULT_LIMITS: FakeLimits = {
  weightPerMinute: 1200,
  ordersPerInterval: 100,
  ordersIntervalSeconds: 10,
  ordersPerDay: 200_000,
  rawRequestsPer5Minutes: 61_000,
  ignoredRetryAfterBeforeBan: 10,
  banSeconds: 120,
};

const UNIT_MS: Record<LimitInterval, number> = { SECOND: 1000, MINUTE: 60_000, DAY: 86_400_000 };
const UNIT_LETTER: Record<LimitInterval, string> = { SECOND: 'S', MINUTE: 'M', DAY: 'D' };

/** A fixed window aligned on the epoch, as Binance's counters reset on interval boundaries. */
class WindowCounter {
  private windowStart = Number.NEGATIVE_INFINITY;
  private count = 0;
  constructor(readonly rule: RateLimitRule) {}

  get lengthMs(): number {
    return UNIT_MS[this.rule.interval] * this.rule.intervalNum;
  }

  get header(): string {
    return `${this.rule.intervalNum}${UNIT_LETTER[this.rule.interval]}`;
  }

  current(now: number): number {
    this.roll(now);
    return this.count;
  }

  add(now: number, amount: number): number {
    this.roll(now);
    this.count += amount;
    return this.count;
  }

  windowEnd(now: number): number {
    this.roll(now);
    return this.windowStart + this.lengthMs;
  }

  reset(): void {
    this.windowStart = Number.NEGATIVE_INFINITY;
    this.count = 0;
  }

  private roll(now: number): void {
    const start = Math.floor(now / this.lengthMs) * this.lengthMs;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.count = 0;
    }
  }
}

export type LimitVerdict = { ok: true } | { ok: false; error: WireError; kind: '429' | '418' };

function retryAfterSeconds(untilMs: number, now: number): number {
  return Math.max(1, Math.ceil((untilMs - now) / 1000));
}

/**
 * Binance's request-weight, order-count and raw-request limits. Over a limit: HTTP 429 with
 * Retry-After; a client that keeps sending while told to wait gets banned: HTTP 418.
 */
export class FakeRateLimiter {
  private readonly weight: WindowCounter;
  private readonly raw: WindowCounter;
  private readonly orders: WindowCounter[];
  private backoffUntil = Number.NEGATIVE_INFINITY;
  private ignoredDuringBackoff = 0;
  private bannedUntil = Number.NEGATIVE_INFINITY;

  constructor(readonly limits: FakeLimits) {
    this.weight = new WindowCounter({
      rateLimitType: 'REQUEST_WEIGHT',
      interval: 'MINUTE',
      intervalNum: 1,
      limit: limits.weightPerMinute,
    });
    this.raw = new WindowCounter({
      rateLimitType: 'RAW_REQUESTS',
      interval: 'MINUTE',
      intervalNum: 5,
      limit: limits.rawRequestsPer5Minutes,
    });
    this.orders = [
      new WindowCounter({
        rateLimitType: 'ORDERS',
        interval: 'SECOND',
        intervalNum: limits.ordersIntervalSeconds,
        limit: limits.ordersPerInterval,
      }),
      new WindowCounter({ rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: limits.ordersPerDay }),
    ];
  }

  /** The list exchangeInfo publishes. */
  rules(): RateLimitRule[] {
    return [this.weight.rule, ...this.orders.map((o) => o.rule), this.raw.rule];
  }

  /** Counts a request of `weight` arriving at `now`; refuses it when a limit or a ban applies. */
  admitRequest(now: number, weight: number): LimitVerdict {
    if (now < this.bannedUntil) return this.banned(now);
    if (now < this.backoffUntil) {
      this.ignoredDuringBackoff += 1;
      if (this.ignoredDuringBackoff > this.limits.ignoredRetryAfterBeforeBan) {
        this.bannedUntil = now + this.limits.banSeconds * 1000;
        return this.banned(now);
      }
    }
    const raw = this.raw.add(now, 1);
    const used = this.weight.add(now, weight);
    if (used > this.limits.weightPerMinute || raw > this.limits.rawRequestsPer5Minutes) {
      const until = used > this.limits.weightPerMinute ? this.weight.windowEnd(now) : this.raw.windowEnd(now);
      if (now >= this.backoffUntil) this.ignoredDuringBackoff = 0;
      this.backoffUntil = Math.max(this.backoffUntil, until);
      const msg =
        used > this.limits.weightPerMinute
          ? `Too much request weight used; current limit is ${this.limits.weightPerMinute} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`
          : `Too many requests; current limit is ${this.limits.rawRequestsPer5Minutes} requests per 5 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`;
      return {
        ok: false,
        kind: '429',
        error: new WireError(429, -1003, msg, { 'Retry-After': String(retryAfterSeconds(until, now)) }),
      };
    }
    return { ok: true };
  }

  /**
   * Counts a new order; refuses it (-1015, HTTP 429) over an ORDERS limit. Binance sends no
   * Retry-After with -1015 (binance-us-api.md, hard cases): the message names the interval.
   * An OCO counts 2 (rest-api.md "New OCO").
   */
  admitOrder(now: number, count = 1): LimitVerdict {
    const over = this.orders.find((counter) => counter.add(now, count) > counter.rule.limit);
    if (!over) return { ok: true };
    const { limit, intervalNum, interval } = over.rule;
    return {
      ok: false,
      kind: '429',
      error: new WireError(
        429,
        -1015,
        `Too many new orders; current limit is ${limit} orders per ${intervalNum} ${interval}.`,
      ),
    };
  }

  usedWeight(now: number): number {
    return this.weight.current(now);
  }

  /** A -1015 as the shortest ORDERS window would send it (a storm injected by a test). */
  orderRefusal(): WireError {
    const { limit, intervalNum, interval } = this.orders[0]!.rule;
    return new WireError(
      429,
      -1015,
      `Too many new orders; current limit is ${limit} orders per ${intervalNum} ${interval}.`,
    );
  }

  /** GET /api/v3/rateLimit/order: each ORDERS rule with the count used in its current window. */
  orderUsage(now: number): (RateLimitRule & { count: number })[] {
    return this.orders.map((counter) => ({ ...counter.rule, count: counter.current(now) }));
  }

  /** Header suffix (10S, 1D) and count of each ORDERS window. */
  orderCounts(now: number): { suffix: string; count: number }[] {
    return this.orders.map((counter) => ({ suffix: counter.header, count: counter.current(now) }));
  }

  reset(): void {
    this.weight.reset();
    this.raw.reset();
    for (const counter of this.orders) counter.reset();
    this.backoffUntil = Number.NEGATIVE_INFINITY;
    this.bannedUntil = Number.NEGATIVE_INFINITY;
    this.ignoredDuringBackoff = 0;
  }

  private banned(now: number): LimitVerdict {
    const msg = `Way too much request weight used; IP banned until ${this.bannedUntil}. Please use WebSocket Streams for live updates to avoid bans.`;
    return {
      ok: false,
      kind: '418',
      error: new WireError(418, -1003, msg, { 'Retry-After': String(retryAfterSeconds(this.bannedUntil, now)) }),
    };
  }
}
