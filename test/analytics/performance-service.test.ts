/** The performance service on a real paper desk (synthetic market on a manual clock, SQLite journal). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Big } from '../../src/model/money.js';
import { drawdowns, performanceMetrics } from '../../src/metrics/index.js';
import { deskApp, type DeskApp } from '../app/desk-app.js';

const HOUR = 3_600_000;

describe('performance service', () => {
  let d: DeskApp;
  const buy = (symbol: string, quantity: string, rationale?: string) =>
    d.h.desk.trading.placeOrder({
      symbol,
      side: 'BUY',
      orderType: 'MARKET',
      quantity,
      origin: 'test',
      ...(rationale ? { rationale } : {}),
    });
  const sell = (symbol: string, quantity: string) =>
    d.h.desk.trading.placeOrder({ symbol, side: 'SELL', orderType: 'MARKET', quantity, origin: 'test' });

  beforeAll(async () => {
    d = await deskApp();
    expect((await buy('BTCUSD', '0.02', 'RSI under 30 on the hourly')).status).toBe('placed');
    expect((await buy('ETHUSD', '0.5')).status).toBe('placed');
    await d.h.advance(30 * HOUR);
    expect((await sell('BTCUSD', '0.01')).status).toBe('placed');
    await d.h.advance(20 * HOUR);
    const second = await sell('BTCUSD', '0.0099');
    expect(second, JSON.stringify(second)).toMatchObject({ status: 'placed' });
    expect((await sell('ETHUSD', '0.4')).status).toBe('placed');
    await d.h.advance(5 * HOUR);
  }, 120_000);
  afterAll(async () => {
    await d?.close();
  });

  it('report when trades closed then their P&L adds up to the account realized P&L and the fees to the commissions', async () => {
    const report = await d.app.performance.paper.report();
    const account = await d.h.desk.trading.account();
    expect(report.trades.map((t) => t.symbol)).toEqual(['BTCUSD', 'BTCUSD', 'ETHUSD']);
    const sum = report.trades.reduce((s, t) => s.plus(t.pnlUsd), new Big(0));
    expect(Number(sum.minus(account.realizedPnlUsd).abs())).toBeLessThan(1e-6);
    expect(report.realizedPnlUsd).toBe(new Big(account.realizedPnlUsd).round(8).toFixed());
    const fills = await d.h.store.listFills({ mode: 'paper', limit: 100 });
    // A commission in USD counts as it is; one in the coin received, at the fill's price.
    const fees = fills.reduce(
      (s, f) => s.plus(f.commissionAsset === 'USD' ? f.commission : new Big(f.commission).times(f.price)),
      new Big(0),
    );
    expect(report.fills).toBe(fills.length);
    expect(fees.gt(0)).toBe(true);
    expect(report.feesPaidUsd).toBe(fees.round(8).toFixed());
    expect(report.trades[0]!.entryTime).toBe(fills.at(-1)!.time); // the first buy opened the BTC position
  });

  it('report when computed then its ratios are the metrics module on its own curve, and the curve starts at the account start', async () => {
    const report = await d.app.performance.paper.report();
    const curve = report.curve.map((p) => ({
      time: p.time,
      equity: Number(p.equityUsd),
      exposure: Number(p.exposureUsd),
    }));
    const trades = report.trades.map((t) => ({
      symbol: t.symbol,
      entryTime: t.entryTime,
      exitTime: t.exitTime,
      entryPrice: Number(t.entryPrice),
      exitPrice: Number(t.exitPrice),
      quantity: Number(t.quantity),
      pnl: Number(t.pnlUsd),
      returnPct: t.returnPct,
      fees: Number(t.feesUsd),
      exitReason: t.clientOrderId,
    }));
    expect(report.metrics).toEqual(performanceMetrics(curve, trades, Number(report.feesPaidUsd)));
    expect(report.curve.map((p) => p.drawdown)).toEqual([...drawdowns(curve).series]);
    expect(report.metrics.conventions).toMatch(/sqrt\(365\), risk-free rate 0/);
    expect(report.curve[0]!.time).toBeLessThanOrEqual(report.accountSince!);
    expect(report.curve.length).toBeLessThanOrEqual(500);
    expect(report.daily.map((x) => x.period)).toEqual(['2026-11-25', '2026-11-26', '2026-11-27']);
    expect(report.monthly).toHaveLength(1);
    expect(report.bySymbol.map((s) => s.symbol).sort()).toEqual(['BTCUSD', 'ETHUSD']);
    expect(report.tradePnl.counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(Number(report.curve.at(-1)!.exposureUsd)).toBeGreaterThan(0); // 0.1 ETH still held
  });

  it('report when the range starts after the first trades then counts only the trades and fills inside it', async () => {
    const all = await d.app.performance.paper.report();
    const from = all.trades[0]!.exitTime + 1;
    const part = await d.app.performance.paper.report({ from });
    expect(part.range.from).toBe(from);
    expect(part.trades).toHaveLength(2);
    expect(part.trades).toEqual(all.trades.slice(1));
    expect(part.fills).toBe(2);
    expect(part.curve[0]!.time).toBeGreaterThan(all.curve[0]!.time);
  });

  it('orders when a decision was journaled then each order carries its rationale', async () => {
    const orders = await d.app.performance.paper.orders();
    expect(orders).toHaveLength(5);
    const first = orders.at(-1)!;
    expect(first.rationale).toBe('RSI under 30 on the hourly');
    expect(orders[0]!.rationale).toBeNull();
  });
});
