import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { SyntheticMarketData } from '../../src/exchanges/synthetic/synthetic-market-data.js';
import { startFakeExchange, type FakeExchange } from '../../src/fake-exchange/server.js';
import { FrameQueue, signed, withKey } from './wire-client.js';

const START = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('fake exchange websocket streams', () => {
  let fake: FakeExchange;
  const clock = new ManualClock(START);
  const market = new SyntheticMarketData(clock, { symbols: ['BTCUSD', 'ETHUSD'] });
  const sockets: FrameQueue[] = [];

  const open = async (path: string) => {
    const queue = await FrameQueue.open(`${fake.wsUrl}${path}`);
    sockets.push(queue);
    return queue;
  };
  /** Moves the market on and delivers its trades. */
  const tick = (ms = 60_000) => {
    clock.advance(ms);
    return market.pump();
  };

  beforeAll(async () => {
    fake = await startFakeExchange({ clock, marketData: market });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await fake.close();
    await market.close();
  });

  it('raw /ws/<symbol>@trade then trade events with Binance fields as the market trades', async () => {
    const ws = await open('/ws/btcusd@trade');
    expect(tick()).toBeGreaterThan(0);
    const trade = await ws.next((f) => f.e === 'trade');
    expect(trade).toMatchObject({ e: 'trade', s: 'BTCUSD', M: true });
    expect(Object.keys(trade).sort()).toEqual(['E', 'M', 'T', 'e', 'm', 'p', 'q', 's', 't']);
    expect(trade.p).toMatch(/^\d+\.\d{8}$/);
    expect(typeof trade.t).toBe('number');
    expect(typeof trade.m).toBe('boolean');
  });

  it('combined /stream?streams=a/b then {stream, data} frames for bookTicker and partial depth', async () => {
    const ws = await open('/stream?streams=btcusd@bookTicker/ethusd@depth5');
    const book = await ws.next((f) => f.stream === 'btcusd@bookTicker');
    expect(Object.keys(book.data).sort()).toEqual(['A', 'B', 'a', 'b', 's', 'u']);
    expect(book.data.s).toBe('BTCUSD');
    expect(Number(book.data.b)).toBeLessThan(Number(book.data.a));
    const depth = await ws.next((f) => f.stream === 'ethusd@depth5');
    expect(depth.data.bids).toHaveLength(5);
    expect(depth.data.asks).toHaveLength(5);
    expect(typeof depth.data.lastUpdateId).toBe('number');
  });

  it('SUBSCRIBE, LIST_SUBSCRIPTIONS and UNSUBSCRIBE control frames then {result, id} replies, and frames follow the subscription', async () => {
    const ws = await open('/ws');
    ws.send({ method: 'SUBSCRIBE', params: ['ethusd@trade', 'ethusd@kline_1m'], id: 1 });
    expect(await ws.next((f) => f.id === 1)).toEqual({ result: null, id: 1 });
    ws.send({ method: 'LIST_SUBSCRIPTIONS', id: 2 });
    expect(await ws.next((f) => f.id === 2)).toEqual({ result: ['ethusd@trade', 'ethusd@kline_1m'], id: 2 });
    const kline = await ws.next((f) => f.e === 'kline');
    expect(kline.k).toMatchObject({ s: 'ETHUSD', i: '1m', x: false });
    expect(Object.keys(kline.k).sort()).toEqual([
      'B',
      'L',
      'Q',
      'T',
      'V',
      'c',
      'f',
      'h',
      'i',
      'l',
      'n',
      'o',
      'q',
      's',
      't',
      'v',
      'x',
    ]);
    tick();
    await ws.next((f) => f.e === 'trade' && f.s === 'ETHUSD');
    ws.send({ method: 'UNSUBSCRIBE', params: ['ethusd@trade'], id: 3 });
    expect(await ws.next((f) => f.id === 3)).toEqual({ result: null, id: 3 });
    ws.send({ method: 'SUBSCRIBE', params: ['ethusd@nonsense'], id: 4 });
    expect((await ws.next((f) => f.id === 4)).error.code).toBe(2);
  });

  it('user data stream then executionReport NEW and TRADE for a market order, and outboundAccountPosition', async () => {
    const { body } = await withKey(fake, 'POST', '/api/v3/userDataStream');
    const ws = await open(`/ws/${body.listenKey}`);
    const placed = await signed(fake, 'POST', '/api/v3/order', {
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quoteOrderQty: '200',
      newClientOrderId: 'ws-mkt-1',
    });
    expect(placed.status).toBe(200);
    const created = await ws.next((f) => f.e === 'executionReport' && f.c === 'ws-mkt-1' && f.x === 'NEW');
    expect(created).toMatchObject({
      X: 'NEW',
      s: 'BTCUSD',
      S: 'BUY',
      o: 'MARKET',
      i: placed.body.orderId,
      t: -1,
      N: null,
    });
    const trade = await ws.next(
      (f) => f.e === 'executionReport' && f.c === 'ws-mkt-1' && f.x === 'TRADE' && f.X === 'FILLED',
    );
    expect(trade.z).toBe(placed.body.executedQty);
    expect(trade.Z).toBe(placed.body.cummulativeQuoteQty);
    expect(trade.N).toBe('BTC');
    expect(typeof trade.t).toBe('number');
    const position = await ws.next((f) => f.e === 'outboundAccountPosition');
    expect(position.B.map((b: { a: string }) => b.a).sort()).toEqual(['BTC', 'USD']);
  });

  it('resting LIMIT order that the market trades through then a TRADE executionReport from the broker update', async () => {
    const { body } = await withKey(fake, 'POST', '/api/v3/userDataStream');
    const ws = await open(`/ws/${body.listenKey}`);
    const last = Number((await market.prices(['ETHUSD']))[0]!.price);
    const price = (Math.floor(last * 0.999 * 100) / 100).toFixed(2);
    const placed = await signed(fake, 'POST', '/api/v3/order', {
      symbol: 'ETHUSD',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price,
      newClientOrderId: 'ws-rest-1',
    });
    expect(placed.body.status).toBe('NEW');
    for (let i = 0; i < 48 && ws.frames.every((f) => !(f.c === 'ws-rest-1' && f.x === 'TRADE')); i += 1) {
      tick(30 * 60_000);
      expect((await withKey(fake, 'PUT', '/api/v3/userDataStream', { listenKey: body.listenKey })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 5));
    }
    const filled = await ws.next((f) => f.c === 'ws-rest-1' && f.x === 'TRADE');
    expect(filled.m).toBe(true);
    expect(filled.L).toBe(`${price}000000`);
  });

  it('listenKey not kept alive for 60 minutes then listenKeyExpired and no more events', async () => {
    const { body } = await withKey(fake, 'POST', '/api/v3/userDataStream');
    const ws = await open(`/ws/${body.listenKey}`);
    clock.advance(60 * 60_000);
    const placed = await signed(fake, 'POST', '/api/v3/order', {
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quoteOrderQty: '20',
      newClientOrderId: 'ws-late-1',
    });
    expect(placed.status).toBe(200);
    expect(await ws.next((f) => f.e === 'listenKeyExpired')).toMatchObject({ listenKey: body.listenKey });
    expect(ws.frames.some((f) => f.c === 'ws-late-1')).toBe(false);
    expect((await withKey(fake, 'PUT', '/api/v3/userDataStream', { listenKey: body.listenKey })).body.code).toBe(-1125);
  });

  it('listenKey that does not exist then the connection is closed', async () => {
    const ws = await open(`/ws/${'z'.repeat(60)}`);
    expect((await ws.closed).code).toBe(1008);
  });

  it('dropWebsockets then every open connection closes abnormally and is counted', async () => {
    const a = await open('/ws/btcusd@trade');
    const b = await open('/stream?streams=ethusd@bookTicker');
    const dropped = fake.faults.dropWebsockets();
    expect(dropped).toBeGreaterThanOrEqual(2);
    expect((await a.closed).code).toBe(1006);
    expect((await b.closed).code).toBe(1006);
    expect(fake.stats.websocketsDropped).toBe(dropped);
  });
});
