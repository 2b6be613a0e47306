/**
 * OrderWatch's catch-up after the user-data stream reconnects: what happened while it was down is
 * read by one polling pass; a pass that fails (the venue answering 5xx) is tried again until one
 * succeeds, though the stream is connected again (it will not repeat what it missed).
 */
import { afterEach, expect, it } from 'vitest';
import { OrderWatch, type PushChannel } from '../../src/exchanges/binance-us/order-watch.js';
import type { Order } from '../../src/model/order.js';
import type { OrderUpdate } from '../../src/ports/broker.js';

const watches: OrderWatch[] = [];
afterEach(async () => {
  for (const w of watches.splice(0)) await w.stop();
});

const resting: Order = {
  orderId: '7',
  clientOrderId: 'stop-leg',
  symbol: 'BTCUSD',
  side: 'SELL',
  type: 'STOP_LOSS_LIMIT',
  price: '90000',
  stopPrice: '90100',
  origQty: '0.001',
  executedQty: '0',
  cummulativeQuoteQty: '0',
  status: 'NEW',
  createdAt: 1,
  updatedAt: 1,
};

it('a catch-up pass after a reconnect that fails is tried again while the stream is connected, until the change it missed is read', async () => {
  let state: ((connected: boolean) => void) | undefined;
  const push: PushChannel = (handlers) => {
    state = handlers.state;
    return { stop: async () => undefined };
  };
  // On the venue the order was canceled while the stream was down; the first reads after the reconnect fail.
  let failuresLeft = 2;
  const source = {
    openOrders: async () => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('503 Service Unavailable');
      }
      return [];
    },
    order: async () => ({ ...resting, status: 'CANCELED' as const, updatedAt: 2 }),
    fillsOf: async () => [],
  };
  const watch = new OrderWatch({ source, push, pollIntervalMs: 10 });
  watches.push(watch);
  const updates: OrderUpdate[] = [];
  watch.addListener((u) => updates.push(u));
  state!(true);
  watch.track(resting);
  state!(false);
  state!(true);
  await expect
    .poll(() => updates.map((u) => `${u.order.clientOrderId} ${u.order.status}`), { timeout: 5_000 })
    .toEqual(['stop-leg CANCELED']);
  expect(failuresLeft).toBe(0);
});
