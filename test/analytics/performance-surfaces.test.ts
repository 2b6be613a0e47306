/** get_performance (MCP) and the `performance` context type (MCP get_contexts and REST) on a real paper desk. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken } from '../../src/http/auth.js';
import { serveHttp } from '../../src/compose/http.js';
import type { RunningHttpServer } from '../../src/http/server.js';
import { deskApp, type DeskApp } from '../app/desk-app.js';

const HOUR = 3_600_000;

describe('performance through MCP and REST', () => {
  let d: DeskApp;
  let http: RunningHttpServer;
  const token = generateToken();
  beforeAll(async () => {
    d = await deskApp();
    const order = (side: 'BUY' | 'SELL', quantity: string) =>
      d.h.desk.trading.placeOrder({ symbol: 'BTCUSD', side, orderType: 'MARKET', quantity, origin: 'test' });
    expect((await order('BUY', '0.02')).status).toBe('placed');
    await d.h.advance(26 * HOUR);
    expect((await order('SELL', '0.01')).status).toBe('placed');
    await d.h.advance(2 * HOUR);
    http = await serveHttp(d.app, { host: '127.0.0.1', port: 0, token, maxBodyBytes: 64 * 1024 });
  }, 60_000);
  afterAll(async () => {
    await http?.close();
    await d?.close();
  });

  it('get_performance when called then answers the service figures compactly, in under 1,500 characters', async () => {
    const raw = await d.callRaw('get_performance', {});
    expect(raw.isError).toBe(false);
    expect(raw.text.length).toBeLessThan(1_500);
    const report = await d.app.performance.paper.report();
    expect(raw.data).toMatchObject({
      mode: 'paper',
      trades: 1,
      fills: 2,
      pnlUsd: Number(report.pnlUsd).toFixed(2),
      feesPaidUsd: Number(report.feesPaidUsd).toFixed(2),
      realizedPnlUsd: Number(report.realizedPnlUsd).toFixed(2),
      maxDrawdown: Number(report.metrics.maxDrawdown.toFixed(4)),
      bySymbol: [{ symbol: 'BTCUSD', trades: 1 }],
    });
    expect(raw.data!.conventions).toMatch(/sqrt\(365\), risk-free 0/);
    expect(raw.data!.accountSince).toMatch(/^2026-11-25T12:00Z$/);
  });

  it('get_performance when from is not a time then refuses naming the field', async () => {
    const bad = await d.callRaw('get_performance', { from: 'yesterday' });
    expect(bad.isError).toBe(true);
    expect(bad.text).toMatch(/from/);
  });

  it('contexts when performance is asked then MCP gets the compact figures and REST the full report with its curve', async () => {
    const mcp = await d.call('get_contexts', { context_types: ['performance'] });
    expect(mcp.contexts.performance.trades).toBe(1);
    expect(mcp.contexts.performance.curve).toBeUndefined();
    const res = await fetch(`${http.url}/mcp/contexts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ context_types: ['performance'] }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    const full = body.contexts.performance;
    expect(full.curve.length).toBeGreaterThan(10);
    expect(full.trades).toHaveLength(1);
    expect(full.metrics.conventions).toMatch(/risk-free rate 0/);
    expect(full.tradePnl.counts).toEqual([1]);
  });
});
