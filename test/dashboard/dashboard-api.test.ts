import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardRoutes } from '../../src/dashboard/index.js';
import { dashboardScript } from '../../src/dashboard/page/script.js';
import { intervalStart } from '../../src/model/candle.js';
import { Big } from '../../src/model/money.js';
import type { RealApp } from '../support/real-app.js';
import { mountDashboard, TOKEN, tradedApp } from './support.js';

const auth = { Authorization: `Bearer ${TOKEN}` };

describe('dashboard API against the real app', () => {
  let real: RealApp;
  let server: ReturnType<typeof mountDashboard>;
  const get = async (path: string) => {
    const res = await server.request(path, { headers: auth });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    real = await tradedApp();
    server = mountDashboard(real.app);
  });
  afterAll(async () => {
    await real?.close();
  });

  it('account when paper orders filled then shows the broker balances, positions and the day start equity', async () => {
    const { status, body } = await get('/dashboard/api/account?mode=paper');
    expect(status).toBe(200);
    const fills = await real.app.store.listFills({ mode: 'paper', symbol: 'BTCUSD', limit: 100 });
    let btc = new Big(0);
    for (const f of fills)
      btc = f.side === 'BUY' ? btc.plus(f.qty).minus(f.commissionAsset === 'BTC' ? f.commission : 0) : btc.minus(f.qty);
    const btcBalance = body.balances.find((b: any) => b.asset === 'BTC');
    expect(new Big(btcBalance.total).eq(btc)).toBe(true);
    const position = body.positions.find((p: any) => p.asset === 'BTC');
    expect(new Big(position.quantity).eq(btc)).toBe(true);
    expect(body.positions.map((p: any) => p.asset).sort()).toEqual(['BTC', 'ETH']);
    const usd = body.balances.find((b: any) => b.asset === 'USD');
    expect(Number(usd.locked)).toBeGreaterThan(0); // the resting LIMIT buy holds USD
    expect(body.days[0].startEquity).toBe('10000');
    expect(Number(body.portfolioValueUsd)).toBeGreaterThan(9_000);
  });

  it('candles when the account traded the symbol then carries a marker per bar and side at the fills volume-weighted price', async () => {
    const { status, body } = await get('/dashboard/api/candles?mode=paper&symbol=BTCUSD&interval=1m&limit=50');
    expect(status).toBe(200);
    expect(body.candles).toHaveLength(50);
    const fills = await real.app.store.listFills({ mode: 'paper', symbol: 'BTCUSD', limit: 100 });
    expect(fills.length).toBeGreaterThanOrEqual(3); // a market order may fill at several book levels
    const expected = new Map<string, { qty: Big; quote: Big; n: number; time: number }>();
    for (const f of fills) {
      const time = intervalStart('1m', f.time);
      const key = `${time}:${f.side}`;
      const g = expected.get(key) ?? { qty: new Big(0), quote: new Big(0), n: 0, time };
      expected.set(key, { qty: g.qty.plus(f.qty), quote: g.quote.plus(f.quoteQty), n: g.n + 1, time });
    }
    expect(body.markers).toHaveLength(expected.size);
    const candleTimes = new Set(body.candles.map((c: any) => c.time));
    for (const marker of body.markers) {
      const g = expected.get(`${marker.time}:${marker.side}`)!;
      expect(g).toBeDefined();
      expect(candleTimes.has(marker.time)).toBe(true);
      expect(new Big(marker.qty).eq(g.qty)).toBe(true);
      expect(marker.fills).toBe(g.n);
      expect(new Big(marker.price).minus(g.quote.div(g.qty)).abs().lt('0.00000001')).toBe(true);
    }
    const sell = fills.find((f) => f.side === 'SELL')!;
    const sellMarker = body.markers.find((m: any) => m.side === 'SELL');
    expect(new Big(sellMarker.price).eq(sell.price)).toBe(true); // one fill: its own price
    expect(sellMarker.firstFillTime).toBe(sell.time);
  });

  it('candles when the account never traded the symbol then has candles and no markers', async () => {
    const { body } = await get('/dashboard/api/candles?mode=paper&symbol=SOLUSD&interval=5m&limit=20');
    expect(body.candles).toHaveLength(20);
    expect(body.markers).toEqual([]);
  });

  it('equity when the account opened this minute then values the current bar from balances at the bar close', async () => {
    const { status, body } = await get('/dashboard/api/equity?mode=paper&interval=1m&limit=30');
    expect(status).toBe(200);
    expect(body.accountSince).toBeGreaterThan(0);
    expect(body.points.length).toBeGreaterThanOrEqual(1);
    expect(body.points.length).toBeLessThanOrEqual(2); // nothing before the account opened
    expect(body.points[0].time).toBe(intervalStart('1m', body.accountSince));
    const last = body.points.at(-1);
    const account = await real.app.desks.paper.account();
    // The bar is still forming, so its close moves; the value at the endpoint's moment lies within the bar's range.
    const bar = async (symbol: string) =>
      (await real.app.market.candles(symbol, '1m', { startTime: last.time, limit: 1 }))[0]!;
    const [btcBar, ethBar] = [await bar('BTCUSD'), await bar('ETHUSD')];
    const total = (asset: string) => new Big(account.balances.find((b) => b.asset === asset)!.total);
    const valueAt = (btc: string, eth: string) =>
      total('USD').plus(total('BTC').times(btc)).plus(total('ETH').times(eth));
    expect(new Big(last.valueUsd).gte(valueAt(btcBar.low, ethBar.low))).toBe(true);
    expect(new Big(last.valueUsd).lte(valueAt(btcBar.high, ethBar.high))).toBe(true);
    expect(body.method).toMatch(/journal/);
  });

  it('orders when a LIMIT buy rests then lists it as open', async () => {
    const { body } = await get('/dashboard/api/orders?mode=paper');
    expect(body.orders).toHaveLength(1);
    expect(body.orders[0]).toMatchObject({
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      status: 'NEW',
      origQty: '0.01',
    });
  });

  it('fills when asked for the latest two then returns the newest first', async () => {
    const { body } = await get('/dashboard/api/fills?mode=paper&limit=2');
    expect(body.fills).toHaveLength(2);
    expect(body.fills[0].side).toBe('SELL');
    expect(body.fills[0].time).toBeGreaterThanOrEqual(body.fills[1].time);
  });

  it('risk when no limits are set then shows the breaker closed and the orders of the last minute', async () => {
    const { body } = await get('/dashboard/api/risk?mode=paper');
    expect(body.breaker.tripped).toBe(false);
    expect(body.ordersInLastMinute).toBe(5);
    expect(body.limits.maxDailyLossUsd).toBeNull();
    expect(Array.isArray(body.events)).toBe(true);
  });

  it('overview when the market is synthetic then names the source, its state and paper as the only account', async () => {
    const { body } = await get('/dashboard/api/overview');
    expect(body.market.source).toBe('synthetic');
    expect(body.market.status.state).toBe('open');
    expect(body.modes).toEqual(['paper']);
    expect(body.live.available).toBe(false);
  });

  it('markets when listed then gives every symbol and the Binance intervals', async () => {
    const { body } = await get('/dashboard/api/markets');
    const markets = await real.app.market.listMarkets({ limit: 500 });
    expect(body.symbols).toHaveLength(markets.total);
    expect(body.symbols.map((s: any) => s.symbol)).toContain('BTCUSD');
    expect(body.intervals).toContain('1m');
  });

  it('API when the query is wrong then answers 400 naming the field, and 404 for a live account that does not exist', async () => {
    expect(await get('/dashboard/api/candles?symbol=BTCUSD&interval=7m')).toMatchObject({
      status: 400,
      body: { field: 'interval' },
    });
    expect(await get('/dashboard/api/candles?symbol=bad-symbol')).toMatchObject({
      status: 400,
      body: { field: 'symbol' },
    });
    expect(await get('/dashboard/api/candles?symbol=NOPEUSD&interval=1m')).toMatchObject({
      status: 400,
      body: { code: -1121 },
    });
    expect(await get('/dashboard/api/fills?limit=0')).toMatchObject({ status: 400, body: { field: 'limit' } });
    expect(await get('/dashboard/api/account?mode=real')).toMatchObject({ status: 400, body: { field: 'mode' } });
    const live = await get('/dashboard/api/account?mode=live');
    expect(live.status).toBe(404);
    expect(live.body.error).toMatch(/no live account/);
  });

  it('dashboard routes when listed then are all GET: the dashboard cannot place or cancel orders', async () => {
    const routes = dashboardRoutes(real.app).routes;
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.every((r) => r.method === 'GET')).toBe(true);
    const before = real.journal();
    for (const path of ['/dashboard/api/orders', '/dashboard/api/account']) {
      expect((await server.request(path, { method: 'POST', headers: auth })).status).toBe(404);
      expect((await server.request(path, { method: 'DELETE', headers: auth })).status).toBe(404);
    }
    await get('/dashboard/api/equity?mode=paper&interval=1m');
    expect(real.journal()).toEqual(before);
  });

  it('page when requested then is HTML with a strict content policy, its assets load, and the script compiles', async () => {
    const page = await server.request('/dashboard', { headers: auth });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('id="price-chart"');
    expect(html).not.toContain(TOKEN);
    const library = await server.request('/dashboard/assets/lightweight-charts.js', { headers: auth });
    expect(library.status).toBe(200);
    expect(library.headers.get('content-type')).toContain('javascript');
    expect(await library.text()).toContain('LightweightCharts');
    expect((await server.request('/dashboard/assets/dashboard.css', { headers: auth })).status).toBe(200);
    expect((await server.request('/dashboard/assets/nope.js', { headers: auth })).status).toBe(404);
    expect(() => new vm.Script(dashboardScript)).not.toThrow();
  });
});

describe('dashboard equity after a paper reset', () => {
  let real: RealApp;
  beforeAll(async () => {
    real = await tradedApp();
  });
  afterAll(async () => {
    await real?.close();
  });

  it('equity when the operator reset the paper account then starts at the reset with the starting balances', async () => {
    await real.app.operator.resetPaperAccount();
    const audits = await real.app.store.listAudit(10);
    const reset = audits.find((a) => a.action === 'paper_reset');
    expect(reset).toBeDefined();
    const res = await mountDashboard(real.app).request('/dashboard/api/equity?mode=paper&interval=1h&limit=48', {
      headers: auth,
    });
    const body = (await res.json()) as any;
    expect(body.accountSince).toBe(reset!.time);
    expect(body.points).toHaveLength(1);
    expect(body.points[0]).toEqual({ time: intervalStart('1h', reset!.time), valueUsd: '10000' });
    expect(body.currentValueUsd).toBe('10000');
  });
});
