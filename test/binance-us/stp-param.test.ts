/** selfTradePreventionMode travels from the live broker's request to the venue (the fake exchange) and is kept on the order. */
import { afterEach, expect, it } from 'vitest';
import { createBinanceUs, type BinanceUsAdapters } from '../../src/exchanges/binance-us/index.js';
import { startFakeExchange, type FakeExchange } from '../../src/fake-exchange/server.js';
import type { Clock } from '../../src/ports/clock.js';

let fake: FakeExchange;
let live: BinanceUsAdapters;
afterEach(async () => {
  await live?.close();
  await fake?.close();
});

it('a live order with selfTradePreventionMode EXPIRE_BOTH then rests at the fake under that mode', async () => {
  const clock: Clock = { now: () => Date.now() };
  fake = await startFakeExchange({ clock });
  live = createBinanceUs({
    baseUrl: fake.url,
    streamUrl: fake.wsUrl,
    clock,
    credentials: { apiKey: fake.apiKey, apiSecret: fake.apiSecret },
    timeoutMs: 3000,
    recvWindow: 1000,
  });
  const bought = await live.broker!.placeOrder({
    clientOrderId: 'stp-0',
    symbol: 'BTCUSD',
    side: 'BUY',
    type: 'MARKET',
    quantity: '0.001',
  });
  expect(bought.order.status).toBe('FILLED');
  const price = (await live.marketData.prices(['BTCUSD']))[0].price;
  const high = (Math.ceil(Number(price) * 1.5 * 100) / 100).toFixed(2);
  await live.broker!.placeOrder({
    clientOrderId: 'stp-1',
    symbol: 'BTCUSD',
    side: 'SELL',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.0005',
    price: high,
    selfTradePreventionMode: 'EXPIRE_BOTH',
  });
  const resting = await fake.broker.openOrders('BTCUSD');
  expect(resting.map((o) => [o.clientOrderId, o.selfTradePreventionMode])).toEqual([['stp-1', 'EXPIRE_BOTH']]);
});
