/**
 * What the HTTP server exposes: binding beyond loopback needs explicit ALLOWED_HOSTS and keeps the
 * Host check on; tokens travel in the Authorization header only (the dashboard's browser gets an
 * HttpOnly SameSite=Strict cookie instead), except the original auth_token field of /mcp/actions.
 * No socket beyond loopback is opened: non-loopback binds are checked on the hono app itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { HttpApp } from '../../src/http/app.js';
import { httpApp, serveHttp } from '../../src/compose/http.js';
import { fakeApp } from '../support/fake-app.js';

const token = 'e'.repeat(64);

describe('binding beyond loopback', () => {
  it('ALLOWED_HOSTS when set then is read as lower-case names, IPv6 in brackets; a URL or a port is refused', () => {
    expect(loadConfig({ ALLOWED_HOSTS: 'Trading.LAN, 192.168.1.20,fd00::1' }).allowedHosts).toEqual([
      'trading.lan',
      '192.168.1.20',
      '[fd00::1]',
    ]);
    for (const bad of ['http://trading.lan', 'trading.lan:8000', 'a b'])
      expect(() => loadConfig({ ALLOWED_HOSTS: bad })).toThrow(ConfigError);
    expect(() => loadConfig({ LIVE_CONFIRMATION: 'human' })).toThrow(
      /LIVE_CONFIRMATION="human" is not valid: allowed one of client, code, operator/,
    );
  });

  it('0.0.0.0 when ALLOWED_HOSTS is not given then refuses to start, naming ALLOWED_HOSTS', async () => {
    expect(() => httpApp(fakeApp(), { host: '0.0.0.0', token })).toThrow(/ALLOWED_HOSTS/);
    const started = await serveHttp(fakeApp(), { host: '0.0.0.0', port: 0, token }).catch((error: Error) => error);
    expect(started).toBeInstanceOf(Error);
    expect((started as Error).message).toMatch(/0\.0\.0\.0 is reachable beyond this machine.*ALLOWED_HOSTS/);
  });

  it('a LAN address or :: when ALLOWED_HOSTS is not given then refuses too', () => {
    for (const host of ['192.168.1.20', '::', '[::]', 'trading.lan'])
      expect(() => httpApp(fakeApp(), { host, token })).toThrow(/ALLOWED_HOSTS/);
  });

  it('loopback binds when ALLOWED_HOSTS is not given then start as before', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1'])
      expect(() => httpApp(fakeApp(), { host, token })).not.toThrow();
  });

  describe('0.0.0.0 with ALLOWED_HOSTS=trading.lan', () => {
    let http: HttpApp;
    beforeAll(() => {
      http = httpApp(fakeApp(), { host: '0.0.0.0', token, allowedHosts: ['trading.lan'] });
    });
    afterAll(async () => {
      await http.close();
    });
    const health = (host: string) => http.hono.request('http://x/health', { headers: { host } });

    it('a request whose Host is not allowed then is refused 403 (DNS rebinding)', async () => {
      const refused = await health('evil.example:8000');
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { message: string }).message).toMatch(/Host header refused/);
    });

    it('a request naming the allowed host or localhost then is served', async () => {
      expect((await health('trading.lan:8000')).status).toBe(200);
      expect((await health('127.0.0.1:8000')).status).toBe(200);
    });
  });
});

describe('tokens only in the Authorization header', () => {
  let http: HttpApp;
  beforeAll(() => {
    http = httpApp(fakeApp(), { host: '127.0.0.1', token });
  });
  afterAll(async () => {
    await http.close();
  });
  const get = (path: string, headers: Record<string, string> = {}) =>
    http.hono.request(`http://127.0.0.1:8000${path}`, { headers: { host: '127.0.0.1:8000', ...headers } });

  it('the dashboard JSON API with ?token= then answers 401', async () => {
    const res = await get(`/dashboard/api/overview?token=${token}`);
    expect(res.status).toBe(401);
    expect((await get('/dashboard/api/overview', { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('/mcp and /mcp/contexts with ?token= then answer 401', async () => {
    expect(
      (
        await http.hono.request(`http://127.0.0.1:8000/mcp?token=${token}`, {
          method: 'POST',
          headers: { host: '127.0.0.1:8000', 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await http.hono.request(`http://127.0.0.1:8000/mcp/contexts?token=${token}`, {
          method: 'POST',
          headers: { host: '127.0.0.1:8000', 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(401);
  });

  it('/mcp/actions with auth_token in its JSON body then is still accepted (the original interface)', async () => {
    const res = await http.hono.request('http://127.0.0.1:8000/mcp/actions', {
      method: 'POST',
      headers: { host: '127.0.0.1:8000', 'content-type': 'application/json' },
      body: JSON.stringify({ auth_token: token, actions: [] }),
    });
    expect(res.status).not.toBe(401);
  });

  it('the dashboard page with ?token= then redirects to itself without it and sets an HttpOnly SameSite=Strict cookie that is not the token', async () => {
    const res = await get(`/dashboard?token=${token}&mode=live`, { accept: 'text/html' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard?mode=live');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/dashboard/);
    expect(cookie).not.toContain(token);
    const pair = cookie.split(';')[0]!;
    expect((await get('/dashboard/api/overview', { cookie: pair })).status).toBe(200);
    expect((await get('/dashboard', { cookie: pair, accept: 'text/html' })).status).toBe(200);
    expect((await get('/dashboard/api/overview', { cookie: `${pair}x` })).status).toBe(401);
  });

  it('the dashboard page with a wrong ?token= then signs the browser out instead of falling back on its cookie', async () => {
    const pair = (
      (await get(`/dashboard?token=${token}`, { accept: 'text/html' })).headers.get('set-cookie') ?? ''
    ).split(';')[0]!;
    const res = await get('/dashboard?token=wrong', { accept: 'text/html', cookie: pair });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });

  it('the dashboard cookie on the MCP and REST endpoints then is not a credential', async () => {
    const pair = (
      (await get(`/dashboard?token=${token}`, { accept: 'text/html' })).headers.get('set-cookie') ?? ''
    ).split(';')[0]!;
    const res = await http.hono.request('http://127.0.0.1:8000/mcp/contexts', {
      method: 'POST',
      headers: { host: '127.0.0.1:8000', cookie: pair, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });
});
