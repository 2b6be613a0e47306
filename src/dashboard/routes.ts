/**
 * The dashboard: GET /dashboard (the page), /dashboard/assets/* (its script, stylesheet and chart
 * library) and /dashboard/api/* (JSON it polls). Only GET routes: it never places or cancels orders.
 * Mount behind dashboardAuth(token).
 */
import { Hono, type Context } from 'hono';
import type { App } from '../app/app.js';
import type { TradingDesk } from '../app/api.js';
import type { PerformanceService } from '../app/performance-service.js';
import { isInterval, type Interval } from '../model/candle.js';
import { ExchangeRejection, InvalidInput } from '../model/errors.js';
import { SYMBOL_PATTERN } from '../model/market.js';
import type { TradingMode } from '../ports/store.js';
import { dashboardAsset } from './assets.js';
import { backtestPage } from './backtest-page.js';
import { candleChart } from './chart-data.js';
import { equityCurve } from './equity-source.js';
import { dashboardHtml } from './page/html.js';
import { analyticsHtml } from './page/analytics-html.js';
import { accountSummary, marketList, openOrders, overview, recentFills, riskPanel } from './views.js';

const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A query parameter the caller got wrong: answered 400, naming it. */
class BadQuery extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

class NoSuchAccount extends Error {}

export function dashboardRoutes(app: App): Hono {
  const routes = new Hono();

  routes.get('/dashboard', (c) => {
    pageHeaders(c);
    c.header('Content-Security-Policy', PAGE_POLICY);
    return c.html(dashboardHtml);
  });

  routes.get('/dashboard/analytics', (c) => {
    pageHeaders(c);
    c.header('Content-Security-Policy', PAGE_POLICY);
    return c.html(analyticsHtml);
  });

  routes.get('/dashboard/assets/:name', (c) => {
    const asset = dashboardAsset(c.req.param('name'));
    if (!asset) return c.json({ error: 'no such asset' }, 404);
    c.header('Content-Type', asset.contentType);
    c.header('Cache-Control', 'private, max-age=300');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(asset.body);
  });

  routes.get('/dashboard/backtests/:id', (c) => backtestPage(app, c).catch((error: unknown) => failure(c, app, error)));

  const api = (path: string, handler: (c: Context) => Promise<unknown> | unknown) =>
    routes.get(`/dashboard/api/${path}`, async (c) => {
      c.header('Cache-Control', 'no-store');
      try {
        return c.json(await handler(c));
      } catch (error) {
        return failure(c, app, error);
      }
    });

  api('overview', () => overview(app));
  api('markets', () => marketList(app));
  api('account', (c) => accountSummary(app, desk(app, c)));
  api('risk', (c) => riskPanel(app, desk(app, c)));
  api('orders', (c) => openOrders(desk(app, c)));
  api('fills', (c) => recentFills(app, desk(app, c).mode, count(c, 'limit', 50, 500)));
  api('candles', (c) => candleChart(app, desk(app, c).mode, symbol(c), interval(c), count(c, 'limit', 300, 1000)));
  api('performance', (c) => performanceOf(app, c).report(range(c)));
  api('decisions', async (c) => {
    const performance = performanceOf(app, c);
    return {
      mode: performance.mode,
      orders: await performance.orders({ ...range(c), limit: count(c, 'limit', 100, 500) }),
    };
  });
  api('equity', (c) => equityCurve(app, desk(app, c), interval(c), count(c, 'limit', 300, 1000)));

  return routes;
}

function pageHeaders(c: Context): void {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
}

function desk(app: App, c: Context): TradingDesk {
  const mode = (c.req.query('mode') ?? 'paper') as TradingMode;
  if (mode !== 'paper' && mode !== 'live') throw new BadQuery('mode', 'mode must be paper or live');
  const found = app.desks[mode];
  if (!found) throw new NoSuchAccount(`there is no live account: ${app.live.reason}`);
  return found;
}

function performanceOf(app: App, c: Context): PerformanceService {
  const mode = desk(app, c).mode;
  const found = app.performance[mode];
  if (!found) throw new NoSuchAccount(`there is no ${mode} account`);
  return found;
}

/** from / to as epoch milliseconds; absent: the account's start and now. */
function range(c: Context): { from?: number; to?: number } {
  const out: { from?: number; to?: number } = {};
  for (const field of ['from', 'to'] as const) {
    const raw = c.req.query(field);
    if (raw === undefined || raw === '') continue;
    if (!/^\d{1,15}$/.test(raw)) throw new BadQuery(field, `${field} must be a time in epoch milliseconds`);
    out[field] = Number(raw);
  }
  if (out.from !== undefined && out.to !== undefined && out.from > out.to)
    throw new BadQuery('from', 'from must not be after to');
  return out;
}

function symbol(c: Context): string {
  const raw = (c.req.query('symbol') ?? '').toUpperCase();
  if (!SYMBOL_PATTERN.test(raw)) throw new BadQuery('symbol', 'symbol must be a market symbol such as BTCUSD');
  return raw;
}

function interval(c: Context): Interval {
  const raw = c.req.query('interval') ?? '5m';
  if (!isInterval(raw))
    throw new BadQuery('interval', "interval must be one of Binance's intervals: 1m, 5m, 15m, 1h, 4h, 1d, ...");
  return raw;
}

function count(c: Context, field: string, fallback: number, max: number): number {
  const raw = c.req.query(field);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > max)
    throw new BadQuery(field, `${field} must be a whole number from 1 to ${max}`);
  return n;
}

function failure(c: Context, app: App, error: unknown): Response {
  if (error instanceof BadQuery) return c.json({ error: error.message, field: error.field }, 400);
  if (error instanceof InvalidInput) return c.json({ error: error.message, field: error.field }, 400);
  // -11xx are Binance's codes for a bad request parameter (unknown symbol, bad interval...).
  if (error instanceof ExchangeRejection)
    return c.json({ error: error.message, code: error.code }, error.code <= -1100 && error.code > -1200 ? 400 : 502);
  if (error instanceof NoSuchAccount) return c.json({ error: error.message }, 404);
  app.logger.error({ err: error, path: c.req.path }, 'dashboard request failed');
  return c.json({ error: 'internal error; see the server log' }, 500);
}
