/**
 * Auth for the dashboard. Scripts and the JSON API authenticate with `Authorization: Bearer <token>`
 * or with the dashboard cookie; a token in a URL is not accepted there (URLs end up in history,
 * logs and Referer headers). A browser cannot send a header when it loads a page, so the page alone
 * takes `?token=` once: it answers with a redirect to the same page without the token, setting the
 * cookie. The cookie is HttpOnly (page scripts never hold it), SameSite=Strict (no other site's page
 * can make the browser send it), scoped to /dashboard (it is no credential for /mcp or the REST
 * endpoints), and its value is derived from the token rather than the token itself.
 * The page's static files (our script and stylesheet, and the open-source chart library) carry no
 * data and pass without a token: a browser fetches them for <script>/<link> tags.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { signInPage } from './page/sign-in.js';

export const DASHBOARD_COOKIE = 'binance-mcp-dashboard';

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

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

const PUBLIC_ASSET = /\/dashboard\/assets\/[\w.-]+$/;

function isPage(c: Context): boolean {
  return c.req.method === 'GET' && /\/dashboard(\/analytics)?\/?$/.test(c.req.path);
}

export function dashboardAuth(token: string): MiddlewareHandler {
  if (!token) throw new Error('dashboardAuth needs a non-empty token');
  const sessionValue = createHmac('sha256', token).update('binance-mcp dashboard cookie v1').digest('base64url');
  return async (c, next) => {
    if (c.req.method === 'GET' && PUBLIC_ASSET.test(c.req.path)) {
      await next();
      return;
    }
    const offered = isPage(c) ? c.req.query('token') : undefined;
    if (offered !== undefined && tokenMatches(token, offered)) {
      const url = new URL(c.req.url);
      url.searchParams.delete('token');
      const secure = url.protocol === 'https:' ? '; Secure' : '';
      c.header('Cache-Control', 'no-store');
      c.header('Referrer-Policy', 'no-referrer');
      c.header(
        'Set-Cookie',
        `${DASHBOARD_COOKIE}=${sessionValue}; Path=/dashboard; HttpOnly; SameSite=Strict${secure}`,
      );
      return c.redirect(`${url.pathname}${url.search}`, 303);
    }
    // A wrong token offered on the page signs this browser out rather than falling back on its cookie.
    if (offered !== undefined)
      c.header('Set-Cookie', `${DASHBOARD_COOKIE}=; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=0`);
    else if (
      tokenMatches(token, bearer(c.req.header('authorization'))) ||
      tokenMatches(sessionValue, cookieValue(c.req.header('cookie'), DASHBOARD_COOKIE))
    ) {
      await next();
      return;
    }
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('WWW-Authenticate', 'Bearer realm="binance-mcp dashboard"');
    if (isPage(c) && (c.req.header('accept') ?? '').includes('text/html')) {
      c.header('Content-Security-Policy', signInPage.policy);
      return c.html(signInPage.html, 401);
    }
    return c.json(
      {
        error:
          'missing or wrong token: send Authorization: Bearer <token> (in a browser, open /dashboard?token=<token> once: it sets a cookie)',
      },
      401,
    );
  };
}
