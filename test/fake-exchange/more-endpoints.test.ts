/** The endpoints and streams clients of Binance.US use beyond the ones our own client calls. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { SyntheticMarketData } from '../../src/exchanges/synthetic/synthetic-market-data.js';
import { startFakeExchange, type FakeExchange } from '../../src/fake-exchange/server.js';
import { FrameQueue, publicGet } from './wire-client.js';

// Real sockets and timers on a shared 2-core machine: room beyond vitest's 5 s default.
vi.setConfig({ testTimeout: 30_000 });

const START = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('fake exchange: more endpoints and streams', () => {
  let fake: FakeExchange;
  const clock = new ManualClock(START);
  const market = new SyntheticMarketData(clock, { symbols: ['BTCUSD', 'ETHUSD'] });
  const sockets: FrameQueue[] = [];
  const tick = (ms = 60_000) => {
    clock.advance(ms);
    return market.pump();
  };

  beforeAll(async () => {
    fake = await startFakeExchange({ clock, marketData: market });
    for (let i = 0; i < 5; i += 1) tick(1000);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await fake.close();
    await market.close();
  });

  it('GET /api/v3/trades and /api/v3/aggTrades then the recent tape, ids ascending, Binance fields', async () => {
    const trades = await publicGet(fake, '/api/v3/trades', { symbol: 'BTCUSD', limit: '3' });
    expect(trades.status).toBe(200);
    expect(trades.body).toHaveLength(3);
    expect(Object.keys(trades.body[0]).sort()).toEqual([
      'id',
      'isBestMatch',
      'isBuyerMaker',
      'price',
      'qty',
      'quoteQty',
      'time',
    ]);
    expect(trades.body[1].id).toBe(trades.body[0].id + 1);
    const agg = await publicGet(fake, '/api/v3/aggTrades', {
      symbol: 'BTCUSD',
      fromId: String(trades.body[0].id),
      limit: '2',
    });
    expect(agg.body.map((a: { a: number }) => a.a)).toEqual([trades.body[0].id, trades.body[1].id]);
    expect(Object.keys(agg.body[0]).sort()).toEqual(['M', 'T', 'a', 'f', 'l', 'm', 'p', 'q']);
    expect(
      (
        await publicGet(fake, '/api/v3/aggTrades', {
          symbol: 'BTCUSD',
          startTime: String(START),
          endTime: String(START + 2 * 3_600_000),
        })
      ).body.code,
    ).toBe(-1127);
  });

  it('GET /api/v3/ticker (rolling window) then statistics over windowSize, FULL or MINI, and a bad window refused', async () => {
    const full = await publicGet(fake, '/api/v3/ticker', { symbol: 'BTCUSD', windowSize: '1h' });
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({
      symbol: 'BTCUSD',
      closeTime: fake.serverTime(),
      openTime: fake.serverTime() - 3_600_000,
    });
    expect(Number(full.body.highPrice)).toBeGreaterThanOrEqual(Number(full.body.lowPrice));
    const mini = await publicGet(fake, '/api/v3/ticker', { symbols: '["BTCUSD","ETHUSD"]', type: 'MINI' });
    expect(mini.body.map((t: { symbol: string }) => t.symbol)).toEqual(['BTCUSD', 'ETHUSD']);
    expect(mini.body[0].priceChange).toBeUndefined();
    expect((await publicGet(fake, '/api/v3/ticker', { symbol: 'BTCUSD', windowSize: '8d' })).body.code).toBe(-1100);
  });

  it('GET /api/v3/uiKlines then the klines layout', async () => {
    const ui = await publicGet(fake, '/api/v3/uiKlines', { symbol: 'BTCUSD', interval: '1m', limit: '2' });
    const plain = await publicGet(fake, '/api/v3/klines', { symbol: 'BTCUSD', interval: '1m', limit: '2' });
    expect(ui.body).toEqual(plain.body);
    expect(ui.body[0]).toHaveLength(12);
  });

  it('aggTrade, miniTicker, ticker and diff-depth streams then their events, on one combined connection that stays open', async () => {
    const ws = await FrameQueue.open(
      `${fake.wsUrl}/stream?streams=btcusd@aggTrade/btcusd@miniTicker/btcusd@ticker/btcusd@depth@100ms`,
    );
    sockets.push(ws);
    expect(tick()).toBeGreaterThan(0);
    const agg = await ws.next((f) => f.stream === 'btcusd@aggTrade');
    expect(agg.data).toMatchObject({ e: 'aggTrade', s: 'BTCUSD' });
    expect((await ws.next((f) => f.stream === 'btcusd@miniTicker')).data).toMatchObject({
      e: '24hrMiniTicker',
      s: 'BTCUSD',
    });
    expect((await ws.next((f) => f.stream === 'btcusd@ticker')).data).toMatchObject({ e: '24hrTicker', s: 'BTCUSD' });
    const depth = (await ws.next((f) => f.stream === 'btcusd@depth@100ms')).data;
    expect(depth).toMatchObject({ e: 'depthUpdate', s: 'BTCUSD' });
    expect(depth.u).toBeGreaterThanOrEqual(depth.U);
    ws.send({ method: 'SUBSCRIBE', params: ['ethusd@aggTrade', 'ethusd@depth'], id: 7 });
    expect(await ws.next((f) => f.id === 7)).toEqual({ result: null, id: 7 });
  });
});
