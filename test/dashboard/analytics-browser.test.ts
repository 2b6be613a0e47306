/**
 * The analytics page in Chromium (playwright-core) on a known journal: a real paper desk on a manual
 * clock with trades over three days. Every chart draws (coloured canvas pixels), the figures shown
 * are the metrics module's on the same curve and trades, the model's rationale sits beside its order,
 * and neither page scrolls sideways on a 375 px phone.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performanceMetrics, type ClosedTrade } from '../../src/metrics/index.js';
import { deskApp, type DeskApp } from '../app/desk-app.js';
import { mountDashboard, TOKEN } from './support.js';

const CHROMIUM = '/usr/bin/chromium';
const HOUR = 3_600_000;
const CHARTS = [
  '#equity-chart',
  '#drawdown-chart',
  '#exposure-chart',
  '#daily-chart',
  '#monthly-heatmap',
  '#pnl-histogram',
];

/** Pixels of a saturated colour (a series, a bar, a heatmap cell): not the panel, the grid or grey text. */
function colouredPixels(page: Page, container: string): Promise<number> {
  return page.evaluate((selector) => {
    const document = (globalThis as any).document;
    let count = 0;
    for (const canvas of document.querySelectorAll(`${selector} canvas`)) {
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0 || canvas.height === 0) continue;
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
        if (a > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 40) count++;
      }
    }
    return count;
  }, container);
}

describe.skipIf(!existsSync(CHROMIUM))(`analytics page in Chromium (skipped without ${CHROMIUM})`, () => {
  let d: DeskApp;
  let server: ServerType;
  let url: string;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    d = await deskApp();
    const order = (symbol: string, side: 'BUY' | 'SELL', quantity: string, rationale?: string) =>
      d.h.desk.trading.placeOrder({
        symbol,
        side,
        orderType: 'MARKET',
        quantity,
        origin: 'test',
        ...(rationale ? { rationale } : {}),
      });
    expect((await order('BTCUSD', 'BUY', '0.05', 'breakout above the 20-day high')).status).toBe('placed');
    expect((await order('ETHUSD', 'BUY', '1')).status).toBe('placed');
    await d.h.advance(20 * HOUR);
    expect((await order('BTCUSD', 'SELL', '0.02')).status).toBe('placed');
    await d.h.advance(30 * HOUR);
    expect((await order('ETHUSD', 'SELL', '0.6')).status).toBe('placed');
    expect((await order('BTCUSD', 'SELL', '0.02')).status).toBe('placed');
    await d.h.advance(24 * HOUR);
    expect((await order('BTCUSD', 'SELL', '0.009')).status).toBe('placed');
    await d.h.advance(2 * HOUR);
    server = await new Promise((resolve) => {
      const s = serve({ fetch: mountDashboard(d.app).fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
        url = `http://127.0.0.1:${info.port}`;
        resolve(s);
      });
    });
    profile = await mkdtemp(join(tmpdir(), 'binance-mcp-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      headless: true,
      viewport: { width: 1280, height: 900 },
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (server) await new Promise((done) => server.close(done));
    await d?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  async function open(path: string, width: number): Promise<{ page: Page; problems: string[] }> {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    await page.goto(`${url}${path}?token=${TOKEN}`);
    return { page, problems };
  }

  it('analytics when opened then every chart draws and the figures are the metrics module on the same curve and trades', async () => {
    const { page, problems } = await open('/dashboard/analytics', 1280);
    await page.waitForSelector('body[data-rendered]', { timeout: 20_000 });
    for (const chart of CHARTS)
      await expect.poll(() => colouredPixels(page, chart), { timeout: 10_000, message: chart }).toBeGreaterThan(30);

    const report = (await (
      await page.request.get(`${url}/dashboard/api/performance?mode=paper`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      })
    ).json()) as any;
    const curve = report.curve.map((p: any) => ({
      time: p.time,
      equity: Number(p.equityUsd),
      exposure: Number(p.exposureUsd),
    }));
    const trades: ClosedTrade[] = report.trades.map((t: any) => ({
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
    const m = performanceMetrics(curve, trades, Number(report.feesPaidUsd));
    expect(m.trades).toBe(4);
    const text = (id: string) => page.textContent(`#${id}`);
    const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);
    const num = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));
    expect(await text('kpi-sharpe')).toBe(num(m.sharpe));
    expect(await text('kpi-sortino')).toBe(num(m.sortino));
    expect(await text('kpi-maxdd')).toBe(pct(m.maxDrawdown));
    expect(await text('kpi-winrate')).toBe(pct(m.winRate));
    expect(await text('kpi-pf')).toBe(num(m.profitFactor));
    expect(await text('kpi-exposure')).toBe(pct(m.exposure));
    expect(await text('kpi-trades')).toBe('4');
    const usd = (v: string) =>
      new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(Math.abs(Number(v)));
    expect(await text('kpi-fees')).toBe(usd(report.feesPaidUsd));
    expect(await text('kpi-equity')).toBe(usd(report.endEquityUsd));
    expect(await page.locator('#by-symbol tbody tr').count()).toBe(2);

    const rows = page.locator('#decisions tbody tr');
    expect(await rows.count()).toBe(6);
    expect(await rows.last().textContent()).toContain('breakout above the 20-day high');
    expect(page.url()).toBe(`${url}/dashboard/analytics`);
    const shot = join(profile, '..', `analytics-${process.pid}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`analytics screenshot: ${shot}`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('analytics when a range is picked then shows only what falls in it', async () => {
    const { page } = await open('/dashboard/analytics', 1280);
    await page.waitForSelector('body[data-rendered]');
    const from = new Date(d.h.clock.now() - 26 * HOUR).toISOString().slice(0, 10);
    await page.fill('#from', from);
    await page.dispatchEvent('#from', 'change');
    await expect.poll(() => page.textContent('#kpi-trades')).not.toBe('4');
    const shown = Number(await page.textContent('#kpi-trades'));
    const report = await d.app.performance.paper.report({ from: Date.parse(`${from}T00:00:00Z`) });
    expect(shown).toBe(report.metrics.trades);
    await page.close();
  });

  it.each([
    ['/dashboard/analytics', 375],
    ['/dashboard', 375],
    ['/dashboard/analytics', 360],
    ['/dashboard', 420],
  ] as const)('%s on a %i px phone then nothing scrolls sideways', async (path, width) => {
    const { page, problems } = await open(path, width);
    if (path.endsWith('analytics')) await page.waitForSelector('body[data-rendered]');
    else await expect.poll(() => page.textContent('#updated'), { timeout: 15_000 }).toMatch(/^updated /);
    const widths = await page.evaluate(() => {
      const w = globalThis as any;
      return { scroll: w.document.scrollingElement.scrollWidth, inner: w.innerWidth };
    });
    expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
    expect(problems).toEqual([]);
    await page.close();
  });
});
