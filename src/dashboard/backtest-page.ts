/** GET /dashboard/backtests/<id>: a journaled backtest's report (the same page the CLI writes with --report). */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { App } from '../app/app.js';
import type { BacktestResult } from '../backtest/result.js';
import { renderBacktestReport } from '../backtest/report/html.js';

const ID = /^bt_[A-Za-z0-9_-]{1,40}$/;

export async function backtestPage(app: App, c: Context): Promise<Response> {
  const id = c.req.param('id') ?? '';
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  if (!ID.test(id))
    return c.json({ error: 'a backtest id looks like bt_ followed by letters, digits, _ or -', field: 'id' }, 400);
  const run = await app.backtests.get(id);
  if (!run) return c.json({ error: `no backtest ${id} in the journal` }, 404);
  const nonce = randomBytes(16).toString('base64');
  c.header(
    'Content-Security-Policy',
    [
      "default-src 'none'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'unsafe-inline'",
      "img-src 'self' data:",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  );
  return c.html(
    renderBacktestReport(id, run.result as BacktestResult, {
      libraryUrl: '/dashboard/assets/lightweight-charts.js',
      nonce,
    }),
  );
}
