/** A real app (synthetic market, paper, temporary SQLite journal) with a few paper trades, and the dashboard mounted behind its auth. */
import { Hono } from 'hono';
import { dashboardAuth, dashboardRoutes } from '../../src/dashboard/index.js';
import type { App } from '../../src/app/app.js';
import { realApp, type RealApp } from '../support/real-app.js';

export const TOKEN = 'a'.repeat(32) + 'b'.repeat(32);

/** How the lead mounts it: the page and everything under it behind dashboardAuth. */
export function mountDashboard(app: App, token = TOKEN): Hono {
  const server = new Hono();
  server.use('/dashboard', dashboardAuth(token));
  server.use('/dashboard/*', dashboardAuth(token));
  server.route('/', dashboardRoutes(app));
  return server;
}

export async function tradedApp(): Promise<RealApp> {
  const real = await realApp();
  const desk = real.app.desks.paper;
  const place = async (input: Parameters<typeof desk.placeOrder>[0]) => {
    const outcome = await desk.placeOrder(input);
    if (outcome.status !== 'placed') throw new Error(`setup order not placed: ${JSON.stringify(outcome)}`);
    return outcome;
  };
  await place({ symbol: 'BTCUSD', side: 'BUY', orderType: 'MARKET', quantity: '0.01', origin: 'test' });
  await place({ symbol: 'BTCUSD', side: 'BUY', orderType: 'MARKET', quantity: '0.02', origin: 'test' });
  await place({ symbol: 'ETHUSD', side: 'BUY', orderType: 'MARKET', quantity: '0.5', origin: 'test' });
  await place({ symbol: 'BTCUSD', side: 'SELL', orderType: 'MARKET', quantity: '0.005', origin: 'test' });
  const [quote] = await real.app.market.quotes(['BTCUSD']);
  const farBelow = (Math.floor(Number(quote!.price) * 0.5 * 100) / 100).toFixed(2);
  await place({
    symbol: 'BTCUSD',
    side: 'BUY',
    orderType: 'LIMIT',
    quantity: '0.01',
    price: farBelow,
    timeInForce: 'GTC',
    origin: 'test',
  });
  return real;
}
