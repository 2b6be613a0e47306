import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { SyntheticMarketData } from '../../src/exchanges/synthetic/synthetic-market-data.js';
import { startFakeExchange, type FakeExchange } from '../../src/fake-exchange/server.js';
import { sign, signed } from './wire-client.js';

const START = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('fake exchange authentication', () => {
  let fake: FakeExchange;
  const clock = new ManualClock(START);
  const market = new SyntheticMarketData(clock, { symbols: ['BTCUSD'] });

  beforeAll(async () => {
    fake = await startFakeExchange({ clock, marketData: market });
  });
  afterAll(async () => {
    await fake.close();
    await market.close();
  });

  const account = (options: Parameters<typeof signed>[4] = {}) => signed(fake, 'GET', '/api/v3/account', {}, options);

  it('signed request with the right key, signature and timestamp then answers 200', async () => {
    const response = await account();
    expect(response.status).toBe(200);
    expect(response.body.accountType).toBe('SPOT');
  });

  it('signed request without X-MBX-APIKEY then -2014 API-key format invalid (401)', async () => {
    const response = await account({ apiKey: null });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ code: -2014, msg: 'API-key format invalid.' });
  });

  it('signed request with another API key then -2015 (401)', async () => {
    const response = await account({ apiKey: 'x'.repeat(64) });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe(-2015);
  });

  it('signed request signed with another secret then -1022 (400)', async () => {
    const response = await account({ secret: 'wrong-secret' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ code: -1022, msg: 'Signature for this request is not valid.' });
  });

  it('signed request whose signature covers other parameters than sent then -1022', async () => {
    const payload = `timestamp=${clock.now()}`;
    const response = await fetch(
      `${fake.url}/api/v3/account?${payload}&omitZeroBalances=true&signature=${sign(fake.apiSecret, payload)}`,
      { headers: { 'X-MBX-APIKEY': fake.apiKey } },
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).code).toBe(-1022);
  });

  it('signed request without timestamp then -1102 naming timestamp', async () => {
    const response = await fetch(`${fake.url}/api/v3/account?signature=${sign(fake.apiSecret, '')}`, {
      headers: { 'X-MBX-APIKEY': fake.apiKey },
    });
    expect(response.status).toBe(400);
    expect((await response.json()) as any).toEqual({
      code: -1102,
      msg: "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.",
    });
  });

  it('timestamp older than recvWindow (default 5000) then -1021, exactly at the window edge then accepted', async () => {
    expect((await account({ timestamp: clock.now() - 5001 })).body.code).toBe(-1021);
    expect((await account({ timestamp: clock.now() - 5000 })).status).toBe(200);
    expect((await account({ timestamp: clock.now() - 20_000, recvWindow: 30_000 })).status).toBe(200);
  });

  it('timestamp 1000 ms or more ahead of the server then -1021, 999 ms ahead then accepted', async () => {
    const ahead = await account({ timestamp: clock.now() + 1000 });
    expect(ahead.status).toBe(400);
    expect(ahead.body.code).toBe(-1021);
    expect((await account({ timestamp: clock.now() + 999 })).status).toBe(200);
  });

  it('recvWindow above 60000 then refused', async () => {
    const response = await account({ recvWindow: 60_001 });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(-1131);
  });

  it('parameters split between query string and form body then the signature over their plain concatenation is accepted', async () => {
    const query = 'symbol=BTCUSD&side=BUY&type=LIMIT&timeInForce=GTC';
    const body = `quantity=0.001&price=40000.00&newClientOrderId=split-1&timestamp=${clock.now()}`;
    const signature = sign(fake.apiSecret, query + body);
    const response = await fetch(`${fake.url}/api/v3/order/test?${query}`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': fake.apiKey, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `${body}&signature=${signature}`,
    });
    expect(response.status).toBe(200);
    expect((await response.json()) as any).toEqual({});
    const joinedWithAmp = sign(fake.apiSecret, `${query}&${body}`);
    const wrong = await fetch(`${fake.url}/api/v3/order/test?${query}`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': fake.apiKey, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `${body}&signature=${joinedWithAmp}`,
    });
    expect(((await wrong.json()) as any).code).toBe(-1022);
  });

  it('user data stream with the API key only (no signature) then gives a listenKey; with a wrong key then -2015', async () => {
    const ok = await fetch(`${fake.url}/api/v3/userDataStream`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': fake.apiKey },
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).listenKey).toMatch(/^[A-Za-z0-9]{60}$/);
    const bad = await fetch(`${fake.url}/api/v3/userDataStream`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': 'y'.repeat(64) },
    });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as any).code).toBe(-2015);
  });

  it('public endpoint without any key then answers', async () => {
    const response = await fetch(`${fake.url}/api/v3/time`);
    expect((await response.json()) as any).toEqual({ serverTime: clock.now() });
  });
});
