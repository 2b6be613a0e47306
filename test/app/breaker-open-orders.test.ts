/**
 * Issue 9 item 3: a tripped breaker stops exposure from growing. Attack: a resting LIMIT BUY and a
 * STOP BUY placed before the daily-loss breaker trips keep working after it, and fill.
 * Driven through the MCP tools of the real paper desk while the synthetic market moves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clientOrderIdFor } from '../../src/app/client-order-id.js';
import { Big } from '../../src/model/money.js';
import { deskApp, type DeskApp, type Json } from './desk-app.js';

let d: DeskApp | undefined;
afterEach(async () => {
  await d?.close();
  d = undefined;
});

async function last(d: DeskApp, symbol: string): Promise<Big> {
  return new Big((await d.h.marketData.prices([symbol]))[0]!.price);
}

/** Rests a BUY just under the market and a STOP BUY just over it, then trips the breaker with the fees of a large buy. */
async function ordersThenTrip(d: DeskApp): Promise<{ resting: Json; stop: Json; trippedAt: number }> {
  const eth = await last(d, 'ETHUSD');
  const resting = await d.call('place_order', {
    symbol: 'ETHUSD',
    side: 'BUY',
    order_type: 'LIMIT',
    quantity: '0.1',
    price: eth.times('0.9995').toFixed(2),
    action_id: 'resting-buy',
  });
  const btc = await last(d, 'BTCUSD');
  const stop = await d.call('place_order', {
    symbol: 'BTCUSD',
    side: 'BUY',
    order_type: 'STOP',
    quantity: '0.004',
    stop_price: btc.times('1.0005').toFixed(2),
    price: btc.times('1.01').toFixed(2),
    action_id: 'stop-buy',
  });
  expect([resting.order.status, stop.order.status]).toEqual(['NEW', 'NEW']);
  const big = await d.call('place_order', {
    symbol: 'SOLUSD',
    side: 'BUY',
    order_type: 'MARKET',
    quote_quantity: '3000',
    action_id: 'big-buy',
  });
  expect(big.status).toBe('placed');
  const risk = await d.call('get_risk_status', {});
  expect(risk.breaker.tripped, JSON.stringify(risk)).toBe(true);
  await d.h.desk.trading.settled();
  return { resting, stop, trippedAt: d.h.clock.now() };
}

/** Moves the market minute by minute for up to 12 hours, until both orders have ended. */
async function runMarket(d: DeskApp, ids: string[]): Promise<void> {
  for (let i = 0; i < 12 * 60; i++) {
    const orders = await Promise.all(ids.map((id) => d.h.store.findOrder('paper', clientOrderIdFor(id))));
    if (orders.every((o) => o && !['NEW', 'PARTIALLY_FILLED'].includes(o.status))) return;
    await d.h.advance(60_000);
  }
}

async function fillsAfter(d: DeskApp, ids: string[], time: number) {
  const fills = await Promise.all(
    ids.map((id) => d.h.store.listFills({ mode: 'paper', clientOrderId: clientOrderIdFor(id) })),
  );
  return fills.flat().filter((f) => f.time >= time);
}

describe('orders that add exposure after the daily-loss breaker trips (MCP, real paper desk)', () => {
  it('when BREAKER_OPEN_ORDERS is the default (cancel) then the resting BUY and the STOP BUY are canceled at the trip, journaled with the reason', async () => {
    d = await deskApp({ limits: { maxDailyLossUsd: '1' } });
    const { trippedAt } = await ordersThenTrip(d);
    await runMarket(d, ['resting-buy', 'stop-buy']);
    expect(await fillsAfter(d, ['resting-buy', 'stop-buy'], trippedAt)).toEqual([]);
    for (const id of ['resting-buy', 'stop-buy']) {
      const order = await d.h.store.findOrder('paper', clientOrderIdFor(id));
      expect(order?.status, id).toBe('CANCELED');
      expect(order?.reason, id).toMatch(/daily-loss breaker tripped/);
    }
    expect((await d.h.store.listRiskEvents('paper')).filter((e) => e.kind === 'breaker_canceled_order')).toHaveLength(
      2,
    );
  }, 120_000);

  it('when BREAKER_OPEN_ORDERS=keep then the orders stay open, and when the market reaches them the risk engine refuses them instead of filling them', async () => {
    d = await deskApp({ limits: { maxDailyLossUsd: '1', breakerOpenOrders: 'keep' } });
    const { trippedAt } = await ordersThenTrip(d);
    expect((await d.h.store.findOrder('paper', clientOrderIdFor('resting-buy')))?.status).toBe('NEW');
    await runMarket(d, ['resting-buy', 'stop-buy']);
    expect(await fillsAfter(d, ['resting-buy', 'stop-buy'], trippedAt)).toEqual([]);
    for (const id of ['resting-buy', 'stop-buy']) {
      const order = await d.h.store.findOrder('paper', clientOrderIdFor(id));
      expect(order?.status, id).toBe('CANCELED');
      expect(order?.reason, id).toMatch(/DAILY_LOSS_BREAKER_TRIPPED/);
    }
  }, 120_000);

  it('when the breaker trips then a protective STOP SELL into USD stays open and still executes', async () => {
    d = await deskApp({ limits: { maxDailyLossUsd: '1' }, balances: 'USD:10000,BTC:0.01' });
    const btc = await last(d, 'BTCUSD');
    const stop = await d.call('place_order', {
      symbol: 'BTCUSD',
      side: 'SELL',
      order_type: 'STOP',
      quantity: '0.01',
      stop_price: btc.times('0.9995').toFixed(2),
      price: btc.times('0.99').toFixed(2),
      action_id: 'protect',
    });
    expect(stop.order.status).toBe('NEW');
    await d.call('place_order', {
      symbol: 'SOLUSD',
      side: 'BUY',
      order_type: 'MARKET',
      quote_quantity: '3000',
      action_id: 'big-buy',
    });
    expect((await d.call('get_risk_status', {})).breaker.tripped).toBe(true);
    await runMarket(d, ['protect']);
    expect((await d.h.store.findOrder('paper', clientOrderIdFor('protect')))?.status).toBe('FILLED');
  }, 120_000);
});
