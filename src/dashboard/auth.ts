/**
 * Bearer-token auth for the dashboard. A browser cannot send a header when it loads a page, so the
 * token may also come as `?token=`; the page then moves it into its own Authorization headers and
 * removes it from the address bar. The page's static files (our script and stylesheet, and the
 * open-source chart library) carry no data and pass without a token: a browser fetches them for
 * <script>/<link> tags, which cannot carry a header.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { signInPage } from './page/sign-in.js';

/** Constant-time: both sides are hashed first, so neither length leaks. */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

function bearer(header: string | undefined): string | undefined {
  return header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
}

const PUBLIC_ASSET = /\/dashboard\/assets\/[\w.-]+$/;

export function dashboardAuth(token: string): MiddlewareHandler {
  if (!token) throw new Error('dashboardAuth needs a non-empty token');
  return async (c, next) => {
    if (c.req.method === 'GET' && PUBLIC_ASSET.test(c.req.path)) {
      await next();
      return;
    }
    if (tokenMatches(token, bearer(c.req.header('authorization'))) || tokenMatches(token, c.req.query('token'))) {
      await next();
      return;
    }
    c.header('Cache-Control', 'no-store');
    c.header('WWW-Authenticate', 'Bearer realm="binance-mcp dashboard"');
    if (c.req.method === 'GET' && c.req.path.endsWith('/dashboard') && (c.req.header('accept') ?? '').includes('text/html')) {
      c.header('Content-Security-Policy', "default-src 'none'; script-src 'sha256-" + signInPage.scriptHash + "'; style-src 'unsafe-inline'");
      c.header('Referrer-Policy', 'no-referrer');
      return c.html(signInPage.html, 401);
    }
    return c.json({ error: 'missing or wrong bearer token: send Authorization: Bearer <token> (or ?token= to open the dashboard page)' }, 401);
  };
}
