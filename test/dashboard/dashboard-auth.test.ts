import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardAuth } from '../../src/dashboard/index.js';
import { realApp, type RealApp } from '../support/real-app.js';
import { mountDashboard, TOKEN } from './support.js';

describe('dashboardAuth', () => {
  let real: RealApp;
  let server: ReturnType<typeof mountDashboard>;
  beforeAll(async () => {
    real = await realApp();
    server = mountDashboard(real.app);
  });
  afterAll(async () => {
    await real?.close();
  });

  it('API when no token is sent then answers 401 with a bearer challenge', async () => {
    const res = await server.request('/dashboard/api/account');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await res.json()) as any).error).toMatch(/token/);
  });

  it('API when the bearer token is wrong then answers 401', async () => {
    expect(
      (await server.request('/dashboard/api/account', { headers: { Authorization: `Bearer ${TOKEN}x` } })).status,
    ).toBe(401);
    expect(
      (await server.request('/dashboard/api/account', { headers: { Authorization: `Basic ${TOKEN}` } })).status,
    ).toBe(401);
  });

  it('API when the query token is wrong or empty then answers 401', async () => {
    expect((await server.request(`/dashboard/api/account?token=${TOKEN.slice(1)}`)).status).toBe(401);
    expect((await server.request('/dashboard/api/account?token=')).status).toBe(401);
  });

  it('API when the bearer token is right then answers 200; the right token in the query is not accepted', async () => {
    expect(
      (await server.request('/dashboard/api/account', { headers: { Authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(200);
    expect((await server.request(`/dashboard/api/account?token=${TOKEN}`)).status).toBe(401);
  });

  it('page when a browser comes with ?token= then is redirected to the page without it, with a cookie, and gets the dashboard without the token written into it', async () => {
    const first = await server.request(`/dashboard?token=${TOKEN}`, { headers: { Accept: 'text/html' } });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/dashboard');
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const res = await server.request('/dashboard', { headers: { Accept: 'text/html', cookie } });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain(TOKEN);
  });

  it('page when a browser comes without a token then gets a 401 sign-in page that writes no token', async () => {
    const res = await server.request('/dashboard', { headers: { Accept: 'text/html,application/xhtml+xml' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<form method="get"');
    expect(html).not.toContain(TOKEN);
  });

  it('static assets when no token is sent then are served (a script tag cannot send a header), and they hold no data', async () => {
    const script = await server.request('/dashboard/assets/dashboard.js');
    expect(script.status).toBe(200);
    expect(await script.text()).not.toContain(TOKEN);
    expect((await server.request('/dashboard/assets/lightweight-charts.js')).status).toBe(200);
    expect((await server.request('/dashboard/assets/../api/account')).status).toBe(401);
    expect((await server.request('/dashboard/api/assets/x')).status).toBe(401);
  });

  it('dashboardAuth when given an empty token then refuses to be built', () => {
    expect(() => dashboardAuth('')).toThrow(/token/);
  });
});
