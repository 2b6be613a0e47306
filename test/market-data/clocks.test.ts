import { describe, expect, it } from 'vitest';
import { ManualClock, ScaledClock, SystemClock } from '../../src/clock/index.js';

describe('clocks', () => {
  it('SystemClock when read then follows the wall clock', () => {
    const before = Date.now();
    const now = new SystemClock().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('ManualClock when set or advanced then reports exactly that time', () => {
    const clock = new ManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    expect(clock.advance(500)).toBe(1_500);
    clock.set(42);
    expect(clock.now()).toBe(42);
  });

  it('ManualClock when advanced by a negative amount then throws', () => {
    expect(() => new ManualClock(0).advance(-1)).toThrow(RangeError);
  });

  it('ScaledClock when real time passes then simulated time moves speed times as far from its start', () => {
    const real = new ManualClock(5_000);
    const clock = new ScaledClock({ start: Date.UTC(2023, 2, 1), speed: 60, real });
    expect(clock.now()).toBe(Date.UTC(2023, 2, 1));
    real.advance(1_000);
    expect(clock.now()).toBe(Date.UTC(2023, 2, 1) + 60_000);
    real.advance(250);
    expect(clock.now()).toBe(Date.UTC(2023, 2, 1) + 75_000);
  });

  it('ScaledClock when speed is not a positive number then throws', () => {
    expect(() => new ScaledClock({ start: 0, speed: 0 })).toThrow(RangeError);
    expect(() => new ScaledClock({ start: 0, speed: Number.NaN })).toThrow(RangeError);
  });

  it('ScaledClock on the system clock when waited on then advances at least speed times the real wait', async () => {
    const clock = new ScaledClock({ start: 0, speed: 100 });
    await new Promise((r) => setTimeout(r, 30));
    expect(clock.now()).toBeGreaterThanOrEqual(25 * 100);
  });
});
