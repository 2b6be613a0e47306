/**
 * Client-side request-weight and order-rate limiter for Binance.US.
 *
 * Weight and order counts are tracked apart (REST "LIMITS": REQUEST_WEIGHT per IP from
 * X-MBX-USED-WEIGHT-*, ORDERS per account from X-MBX-ORDER-COUNT-*). Requests that would take the
 * minute's weight past a safety margin queue; orders that would pass an ORDERS limit queue behind
 * each other but never in front of a read or a cancel. A 429/418 on weight holds every request
 * until Retry-After; a -1015 (order rate, sent without Retry-After) holds new orders only, for the
 * interval of the ORDERS limit that was hit, and they fail at once meanwhile rather than queue.
 */
import type { Clock } from '../../ports/clock.js';
import type { OrderLimit, RateLimits } from './parse.js';

const MINUTE = 60_000;
const WAIT_FOR_ANSWER = -1;
/** ORDERS windows up to this long are tracked order by order (sliding); longer ones as a counter per window. */
const SLIDING_UP_TO_MS = MINUTE;
const UNIT_MS: Record<string, number> = { S: 1000, M: MINUTE, H: 3_600_000, D: 86_400_000 };

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

export interface Permit {
  weight: number;
  orders: number;
  window: number;
}

export class RateLimited extends Error {
  constructor(
    readonly until: number,
    reason: string,
    readonly ordersOnly = false,
  ) {
    super(`Binance.US rate limit: ${reason}; requests resume at ${new Date(until).toISOString()}`);
    this.name = 'RateLimited';
  }
}

interface Waiter {
  weight: number;
  orders: number;
  resolve: (p: Permit) => void;
  reject: (e: Error) => void;
}

export interface RateLimiterStats {
  limit: number;
  usedThisMinute: number;
  pausedUntil: number;
  /** New orders are held until then (a -1015), reads and cancels are not. */
  ordersPausedUntil: number;
  totalWeight: number;
  /** Weight by minute (window start ms), from this client's own accounting. */
  weightByMinute: Map<number, number>;
  backOffs: number;
  orderBackOffs: number;
}

/** Orders counted against one ORDERS limit. */
class OrderCounter {
  private times: number[] = [];
  private windowStart = -1;
  private count = 0;
  constructor(readonly rule: OrderLimit) {}

  private get sliding(): boolean {
    return this.rule.intervalMs <= SLIDING_UP_TO_MS;
  }

  used(now: number): number {
    if (this.sliding) {
      while (this.times.length > 0 && this.times[0]! <= now - this.rule.intervalMs) this.times.shift();
      return this.times.length;
    }
    const start = Math.floor(now / this.rule.intervalMs) * this.rule.intervalMs;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.count = 0;
    }
    return this.count;
  }

  add(now: number, n: number): void {
    this.used(now);
    if (this.sliding) for (let i = 0; i < n; i += 1) this.times.push(now);
    else this.count += n;
  }

  /** The server's count for this window (header): never below it. */
  atLeast(now: number, serverCount: number): void {
    const missing = serverCount - this.used(now);
    if (missing > 0) this.add(now, missing);
  }

  /** When one more order fits under `cap`. */
  freeAt(now: number): number {
    if (this.sliding) return this.times.length > 0 ? this.times[0]! + this.rule.intervalMs : now + 100;
    return this.windowStart + this.rule.intervalMs;
  }
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
  private orderCounters: OrderCounter[];
  private pausedUntil = 0;
  private ordersPausedUntil = 0;
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private totalWeight = 0;
  private backOffs = 0;
  private orderBackOffs = 0;
  private readonly weightByMinute = new Map<number, number>();

  constructor(options: RateLimiterOptions) {
    this.clock = options.clock;
    this.limits = options.limits ?? {
      weightPerMinute: 1200,
      orders: [
        { intervalMs: 10_000, limit: 100 },
        { intervalMs: 86_400_000, limit: 200_000 },
      ],
    };
    this.orderCounters = (this.limits.orders ?? []).map((rule) => new OrderCounter(rule));
    this.headroom = options.headroom ?? 0.8;
    this.trustServerWeight = options.trustServerWeight ?? true;
    this.maxWaitMs = options.maxWaitMs ?? 120_000;
  }

  /** Limits as read from exchangeInfo.rateLimits; the orders counted so far are kept. */
  setLimits(limits: RateLimits): void {
    const now = this.clock.now();
    const before = this.orderCounters;
    this.limits = limits;
    this.orderCounters = (limits.orders ?? []).map((rule) => {
      const counter = new OrderCounter(rule);
      const same = before.find((c) => c.rule.intervalMs === rule.intervalMs);
      if (same) counter.atLeast(now, same.used(now));
      return counter;
    });
    this.pump();
  }

  get weightLimit(): number {
    return this.limits.weightPerMinute;
  }

  async acquire(weight: number, orders = 0): Promise<Permit> {
    const now = this.clock.now();
    if (this.pausedUntil - now > this.maxWaitMs)
      throw new RateLimited(this.pausedUntil, 'Binance.US asked us to stop (429/418)');
    if (orders > 0 && this.ordersPausedUntil > now)
      throw new RateLimited(this.ordersPausedUntil, 'Binance.US refused new orders (-1015, too many orders)', true);
    return new Promise<Permit>((resolve, reject) => {
      this.queue.push({ weight, orders, resolve, reject });
      this.pump();
    });
  }

  /**
   * Records the outcome of a request: the server's own counters replace our estimate. With
   * `retryAfterMs` (a 429 or 418 on weight) everything waits that long, before anything queued can go.
   */
  settle(permit: Permit, headers?: Headers, retryAfterMs?: number): void {
    if (retryAfterMs !== undefined) this.holdAll(retryAfterMs);
    const now = this.clock.now();
    this.roll(now);
    this.inFlightWeight -= permit.weight;
    if (permit.window === this.window) this.used += permit.weight;
    const serverWeight = headers?.get('x-mbx-used-weight-1m');
    if (this.trustServerWeight && serverWeight != null && /^\d+$/.test(serverWeight)) {
      this.used = Math.max(this.used, Number(serverWeight));
      this.headerWindow = this.window;
    }
    headers?.forEach((value, name) => {
      const match = /^x-mbx-order-count-(\d+)([smhd])$/i.exec(name);
      if (!match || !/^\d+$/.test(value)) return;
      const intervalMs = Number(match[1]) * UNIT_MS[match[2]!.toUpperCase()]!;
      this.orderCounters.find((c) => c.rule.intervalMs === intervalMs)?.atLeast(now, Number(value));
    });
    this.pump();
  }

  /** A 429 or 418 on weight: nobody sends until `retryAfterMs` has passed. */
  backOff(retryAfterMs: number): void {
    this.holdAll(retryAfterMs);
    this.pump();
  }

  /**
   * A -1015: new orders wait `waitMs` (the interval of the ORDERS limit hit, Binance sends no
   * Retry-After for it); reads and cancels go on.
   */
  backOffOrders(waitMs: number): void {
    const now = this.clock.now();
    this.orderBackOffs += 1;
    this.ordersPausedUntil = Math.max(this.ordersPausedUntil, now + waitMs);
    for (const waiter of [...this.queue]) {
      if (waiter.orders === 0) continue;
      this.queue.splice(this.queue.indexOf(waiter), 1);
      waiter.reject(
        new RateLimited(this.ordersPausedUntil, 'Binance.US refused new orders (-1015, too many orders)', true),
      );
    }
    this.pump();
  }

  /** How long to hold orders after a -1015 whose message names the limit ("... 100 orders per 10 SECOND."). */
  orderBackOffFor(message: string): number {
    const named = /per (\d+) (SECOND|MINUTE|HOUR|DAY)/i.exec(message);
    if (named) return Number(named[1]) * UNIT_MS[named[2]![0]!.toUpperCase()]!;
    const now = this.clock.now();
    const full = this.orderCounters.find((c) => c.used(now) >= c.rule.limit);
    return (full ?? this.orderCounters[0])?.rule.intervalMs ?? 10_000;
  }

  private holdAll(retryAfterMs: number): void {
    this.backOffs += 1;
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + retryAfterMs);
    this.pauseActive = true;
    for (const waiter of this.queue.splice(0)) {
      if (this.pausedUntil - this.clock.now() > this.maxWaitMs)
        waiter.reject(new RateLimited(this.pausedUntil, 'Binance.US asked us to stop (429/418)'));
      else this.queue.push(waiter);
    }
  }

  stats(): RateLimiterStats {
    this.roll(this.clock.now());
    return {
      limit: this.limits.weightPerMinute,
      usedThisMinute: this.used,
      pausedUntil: this.pausedUntil,
      ordersPausedUntil: this.ordersPausedUntil,
      totalWeight: this.totalWeight,
      weightByMinute: new Map(this.weightByMinute),
      backOffs: this.backOffs,
      orderBackOffs: this.orderBackOffs,
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
    if (this.pauseActive && now >= this.pausedUntil) {
      // Retry-After is the server's word on when we may send again: its counters have reset by then.
      this.pauseActive = false;
      this.used = 0;
    }
  }

  /** When a request of this weight could go, 0 if now, WAIT_FOR_ANSWER if it waits for a request in flight. */
  private weightBlockedUntil(weight: number, now: number): number {
    if (now < this.pausedUntil) return this.pausedUntil;
    // Others on this IP may have spent weight we cannot see: learn the server's count before sending in bulk.
    if (this.trustServerWeight && this.headerWindow !== this.window && this.inFlightWeight > 0) return WAIT_FOR_ANSWER;
    const weightCap = Math.floor(this.limits.weightPerMinute * this.headroom);
    if (weight > 0 && this.used + this.inFlightWeight + weight > weightCap && this.used + this.inFlightWeight > 0)
      return this.window + MINUTE;
    return 0;
  }

  /** When `orders` more orders fit under every ORDERS limit, 0 if now. */
  private ordersBlockedUntil(orders: number, now: number): number {
    if (orders === 0) return 0;
    if (now < this.ordersPausedUntil) return this.ordersPausedUntil;
    let until = 0;
    for (const counter of this.orderCounters) {
      const cap = Math.max(1, Math.floor(counter.rule.limit * this.headroom));
      if (counter.used(now) + orders > cap) until = Math.max(until, counter.freeAt(now));
    }
    return until;
  }

  /**
   * Grants what can go, in order: a request blocked by weight blocks everything behind it (the
   * IP's budget is shared); an order blocked by an ORDERS limit blocks only the orders behind it.
   */
  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.clock.now();
    this.roll(now);
    let wakeAt = Number.POSITIVE_INFINITY;
    let ordersBlocked = false;
    for (let i = 0; i < this.queue.length;) {
      const waiter = this.queue[i]!;
      const byWeight = this.weightBlockedUntil(waiter.weight, now);
      if (byWeight === WAIT_FOR_ANSWER) break;
      if (byWeight > 0) {
        if (byWeight - now > this.maxWaitMs) {
          this.queue.splice(i, 1);
          waiter.reject(new RateLimited(byWeight, 'the request weight limit is used up'));
          continue;
        }
        wakeAt = Math.min(wakeAt, byWeight);
        break;
      }
      if (waiter.orders > 0) {
        const byOrders = ordersBlocked ? Number.POSITIVE_INFINITY : this.ordersBlockedUntil(waiter.orders, now);
        if (byOrders > 0) {
          if (!ordersBlocked && byOrders - now > this.maxWaitMs) {
            this.queue.splice(i, 1);
            waiter.reject(new RateLimited(byOrders, 'the order limit is used up', true));
            continue;
          }
          if (!ordersBlocked) wakeAt = Math.min(wakeAt, byOrders);
          ordersBlocked = true;
          i += 1;
          continue;
        }
      }
      this.queue.splice(i, 1);
      this.inFlightWeight += waiter.weight;
      for (const counter of this.orderCounters) counter.add(now, waiter.orders);
      this.totalWeight += waiter.weight;
      this.weightByMinute.set(this.window, (this.weightByMinute.get(this.window) ?? 0) + waiter.weight);
      waiter.resolve({ weight: waiter.weight, orders: waiter.orders, window: this.window });
    }
    if (Number.isFinite(wakeAt)) this.timer = setTimeout(() => this.pump(), Math.max(1, wakeAt - now + 5));
  }
}
