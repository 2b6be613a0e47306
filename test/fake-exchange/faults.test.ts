import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { SyntheticMarketData } from '../../src/exchanges/synthetic/synthetic-market-data.js';
import { startFakeExchange, type FakeExchange } from '../../src/fake-exchange/server.js';
import { publicGet, signed } from './wire-client.js';

const START = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('fake exchange fault injection', () => {
  let fake: FakeExchange;
  const clock = new ManualClock(START);
  const market = new SyntheticMarketData(clock, { symbols: ['BTCUSD'] });
  let sequence = 0;

  const order = (id: string, options: Parameters<typeof signed>[4] = {}) =>
    signed(
      fake,
      'POST',
      '/api/v3/order',
      { symbol: 'BTCUSD', side: 'BUY', type: 'MARKET', quoteOrderQty: '20', newClientOrderId: id },
      options,
    );
  const lookup = (id: string) => signed(fake, 'GET', '/api/v3/order', { symbol: 'BTCUSD', origClientOrderId: id });
  const nextId = () => `fault-${++sequence}`;

  beforeAll(async () => {
    fake = await startFakeExchange({ clock, marketData: market });
  });
  beforeEach(() => fake.faults.reset());
  afterAll(async () => {
    await fake.close();
    await market.close();
  });

  it('5xx before processing then the client gets 503 -1001 and no order exists', async () => {
    fake.faults.failWith5xx({ next: 1, when: 'before', path: '/api/v3/order' });
    const id = nextId();
    const response = await order(id);
    expect(response.status).toBe(503);
    expect(response.body.code).toBe(-1001);
    expect((await lookup(id)).body.code).toBe(-2013);
  });

  it('5xx after processing then the client gets a 5xx but the order exists, and re-posting its id places a second order, as Binance does once the first is done', async () => {
    fake.faults.failWith5xx({ next: 1, when: 'after', status: 502 });
    const id = nextId();
    const response = await order(id);
    expect(response.status).toBe(502);
    const found = await lookup(id);
    expect(found.status).toBe(200);
    expect(found.body.status).toBe('FILLED');
    const again = await order(id);
    expect(again.status).toBe(200);
    expect(again.body.orderId).not.toBe(found.body.orderId);
    expect(fake.stats.reusedClientIds).toBe(1);
    expect(fake.stats.injected5xxAfterProcessing).toBe(1);
  });

  it('5xx with probability 1 on one path then only that path fails', async () => {
    fake.faults.failWith5xx({ probability: 1, path: '/api/v3/depth', when: 'before' });
    expect((await publicGet(fake, '/api/v3/depth', { symbol: 'BTCUSD', limit: '5' })).status).toBe(503);
    expect((await publicGet(fake, '/api/v3/ping')).status).toBe(200);
  });

  it('timeout after the order was accepted (hang) then no answer arrives, yet the order exists on the exchange', async () => {
    fake.faults.timeoutAfterAccept({ next: 1, mode: 'hang' });
    const id = nextId();
    await expect(order(id, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(fake.stats.acceptedThenTimedOut).toBe(1);
    const found = await lookup(id);
    expect(found.body.clientOrderId).toBe(id);
  });

  it('timeout after the order was accepted (destroy) then the connection resets, yet the order exists', async () => {
    fake.faults.timeoutAfterAccept({ next: 1, mode: 'destroy' });
    const id = nextId();
    await expect(order(id)).rejects.toThrow();
    expect((await lookup(id)).status).toBe(200);
  });

  it('server clock skewed 3 s behind the client then -1021 (timestamp ahead), and a client that resyncs with /api/v3/time succeeds', async () => {
    fake.faults.skewClock(-3000);
    const ahead = await signed(fake, 'GET', '/api/v3/account', {}, { timestamp: clock.now() });
    expect(ahead.body).toEqual({
      code: -1021,
      msg: "Timestamp for this request was 1000ms ahead of the server's time.",
    });
    const { body } = await publicGet(fake, '/api/v3/time');
    expect(body.serverTime).toBe(clock.now() - 3000);
    const resynced = await signed(fake, 'GET', '/api/v3/account', {}, { timestamp: body.serverTime });
    expect(resynced.status).toBe(200);
  });

  it('server clock skewed 6 s ahead of the client then -1021 (outside recvWindow)', async () => {
    fake.faults.skewClock(6000);
    const stale = await signed(fake, 'GET', '/api/v3/account', {}, { timestamp: clock.now() });
    expect(stale.body).toEqual({ code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' });
  });

  it('added latency then every REST answer takes at least that long', async () => {
    fake.faults.addLatency(150);
    const started = performance.now();
    await publicGet(fake, '/api/v3/ping');
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('admin endpoint /__fake/faults then switches faults at runtime, and /__fake/stats reports the counters', async () => {
    const set = await fetch(`${fake.url}/__fake/faults`, {
      method: 'POST',
      body: JSON.stringify({ serverErrors: { next: 2, when: 'before', status: 500 } }),
    });
    expect(set.status).toBe(200);
    expect((await publicGet(fake, '/api/v3/ping')).status).toBe(500);
    expect((await publicGet(fake, '/api/v3/ping')).status).toBe(500);
    expect((await publicGet(fake, '/api/v3/ping')).status).toBe(200);
    const bad = await fetch(`${fake.url}/__fake/faults`, { method: 'POST', body: JSON.stringify({ flood: true }) });
    expect(bad.status).toBe(400);
    const stats = (await (await fetch(`${fake.url}/__fake/stats`)).json()) as any;
    expect(stats.injected5xx).toBe(fake.stats.injected5xx);
    expect(stats.requests).toBeGreaterThan(0);
    const skew = await fetch(`${fake.url}/__fake/faults`, {
      method: 'POST',
      body: JSON.stringify({ clockSkewMs: -2500 }),
    });
    expect(((await skew.json()) as any).clockSkewMs).toBe(-2500);
    expect(fake.serverTime()).toBe(clock.now() - 2500);
  });

  it('fault settings out of range then refused with a message', () => {
    expect(() => fake.faults.failWith5xx({ probability: 2 })).toThrow(/between 0 and 1/);
    expect(() => fake.faults.addLatency(-1)).toThrow(/>= 0/);
  });
});
