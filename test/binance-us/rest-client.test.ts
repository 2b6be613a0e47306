import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiter, type Permit } from '../../src/exchanges/binance-us/rate-limiter.js';
import { BinanceRestClient, TransportError } from '../../src/exchanges/binance-us/rest-client.js';
import { ExchangeRejection } from '../../src/model/errors.js';
import { startTinyServer, type TinyResponse, type TinyServer } from './tiny-server.js';

const realClock = { now: () => Date.now() };
const creds = { apiKey: 'test-key-0123456789', apiSecret: 'test-secret-abcdefghijklmnop' };
let server: TinyServer;
afterEach(async () => {
  await server?.close();
});

function client(extra: Partial<ConstructorParameters<typeof BinanceRestClient>[0]> = {}): BinanceRestClient {
  return new BinanceRestClient({
    baseUrl: server.url,
    clock: realClock,
    credentials: creds,
    retryBaseMs: 10,
    timeoutMs: 2000,
    ...extra,
  });
}

/** Counts the permits it issues and, per storm (the test server's x-test-storm header), how many it had issued when the client first read that storm's 429. */
class WatchedLimiter extends RateLimiter {
  private issued = 0;
  private readonly seen = new Map<number, number>();

  override async acquire(weight: number, orders = 0): Promise<Permit> {
    const permit = await super.acquire(weight, orders);
    this.issued += 1;
    return permit;
  }

  override settle(permit: Permit, headers?: Headers, retryAfterMs?: number): void {
    const storm = Number(headers?.get('x-test-storm') ?? 0);
    if (retryAfterMs !== undefined && storm > 0 && !this.seen.has(storm)) this.seen.set(storm, this.issued);
    super.settle(permit, headers, retryAfterMs);
  }

  /** Requests sent before the client read this storm's 429: all issued so far while it has not read one. */
  permitsSentBefore(storm: number): number {
    return this.seen.get(storm) ?? this.issued;
  }
}

describe('BinanceRestClient', () => {
  it('signed request when the exchange clock falls 3 s behind then gets -1021, resyncs and succeeds', async () => {
    server = await startTinyServer(creds);
    server.route('GET', '/api/v3/account', () => ({ body: { balances: [] } }));
    const rest = client();
    await rest.signedGet('/api/v3/account', undefined, 10);
    expect(Math.abs(rest.timeOffsetMs)).toBeLessThan(500);
    server.skewMs = -3000;
    await expect(rest.signedGet('/api/v3/account', undefined, 10)).resolves.toEqual({ balances: [] });
    expect(rest.timeOffsetMs).toBeLessThan(-2500);
    const statuses = server.requests.map((r) => r.path);
    expect(statuses.filter((p) => p === '/api/v3/time')).toHaveLength(2);
    expect(statuses.filter((p) => p === '/api/v3/account')).toHaveLength(3);
  });

  it('signed request when -1021 persists after one resync then rejects with -1021 instead of looping', async () => {
    server = await startTinyServer(creds);
    server.route('GET', '/api/v3/account', () => ({
      status: 400,
      body: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' },
    }));
    await expect(client().signedGet('/api/v3/account', undefined, 10)).rejects.toMatchObject({
      name: 'ExchangeRejection',
      code: -1021,
    });
    expect(server.requests.filter((r) => r.path === '/api/v3/account')).toHaveLength(2);
  });

  it('GET when the exchange answers 503 twice then retries with back-off and returns the third answer', async () => {
    server = await startTinyServer();
    let calls = 0;
    server.route('GET', '/api/v3/ping', () =>
      ++calls <= 2 ? { status: 503, body: { code: -1001, msg: 'Internal error' } } : { body: {} },
    );
    await expect(client().get('/api/v3/ping', undefined, 1)).resolves.toEqual({});
    expect(calls).toBe(3);
  });

  it('GET when the exchange never answers then gives up after the retries with a timeout TransportError', async () => {
    server = await startTinyServer();
    server.route('GET', '/api/v3/ping', () => ({ hang: true }));
    const error = await client({ timeoutMs: 100, readRetries: 1 })
      .get('/api/v3/ping', undefined, 1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).kind).toBe('timeout');
    expect(server.requests).toHaveLength(2);
  });

  it('signed write when the exchange answers 500 then is not resent and throws TransportError', async () => {
    server = await startTinyServer(creds);
    server.route('POST', '/api/v3/order', () => ({ status: 500, body: { code: -1000, msg: 'oops' } }));
    await expect(client().signedWrite('POST', '/api/v3/order', { symbol: 'BTCUSD' }, 1, 1)).rejects.toBeInstanceOf(
      TransportError,
    );
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('a 4xx with a Binance error body then throws ExchangeRejection with its code and message', async () => {
    server = await startTinyServer();
    server.route('GET', '/api/v3/depth', () => ({ status: 400, body: { code: -1121, msg: 'Invalid symbol.' } }));
    const error = await client()
      .get('/api/v3/depth', { symbol: 'NOPE' }, 1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeRejection);
    expect(error).toMatchObject({ code: -1121, message: 'Invalid symbol.' });
  });

  it('a 429 storm then every request in flight and queued waits out Retry-After and the exchange never answers 418', async () => {
    server = await startTinyServer();
    // "In flight" by order of events, not by time: a request reaching the server during a block is
    // forgiven when the client had sent it before it read that storm's 429 (the permits it had
    // issued by then); any later one would earn a 418.
    const limiter = new WatchedLimiter({ clock: realClock });
    let blockedUntil = 0;
    let storm = 0;
    let arrivals = 0;
    let violations = 0;
    let storms = 3;
    server.route('GET', '/api/v3/ticker/price', (req): TinyResponse => {
      arrivals += 1;
      if (req.at < blockedUntil) {
        if (arrivals > limiter.permitsSentBefore(storm)) violations += 1;
        return {
          status: violations > 0 ? 418 : 429,
          headers: { 'retry-after': String(Math.ceil((blockedUntil - req.at) / 1000)), 'x-test-storm': String(storm) },
          body: { code: -1003, msg: 'Too much request weight used.' },
        };
      }
      if (storms > 0) {
        storms -= 1;
        storm += 1;
        blockedUntil = req.at + 1000;
        return {
          status: 429,
          headers: { 'retry-after': '1', 'x-mbx-used-weight-1m': '1250', 'x-test-storm': String(storm) },
          body: { code: -1003, msg: 'Too much request weight used.' },
        };
      }
      return { body: { symbol: 'BTCUSD', price: '1.0' } };
    });
    const rest = client({ limiter });
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => rest.get('/api/v3/ticker/price', { symbol: 'BTCUSD' }, 1)),
    );
    expect(answers).toHaveLength(8);
    expect(violations).toBe(0);
    expect(server.requests.length).toBeGreaterThan(8);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    expect(limiter.stats().backOffs).toBeGreaterThanOrEqual(3);
  }, 20_000);

  it('a unique secret never appears in thrown errors or log output, whatever fails', async () => {
    const canary = `canary-secret-${Math.random().toString(36).slice(2)}-${Date.now()}`;
    const key = `canary-key-${Math.random().toString(36).slice(2)}`;
    server = await startTinyServer({ apiKey: key, apiSecret: canary });
    let logged = '';
    const logger = pino(
      { level: 'trace' },
      new Writable({
        write(chunk, _enc, cb) {
          logged += chunk.toString();
          cb();
        },
      }),
    );
    server.route('GET', '/api/v3/account', () => ({
      status: 400,
      body: { code: -2015, msg: `Invalid API-key ${key} or secret ${canary}` },
    }));
    server.route('GET', '/api/v3/openOrders', () => ({ status: 503, body: `upstream ${canary} failed` }));
    server.route('POST', '/api/v3/order', () => ({ hang: true }));
    server.route('GET', '/api/v3/myTrades', () => ({
      status: 400,
      body: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' },
    }));
    const rest = new BinanceRestClient({
      baseUrl: server.url,
      clock: realClock,
      credentials: { apiKey: key, apiSecret: canary },
      logger,
      retryBaseMs: 5,
      timeoutMs: 150,
      readRetries: 1,
    });
    const wrongSecret = new BinanceRestClient({
      baseUrl: server.url,
      clock: realClock,
      credentials: { apiKey: key, apiSecret: `${canary}-x` },
      logger,
    });
    const failures = await Promise.all(
      [
        rest.signedGet('/api/v3/account', undefined, 10),
        rest.signedGet('/api/v3/openOrders', undefined, 40),
        rest.signedWrite('POST', '/api/v3/order', { symbol: 'BTCUSD' }, 1, 1),
        rest.signedGet('/api/v3/myTrades', { symbol: 'BTCUSD' }, 10),
        wrongSecret.signedGet('/api/v3/account', undefined, 10),
        new BinanceRestClient({
          baseUrl: 'http://127.0.0.1:1',
          clock: realClock,
          credentials: { apiKey: key, apiSecret: canary },
          logger,
          readRetries: 0,
        }).signedGet('/x', undefined, 1),
      ].map((p) =>
        p.then(
          () => undefined,
          (e: unknown) => e as Error,
        ),
      ),
    );
    expect(failures.every((e) => e instanceof Error)).toBe(true);
    const everything =
      failures.map((e) => `${e?.name} ${e?.message} ${e?.stack} ${JSON.stringify(e)}`).join('\n') +
      logged +
      JSON.stringify(rest) +
      String(rest);
    expect(logged.length).toBeGreaterThan(0);
    expect(everything).not.toContain(canary);
    expect(everything).not.toContain(key);
    expect(everything).toContain('[redacted]');
  });
});
