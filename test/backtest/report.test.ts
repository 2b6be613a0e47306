/**
 * The backtest report: served at /dashboard/backtests/<id> behind the dashboard token, and drawn in
 * Chromium (playwright-core) with a pixel check of each chart and a screenshot.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBacktestReport } from '../../src/backtest/report/html.js';
import { fakeApp } from '../support/fake-app.js';
import { mountDashboard, TOKEN } from '../dashboard/support.js';

const CHROMIUM = '/usr/bin/chromium';
const app = fakeApp();
let id = '';

beforeAll(async () => {
  const run = await app.backtests.run({
    strategy: { template: 'bollinger-reversion' },
    market: 'synthetic:7',
    from: Date.UTC(2025, 4, 1),
    to: Date.UTC(2025, 5, 1),
  });
  id = run.id;
  expect(run.result.trades.length).toBeGreaterThan(2);
}, 120_000);

describe('backtest report route', () => {
  const server = mountDashboard(app);
  it('serves the report with the token, refuses without it, 404s an unknown id and 400s a malformed one', async () => {
    const auth = { headers: { Authorization: `Bearer ${TOKEN}` } };
    const page = await server.request(`/dashboard/backtests/${id}`, auth);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('bollinger-reversion');
    expect(html).toContain('/dashboard/assets/lightweight-charts.js');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect((await server.request(`/dashboard/backtests/${id}`)).status).toBe(401);
    expect((await server.request(`/dashboard/backtests/bt_nothere`, auth)).status).toBe(404);
    expect((await server.request(`/dashboard/backtests/..%2Fetc`, auth)).status).toBe(400);
  });

  it('the file version inlines the chart library and escapes what the document carries', async () => {
    const stored = (await app.backtests.get(id))!.result as Parameters<typeof renderBacktestReport>[1];
    const evil = { ...stored, strategy: { ...stored.strategy, name: '</script><script>alert(1)</script>' } };
    const html = renderBacktestReport(id, evil);
    expect(html).toContain('LightweightCharts');
    expect(html).not.toContain('<script>alert(1)</script>');
  });
});

function pixelsOf(page: Page, container: string, rgb: [number, number, number]): Promise<number> {
  return page.evaluate(
    ([selector, [r, g, b]]) => {
      const document = (globalThis as any).document;
      let count = 0;
      for (const canvas of document.querySelectorAll(`${selector} canvas`)) {
        const ctx = canvas.getContext('2d', { willReadFrequently: true });
        if (!ctx || canvas.width === 0 || canvas.height === 0) continue;
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < data.length; i += 4)
          if (
            Math.abs(data[i]! - r) < 10 &&
            Math.abs(data[i + 1]! - g) < 10 &&
            Math.abs(data[i + 2]! - b) < 10 &&
            data[i + 3]! > 200
          )
            count++;
      }
      return count;
    },
    [container, rgb] as const,
  );
}

describe.skipIf(!existsSync(CHROMIUM))(`backtest report in Chromium (skipped when ${CHROMIUM} is absent)`, () => {
  let http: ServerType;
  let url = '';
  let profile = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      http = serve({ fetch: mountDashboard(app).fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
        url = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
    profile = await mkdtemp(join(tmpdir(), 'bt-chromium-'));
  });
  afterAll(async () => {
    await new Promise((done) => http?.close(done));
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('draws the equity, drawdown and price charts with trade markers, and logs no error', async () => {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1200, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      // Sign in the way a person does: the dashboard page takes ?token= once and sets the dashboard cookie.
      const signIn = await context.newPage();
      await signIn.goto(`${url}/dashboard?token=${TOKEN}`);
      await signIn.close();
      const page = await context.newPage();
      const problems: string[] = [];
      // pixelsOf's own canvas reads draw Chromium's willReadFrequently hint: that one is the test's doing.
      page.on('console', (m) => {
        if ((m.type() === 'error' || m.type() === 'warning') && !m.text().includes('willReadFrequently'))
          problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`${url}/dashboard/backtests/${id}`);
      await page.waitForSelector('body[data-charts=ready]');
      await expect
        .poll(() => pixelsOf(page, '#equity-chart', [31, 111, 235]), { timeout: 10_000 })
        .toBeGreaterThan(100); // strategy line
      expect(await pixelsOf(page, '#equity-chart', [154, 154, 154])).toBeGreaterThan(50); // buy-and-hold line
      expect(await pixelsOf(page, '#drawdown-chart', [207, 34, 46])).toBeGreaterThan(50); // drawdown edge
      expect(await pixelsOf(page, '#price-chart', [26, 127, 55])).toBeGreaterThan(10); // buy markers
      expect(page.url()).toBe(`${url}/dashboard/backtests/${id}`);
      expect(await page.locator('#trades tr').count()).toBeGreaterThan(3);
      const shots = process.env.DASHBOARD_SCREENSHOT_DIR ?? (await mkdtemp(join(tmpdir(), 'bt-report-shots-')));
      const shot = join(shots, 'backtest-report.png');
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`backtest report screenshot: ${shot}`);
      expect(problems, problems.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
