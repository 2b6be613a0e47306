/**
 * Client-side request-weight and order-rate limiter for Binance.US.
 *
 * Keeps the weight of the current minute (from the X-MBX-USED-WEIGHT-1M header when the server sends
 * it, else from its own accounting), queues requests that would take the minute past a safety margin,
 * and after a 429/418 holds every queued and retried request until Retry-After has passed.
 */
import type { Clock } from '../../ports/clock.js';
import type { RateLimits } from './parse.js';

const MINUTE = 60_000;
const TEN_SECONDS = 10_000;
const DAY = 86_400_000;
const WAIT_FOR_ANSWER = -1;

export interface RateLimiterOptions {
  clock: Clock;
  limits?: RateLimits;
  /** Fraction of each limit this client allows itself (default 0.8). */
  headroom?: number;
  /** Follow the server's weight headers (default true). A simulated clock in a benchmark turns this off. */
  trustServerWeight?: boolean;
  /** A wait longer than this (e.g. an IP ban) fails at once with RateLimited instead of queueing (default 120 s). */
  maxWaitMs?: number;
}

export interface Permit { weight: number; orders: number; window: number }

export class RateLimited extends Error {
  constructor(readonly until: number, reason: string) {
    super(`Binance.US rate limit: ${reason}; requests resume at ${new Date(until).toISOString()}`);
    this.name = 'RateLimited';
  }
}

interface Waiter { weight: number; orders: number; resolve: (p: Permit) => void; reject: (e: Error) => void }

export interface RateLimiterStats {
  limit: number;
  usedThisMinute: number;
  pausedUntil: number;
  totalWeight: number;
  /** Weight by minute (window start ms), from this client's own accounting. */
  weightByMinute: Map<number, number>;
  backOffs: number;
}

export class RateLimiter {
  private readonly clock: Clock;
  private limits: RateLimits;
  private readonly headroom: number;
  private readonly trustServerWeight: boolean;
  private readonly maxWaitMs: number;
  private window = -1;
  private used = 0;
  private inFlightWeight = 0;
  private pauseActive = false;
  /** The minute of the last weight header: until one arrives in a new minute, requests go one at a time. */
  private headerWindow = -1;
  private orderTimes: number[] = [];
  private dayWindow = -1;
  private ordersToday = 0;
  private pausedUntil = 0;
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private totalWeight = 0;
  private backOffs = 0;
  private readonly weightByMinute = new Map<number, number>();

  constructor(options: RateLimiterOptions) {
    this.clock = options.clock;
    this.limits = options.limits ?? { weightPerMinute: 1200, ordersPer10s: 100, ordersPerDay: 200_000 };
    this.headroom = options.headroom ?? 0.8;
    this.trustServerWeight = options.trustServerWeight ?? true;
    this.maxWaitMs = options.maxWaitMs ?? 120_000;
  }

  /** Limits as read from exchangeInfo.rateLimits. */
  setLimits(limits: RateLimits): void {
    this.limits = limits;
    this.pump();
  }

  get weightLimit(): number {
    return this.limits.weightPerMinute;
  }

  async acquire(weight: number, orders = 0): Promise<Permit> {
    const now = this.clock.now();
    if (this.pausedUntil - now > this.maxWaitMs) throw new RateLimited(this.pausedUntil, 'Binance.US asked us to stop (429/418)');
    return new Promise<Permit>((resolve, reject) => {
      this.queue.push({ weight, orders, resolve, reject });
      this.pump();
    });
  }

  /**
   * Records the outcome of a request: the server's own counters replace our estimate. With
   * `retryAfterMs` (a 429 or 418) everything waits that long, before anything queued can go.
   */
  settle(permit: Permit, headers?: Headers, retryAfterMs?: number): void {
    if (retryAfterMs !== undefined) this.holdAll(retryAfterMs);
    this.roll(this.clock.now());
    this.inFlightWeight -= permit.weight;
    if (permit.window === this.window) this.used += permit.weight;
    const serverWeight = headers?.get('x-mbx-used-weight-1m');
    if (this.trustServerWeight && serverWeight != null && /^\d+$/.test(serverWeight)) {
      this.used = Math.max(this.used, Number(serverWeight));
      this.headerWindow = this.window;
    }
    const orders10s = headers?.get('x-mbx-order-count-10s');
    if (orders10s != null && /^\d+$/.test(orders10s)) {
      const missing = Number(orders10s) - this.orderTimes.length;
      for (let i = 0; i < missing; i += 1) this.orderTimes.push(this.clock.now());
    }
    const ordersDay = headers?.get('x-mbx-order-count-1d');
    if (ordersDay != null && /^\d+$/.test(ordersDay)) this.ordersToday = Math.max(this.ordersToday, Number(ordersDay));
    this.pump();
  }

  /** A 429 or 418: nobody sends until `retryAfterMs` has passed. */
  backOff(retryAfterMs: number): void {
    this.holdAll(retryAfterMs);
    this.pump();
  }

  private holdAll(retryAfterMs: number): void {
    this.backOffs += 1;
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + retryAfterMs);
    this.pauseActive = true;
    for (const waiter of this.queue.splice(0)) {
      if (this.pausedUntil - this.clock.now() > this.maxWaitMs) waiter.reject(new RateLimited(this.pausedUntil, 'Binance.US asked us to stop (429/418)'));
      else this.queue.push(waiter);
    }
  }

  stats(): RateLimiterStats {
    this.roll(this.clock.now());
    return {
      limit: this.limits.weightPerMinute, usedThisMinute: this.used, pausedUntil: this.pausedUntil,
      totalWeight: this.totalWeight, weightByMinute: new Map(this.weightByMinute), backOffs: this.backOffs,
    };
  }

  /** Rejects everything queued (on close). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const waiter of this.queue.splice(0)) waiter.reject(new Error('the Binance.US client was closed'));
  }

  private roll(now: number): void {
    const window = Math.floor(now / MINUTE) * MINUTE;
    if (window !== this.window) {
      this.window = window;
      this.used = 0;
    }
    const day = Math.floor(now / DAY);
    if (day !== this.dayWindow) {
      this.dayWindow = day;
      this.ordersToday = 0;
    }
    if (this.pauseActive && now >= this.pausedUntil) {
      // Retry-After is the server's word on when we may send again: its counters have reset by then.
      this.pauseActive = false;
      this.used = 0;
    }
    while (this.orderTimes.length > 0 && this.orderTimes[0] <= now - TEN_SECONDS) this.orderTimes.shift();
  }

  /** When the head of the queue could go, 0 if it can go now, WAIT_FOR_ANSWER if it waits for a request in flight. */
  private blockedUntil(waiter: Waiter, now: number): number {
    if (now < this.pausedUntil) return this.pausedUntil;
    // Others on this IP may have spent weight we cannot see: learn the server's count before sending in bulk.
    if (this.trustServerWeight && this.headerWindow !== this.window && this.inFlightWeight > 0) return WAIT_FOR_ANSWER;
    const weightCap = Math.floor(this.limits.weightPerMinute * this.headroom);
    if (waiter.weight > 0 && this.used + this.inFlightWeight + waiter.weight > weightCap && (this.used + this.inFlightWeight > 0)) {
      return this.window + MINUTE;
    }
    if (waiter.orders > 0 && this.limits.ordersPer10s !== undefined) {
      const cap = Math.max(1, Math.floor(this.limits.ordersPer10s * this.headroom));
      if (this.orderTimes.length + waiter.orders > cap) {
        return this.orderTimes.length > 0 ? this.orderTimes[0] + TEN_SECONDS : now + 100;
      }
    }
    if (waiter.orders > 0 && this.limits.ordersPerDay !== undefined && this.ordersToday + waiter.orders > this.limits.ordersPerDay * this.headroom) {
      return (this.dayWindow + 1) * DAY;
    }
    return 0;
  }

  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.clock.now();
    this.roll(now);
    while (this.queue.length > 0) {
      const head = this.queue[0];
      const until = this.blockedUntil(head, now);
      if (until === WAIT_FOR_ANSWER) return;
      if (until > 0) {
        if (until - now > this.maxWaitMs) {
          this.queue.shift();
          head.reject(new RateLimited(until, 'the order or weight limit is used up'));
          continue;
        }
        this.timer = setTimeout(() => this.pump(), Math.max(1, until - now + 5));
        return;
      }
      this.queue.shift();
      this.inFlightWeight += head.weight;
      for (let i = 0; i < head.orders; i += 1) this.orderTimes.push(now);
      this.ordersToday += head.orders;
      this.totalWeight += head.weight;
      this.weightByMinute.set(this.window, (this.weightByMinute.get(this.window) ?? 0) + head.weight);
      head.resolve({ weight: head.weight, orders: head.orders, window: this.window });
    }
  }
}
