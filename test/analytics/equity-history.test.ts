/**
 * The equity curve starts at the account's start (paper: opened or last reset), not at the first bar
 * of a window ending now: an account three days old shows its whole history, from its starting value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intervalStart } from '../../src/model/candle.js';
import { deskApp, type DeskApp } from '../app/desk-app.js';
import { mountDashboard, TOKEN } from '../dashboard/support.js';

const DAY = 86_400_000;

describe('equity curve from the account start', () => {
  let d: DeskApp;
  let opened: number;
  beforeAll(async () => {
    d = await deskApp();
    opened = (await d.h.store.listAudit(10)).find((a) => a.action === 'paper_account_opened')!.time;
    const placed = await d.h.desk.trading.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quantity: '0.01',
      origin: 'test',
    });
    expect(placed.status).toBe('placed');
    await d.h.advance(3 * DAY);
  }, 60_000);
  afterAll(async () => {
    await d?.close();
  });

  it('equity when the account is three days old then the curve starts at the account start with the starting balance', async () => {
    const res = await mountDashboard(d.app).request('/dashboard/api/equity?mode=paper&interval=5m&limit=300', {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { points: { time: number; valueUsd: string }[]; interval: string };
    expect(body.points.length).toBeLessThanOrEqual(300);
    const first = body.points[0]!;
    expect(first.time).toBe(intervalStart(body.interval as '1h', opened));
    expect(first.time).toBeLessThanOrEqual(opened);
    // 10,000 USD at the start; the first bar holds the buy, valued at its close (spread and fee only).
    expect(Math.abs(Number(first.valueUsd) - 10_000)).toBeLessThan(50);
    expect(body.points.at(-1)!.time).toBeGreaterThan(opened + 3 * DAY - DAY / 24);
  });
});
