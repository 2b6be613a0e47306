import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimited, RateLimiter } from '../../src/exchanges/binance-us/rate-limiter.js';
import { ManualClock } from '../../src/clock/manual-clock.js';

let clock: ManualClock;
beforeEach(() => {
  vi.useFakeTimers();
  clock = new ManualClock(1_700_000_080_000);
}); // 40 s into a minute
afterEach(() => {
  vi.useRealTimers();
});

/** Moves the manual clock and the timers together. */
async function advance(ms: number): Promise<void> {
  clock.advance(ms);
  await vi.advanceTimersByTimeAsync(ms);
}

function headers(values: Record<string, string>): Headers {
  return new Headers(values);
}

describe('RateLimiter', () => {
  it('requests beyond 80 % of the minute weight then queue until the next minute', async () => {
    const limiter = new RateLimiter({ clock, limits: { weightPerMinute: 100 } });
    for (let i = 0; i < 8; i += 1) limiter.settle(await limiter.acquire(10));
    let granted = false;
    const ninth = limiter.acquire(10).then((p) => {
      granted = true;
      return p;
    });
    await advance(10_000);
    expect(granted).toBe(false);
    await advance(10_100);
    expect(granted).toBe(true);
    limiter.settle(await ninth);
    expect(limiter.stats().usedThisMinute).toBe(10);
  });

  it('the server weight header above our own count then is believed', async () => {
    const limiter = new RateLimiter({ clock, limits: { weightPerMinute: 100 } });
    limiter.settle(await limiter.acquire(1), headers({ 'x-mbx-used-weight-1m': '75' }));
    let granted = false;
    void limiter.acquire(10).then(() => {
      granted = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toBe(false);
    expect(limiter.stats().usedThisMinute).toBe(75);
  });

  it('backOff then holds every queued request until Retry-After has passed, then lets them through', async () => {
    const limiter = new RateLimiter({ clock, limits: { weightPerMinute: 1200 } });
    limiter.backOff(5000);
    const order: number[] = [];
    const waiting = [1, 2, 3].map((n) =>
      limiter.acquire(1).then((permit) => {
        order.push(n);
        limiter.settle(permit);
      }),
    );
    await advance(4900);
    expect(order).toEqual([]);
    await advance(200);
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3]);
  });

  it('a ban longer than the longest wait then fails at once with RateLimited', async () => {
    const limiter = new RateLimiter({ clock, maxWaitMs: 60_000 });
    limiter.backOff(120_000);
    await expect(limiter.acquire(1)).rejects.toBeInstanceOf(RateLimited);
  });

  it('orders beyond 80 % of the 10-second order limit then wait for the window to slide', async () => {
    const limiter = new RateLimiter({
      clock,
      limits: { weightPerMinute: 1200, orders: [{ intervalMs: 10_000, limit: 10 }] },
    });
    for (let i = 0; i < 8; i += 1) limiter.settle(await limiter.acquire(1, 1));
    let granted = false;
    void limiter.acquire(1, 1).then(() => {
      granted = true;
    });
    await advance(9000);
    expect(granted).toBe(false);
    await advance(1100);
    expect(granted).toBe(true);
  });

  it('weight by minute then adds up what each minute spent', async () => {
    const limiter = new RateLimiter({ clock });
    limiter.settle(await limiter.acquire(10));
    await advance(60_000);
    limiter.settle(await limiter.acquire(3));
    limiter.settle(await limiter.acquire(4));
    expect([...limiter.stats().weightByMinute.values()]).toEqual([10, 7]);
    expect(limiter.stats().totalWeight).toBe(17);
  });
});

describe('RateLimiter slow start', () => {
  it('in a minute without a weight header yet then only one request is in flight until the first answer', async () => {
    const limiter = new RateLimiter({ clock });
    const first = await limiter.acquire(1);
    let second = false;
    void limiter.acquire(1).then((p) => {
      second = true;
      limiter.settle(p, headers({ 'x-mbx-used-weight-1m': '3' }));
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(second).toBe(false);
    limiter.settle(first, headers({ 'x-mbx-used-weight-1m': '2' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(second).toBe(true);
    const concurrent = await Promise.all([limiter.acquire(1), limiter.acquire(1), limiter.acquire(1)]);
    expect(concurrent).toHaveLength(3);
  });
});
