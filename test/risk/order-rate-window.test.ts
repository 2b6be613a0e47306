import { describe, expect, it } from 'vitest';
import { OrderRateWindow } from '../../src/risk/order-rate-window.js';

describe('OrderRateWindow', () => {
  it('count when orders are inside the last 60 seconds then counts them, and drops them once 60 s have passed', () => {
    const window = new OrderRateWindow();
    window.record(1_000);
    window.record(30_000);
    window.record(59_000);
    expect(window.count(60_000)).toBe(3);
    expect(window.count(60_999)).toBe(3);
    expect(window.count(61_000)).toBe(2);
    expect(window.count(90_000)).toBe(1);
    expect(window.count(119_000)).toBe(0);
  });

  it('seed when journaled times come in any order then they count with the ones recorded since and leave the window on time', () => {
    const window = new OrderRateWindow();
    window.record(50_000);
    window.seed([30_000, 10_000]);
    window.record(55_000);
    expect(window.count(60_000)).toBe(4);
    expect(window.count(70_000)).toBe(3);
    expect(window.recent(95_000)).toEqual([50_000, 55_000]);
  });

  it('count when nothing was recorded then is 0', () => {
    expect(new OrderRateWindow().count(5)).toBe(0);
  });

  it('count when a time was recorded after now (clock behind) then does not count it yet', () => {
    const window = new OrderRateWindow();
    window.record(10_000);
    window.record(20_000);
    expect(window.count(15_000)).toBe(1);
  });

  it('recent when many orders have aged out then returns only the window and keeps counting correctly', () => {
    const window = new OrderRateWindow();
    for (let t = 0; t < 5_000; t++) window.record(t * 100);
    const now = 4_999 * 100;
    expect(window.count(now)).toBe(600);
    expect(window.recent(now)).toHaveLength(600);
    expect(window.recent(now)[0]).toBe(now - 59_900);
  });
});
