/** A client order id is refused only while an order under it is open, as on Binance; the trading service's idempotency by action id stays above. */
import { afterEach, describe, expect, it } from 'vitest';
import { MatchingEngine, type MarketView } from '../../src/exchanges/simulator/matching-engine.js';
import type { OrderRequest } from '../../src/model/order.js';
import { restDesk, type RestDesk } from '../app/rest-desk.js';
import { btcUsd } from './fixtures.js';
import { ManualClock } from './scripted-market-data.js';

const view: MarketView = {
  market: btcUsd(),
  book: { symbol: 'BTCUSD', lastUpdateId: 1, time: 0, bids: [['99', '1']], asks: [['101', '1']] },
  lastPrice: '100',
};
const resting: OrderRequest = {
  clientOrderId: 'same-id',
  symbol: 'BTCUSD',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  quantity: '0.1',
  price: '98',
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('client order ids at the paper venue', () => {
  it('the id of an open order then -2010 Duplicate order sent.; once it is canceled the id places a new order', () => {
    const e = new MatchingEngine({ clock: new ManualClock(), balances: [{ asset: 'USD', free: '100', locked: '0' }] });
    const first = e.place(resting, view).order;
    expect(() => e.place({ ...resting, price: '97' }, view)).toThrow(
      expect.objectContaining({ code: -2010, message: 'Duplicate order sent.' }),
    );
    e.cancel('BTCUSD', { clientOrderId: 'same-id' });
    const second = e.place({ ...resting, price: '97' }, view).order;
    expect(second.orderId).not.toBe(first.orderId);
    expect(second).toMatchObject({ status: 'NEW', price: '97' });
    expect(e.byClientOrderId('same-id')?.orderId).toBe(second.orderId);
    expect(e.order('BTCUSD', { orderId: first.orderId })?.status).toBe('CANCELED');
    // 9.8 of the first order came back at its cancel; the second holds 9.7.
    expect(e.balances()).toEqual([{ asset: 'USD', free: '90.3', locked: '9.7' }]);
  });

  it('the trading service when an action is retried with the same action id then still answers the first order, resting or done', async () => {
    const d: RestDesk = await restDesk();
    cleanups.push(() => d.close());
    const price = Number(await d.lastPrice('BTCUSD'));
    const low = (Math.floor(price * 0.5 * 100) / 100).toFixed(2);
    const limit = { symbol: 'BTCUSD', side: 'BUY', order_type: 'LIMIT', quantity: '0.001', price: low };
    const first = await d.trade('retry-open', limit);
    expect(first.status).toBe('placed');
    const again = await d.trade('retry-open', limit);
    expect(again).toMatchObject({ status: 'placed', duplicate: true });
    expect(again.order.orderId).toBe(first.order.orderId);
    const market = { symbol: 'BTCUSD', side: 'BUY', order_type: 'MARKET', quantity: '0.001' };
    const done = await d.trade('retry-done', market);
    const retried = await d.trade('retry-done', market);
    expect(retried).toMatchObject({ status: 'placed', duplicate: true });
    expect(retried.order.orderId).toBe(done.order.orderId);
    // Bought once: 0.001 BTC less the 0.1 % fee = 0.000999.
    expect(await d.held('BTC')).toBe('0.000999');
  }, 60_000);
});
