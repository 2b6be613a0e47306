import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { MarketStreams } from '../../src/exchanges/binance-us/streams.js';
import type { TradeTick } from '../../src/model/market-snapshot.js';

interface Connection {
  url: string;
  socket: WebSocket;
  controls: { method: string; params: string[] }[];
}

let wss: WebSocketServer;
let streams: MarketStreams;
afterEach(async () => {
  await streams?.close();
  await new Promise<void>((resolve) => {
    for (const c of wss?.clients ?? []) c.terminate();
    if (wss) wss.close(() => resolve());
    else resolve();
  });
});

async function serve(): Promise<{ url: string; connections: Connection[] }> {
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const connections: Connection[] = [];
  wss.on('connection', (socket, req) => {
    const connection: Connection = { url: req.url ?? '', socket, controls: [] };
    connections.push(connection);
    socket.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as { method: string; params: string[]; id: number };
      connection.controls.push(frame);
      socket.send(JSON.stringify({ result: null, id: frame.id }));
    });
  });
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, connections };
}

const tradeFrame = (symbol: string, price: string) =>
  JSON.stringify({
    stream: `${symbol.toLowerCase()}@trade`,
    data: { e: 'trade', E: 1, s: symbol, t: 9, p: price, q: '0.5', T: 1700000000000, m: true, M: true },
  });

describe('MarketStreams', () => {
  it('first subscription then connects to /stream with it; later ones go in one batched SUBSCRIBE, the last unsubscribe in an UNSUBSCRIBE', async () => {
    const { url, connections } = await serve();
    streams = new MarketStreams({ streamUrl: url, controlBatchMs: 20 });
    const trades: TradeTick[] = [];
    const stopBtc = streams.subscribeTrades('BTCUSD', (t) => trades.push(t));
    await expect.poll(() => streams.connected).toBe(true);
    expect(connections[0].url).toBe('/stream?streams=btcusd@trade');
    const stopEth = streams.subscribeTrades('ETHUSD', (t) => trades.push(t));
    const stopBook = streams.subscribeBookTicker('ETHUSD', () => undefined);
    await expect.poll(() => connections[0].controls.length).toBe(1);
    expect(connections[0].controls[0]).toMatchObject({
      method: 'SUBSCRIBE',
      params: ['ethusd@trade', 'ethusd@bookTicker'],
    });
    connections[0].socket.send(tradeFrame('BTCUSD', '30000.01'));
    connections[0].socket.send(tradeFrame('ETHUSD', '2000.5'));
    await expect.poll(() => trades.length).toBe(2);
    expect(trades[0]).toEqual({
      symbol: 'BTCUSD',
      price: '30000.01',
      qty: '0.5',
      time: 1700000000000,
      buyerIsMaker: true,
    });
    stopEth();
    stopBook();
    await expect.poll(() => connections[0].controls.length).toBe(2);
    expect(connections[0].controls[1]).toMatchObject({
      method: 'UNSUBSCRIBE',
      params: ['ethusd@trade', 'ethusd@bookTicker'],
    });
    stopBtc();
  });

  it('a dropped connection then reconnects with every stream in use in the URL', async () => {
    const { url, connections } = await serve();
    streams = new MarketStreams({ streamUrl: url, reconnectBaseMs: 20, controlBatchMs: 10 });
    streams.subscribeTrades('BTCUSD', () => undefined);
    streams.subscribeKlines('ETHUSD', '1m', () => undefined);
    await expect.poll(() => connections.length).toBe(1);
    await expect.poll(() => streams.connected).toBe(true);
    connections[0].socket.terminate();
    await expect.poll(() => connections.length, { timeout: 3000 }).toBe(2);
    expect(new URL(connections[1].url, 'ws://x').searchParams.get('streams')?.split('/').sort()).toEqual([
      'btcusd@trade',
      'ethusd@kline_1m',
    ]);
  });

  it('a connection reaching its maximum age then is replaced before the server would cut it', async () => {
    const { url, connections } = await serve();
    streams = new MarketStreams({ streamUrl: url, maxConnectionAgeMs: 150 });
    streams.subscribeDepth('BTCUSD', 5, () => undefined);
    await expect.poll(() => connections.length, { timeout: 3000 }).toBeGreaterThanOrEqual(2);
    expect(connections[1].url).toBe('/stream?streams=btcusd@depth5@100ms');
  });

  it('a server that stops answering pings then gets dropped and replaced', async () => {
    const { url, connections } = await serve();
    streams = new MarketStreams({ streamUrl: url, heartbeatMs: 50, reconnectBaseMs: 10 });
    streams.subscribeTrades('BTCUSD', () => undefined);
    await expect.poll(() => connections.length).toBe(1);
    // ws answers pings by itself; pausing the server socket stops it reading, so no pong comes back.
    (connections[0].socket as unknown as { _socket: { pause(): void } })._socket.pause();
    await expect.poll(() => connections.length, { timeout: 3000 }).toBe(2);
  });
});
