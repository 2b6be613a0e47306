/**
 * Cancel-replace on the one road, against the real paper desk (synthetic market on a manual clock,
 * simulated broker, SQLite journal): both halves journaled, STOP_ON_FAILURE placing nothing after a
 * failed cancel, ALLOW_FAILURE, the risk check counting what can end up open, idempotency by action id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ReplaceOrderInput } from '../../src/app/api.js';
import { Big } from '../../src/model/money.js';
import type { RiskLimits } from '../../src/risk/limits.js';
import { paperDesk, type PaperDeskHarness } from '../support/paper-desk.js';

let h: PaperDeskHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function last(h: PaperDeskHarness): Promise<Big> {
  return new Big((await h.marketData.prices(['BTCUSD']))[0]!.price);
}

/** A BUY LIMIT resting 10% under the market. */
async function restingBuy(h: PaperDeskHarness, actionId: string, quantity = '0.01') {
  const p = await last(h);
  const out = await h.desk.trading.placeOrder({
    symbol: 'BTCUSD',
    side: 'BUY',
    orderType: 'LIMIT',
    quantity,
    price: p.times('0.9').toFixed(2),
    actionId,
    origin: 'test',
  });
  expect(out.status, JSON.stringify(out)).toBe('placed');
  expect(out.order?.status).toBe('NEW');
  return out.order!;
}

async function replacement(h: PaperDeskHarness, cancelOrderId: string, extra: Partial<ReplaceOrderInput> = {}) {
  const p = await last(h);
  return {
    symbol: 'BTCUSD',
    side: 'BUY' as const,
    orderType: 'LIMIT' as const,
    quantity: '0.01',
    price: p.times('0.91').toFixed(2),
    cancelOrderId,
    actionId: 'moved-1',
    origin: 'test',
    ...extra,
  };
}

async function openOnVenue(h: PaperDeskHarness) {
  return (await h.desk.broker.openOrders('BTCUSD')).map((o) => o.clientOrderId).sort();
}

async function start(limits: RiskLimits = {}) {
  h = await paperDesk({ balances: 'USD:100000', limits });
  return h;
}

describe('replaceOrder on the one road', () => {
  it('replaceOrder when the order is open then cancels it and places the new one, both journaled, and a retry returns the first outcome', async () => {
    const h = await start();
    const old = await restingBuy(h, 'rest-1');
    const input = await replacement(h, old.orderId!);
    const out = await h.desk.trading.replaceOrder(input);
    expect(out.status, JSON.stringify(out)).toBe('placed');
    expect(out).toMatchObject({ replaceMode: 'STOP_ON_FAILURE', duplicate: false, clientOrderId: 'bma-moved-1' });
    expect(out.canceled).toMatchObject({
      status: 'canceled',
      order: { clientOrderId: old.clientOrderId, status: 'CANCELED' },
    });
    expect(out.order).toMatchObject({ clientOrderId: 'bma-moved-1', status: 'NEW', type: 'LIMIT' });
    expect(new Big(out.order!.price!).eq(input.price!)).toBe(true);
    expect((await h.store.findOrder('paper', old.clientOrderId))?.status).toBe('CANCELED');
    expect((await h.store.findOrder('paper', 'bma-moved-1'))?.orderId).not.toBeNull();
    expect(await openOnVenue(h)).toEqual(['bma-moved-1']);
    const audit = (await h.store.listAudit(10)).find((a) => a.action === 'replace_order');
    expect(audit?.detail).toMatchObject({
      replaced: old.clientOrderId,
      clientOrderId: 'bma-moved-1',
      cancel: 'SUCCESS',
    });

    const again = await h.desk.trading.replaceOrder(input);
    expect(again).toMatchObject({ status: 'placed', duplicate: true, canceled: { status: 'canceled' } });
    expect(await openOnVenue(h)).toEqual(['bma-moved-1']);
    const differs = await h.desk.trading.replaceOrder({
      ...input,
      price: new Big(input.price!).times('0.99').toFixed(2),
    });
    expect(differs.status).toBe('invalid');
    expect(differs.error?.message).toMatch(/action_id: .*differs in price/);
    expect(await openOnVenue(h)).toEqual(['bma-moved-1']);
  });

  it('replaceOrder STOP_ON_FAILURE when the cancel fails then nothing is placed, the new order is journaled REJECTED with why, and the old one is untouched', async () => {
    const h = await start();
    const old = await restingBuy(h, 'rest-1');
    // Gone on the venue while the journal still holds it open: the venue's cancel will fail.
    await h.desk.broker.cancelOrder('BTCUSD', { orderId: old.orderId! });
    const out = await h.desk.trading.replaceOrder(await replacement(h, old.orderId!));
    expect(out.status, JSON.stringify(out)).toBe('rejected');
    expect(out.rejection?.code).toBe(-2022);
    expect(out.canceled).toMatchObject({ status: 'rejected', rejection: { code: -2011, msg: 'Unknown order sent.' } });
    const journaled = await h.store.findOrder('paper', 'bma-moved-1');
    expect(journaled).toMatchObject({ status: 'REJECTED', orderId: null });
    expect(journaled?.reason).toMatch(
      /^-2022 .*-2011 Unknown order sent\..*STOP_ON_FAILURE the new order was not attempted/,
    );
    expect(await openOnVenue(h)).toEqual([]);
    const again = await h.desk.trading.replaceOrder(await replacement(h, old.orderId!));
    expect(again).toMatchObject({ status: 'rejected', duplicate: true, rejection: { code: -2022 } });
    expect(await openOnVenue(h)).toEqual([]);
  });

  it('replaceOrder ALLOW_FAILURE when the cancel fails then the new order is placed anyway and the cancel is reported rejected', async () => {
    const h = await start();
    const old = await restingBuy(h, 'rest-1');
    await h.desk.broker.cancelOrder('BTCUSD', { orderId: old.orderId! });
    const out = await h.desk.trading.replaceOrder(await replacement(h, old.orderId!, { replaceMode: 'ALLOW_FAILURE' }));
    expect(out.status, JSON.stringify(out)).toBe('placed');
    expect(out).toMatchObject({
      replaceMode: 'ALLOW_FAILURE',
      canceled: { status: 'rejected', rejection: { code: -2011 } },
    });
    expect(await openOnVenue(h)).toEqual(['bma-moved-1']);
  });

  it('replaceOrder when old and new together pass MAX_POSITION_SIZE_USD then ALLOW_FAILURE (both may stay open) is denied before anything is sent, and STOP_ON_FAILURE (the old one is certainly gone) passes', async () => {
    // The synthetic market is seeded: a desk opened the same way sees the same price.
    const probe = await paperDesk({ balances: 'USD:100000' });
    const p = await last(probe);
    await probe.close();
    // One 0.01 BTC order fits, two do not.
    const h = await start({ maxPositionSizeUsd: p.times('0.015').toFixed(2) });
    const old = await restingBuy(h, 'rest-1');
    const denied = await h.desk.trading.replaceOrder(
      await replacement(h, old.orderId!, { replaceMode: 'ALLOW_FAILURE', actionId: 'both' }),
    );
    expect(denied.status, JSON.stringify(denied)).toBe('denied');
    expect(denied.denial?.code).toBe('MAX_POSITION_SIZE_EXCEEDED');
    expect(denied.canceled).toEqual({ status: 'not_attempted' });
    expect(await h.store.findOrder('paper', 'bma-both')).toBeUndefined();
    expect(await openOnVenue(h)).toEqual([old.clientOrderId]);
    expect((await h.store.findOrder('paper', old.clientOrderId))?.status).toBe('NEW');
    expect((await h.store.listRiskEvents('paper')).some((e) => e.code === 'MAX_POSITION_SIZE_EXCEEDED')).toBe(true);

    const placed = await h.desk.trading.replaceOrder(await replacement(h, old.orderId!, { actionId: 'one' }));
    expect(placed.status, JSON.stringify(placed)).toBe('placed');
    expect(await openOnVenue(h)).toEqual(['bma-one']);
  });

  it('replaceOrder STOP_ON_FAILURE when the old order is partly filled (it may fill more before the cancel) then its unfilled part still counts in the risk check', async () => {
    const probe = await paperDesk({ balances: 'USD:100000' });
    const book = await probe.marketData.orderBook('BTCUSD', 5);
    await probe.close();
    const ask = book.asks[0]!;
    // Takes the whole best ask level and rests the rest of it: PARTIALLY_FILLED.
    const quantity = new Big(ask[1]).times(2).toFixed(8);
    const bidPrice = new Big(ask[0]);
    const remaining = new Big(quantity).minus(ask[1]);
    // The filled part plus the new order fit; plus the old order's unfilled part they do not.
    const limit = new Big(ask[1]).plus(remaining).times(bidPrice).times('1.2');
    const h = await start({ maxPositionSizeUsd: limit.toFixed(2) });
    const old = await h.desk.trading.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'LIMIT',
      quantity,
      price: ask[0],
      actionId: 'partial',
      origin: 'test',
    });
    expect(old.order?.status, JSON.stringify(old)).toBe('PARTIALLY_FILLED');
    const out = await h.desk.trading.replaceOrder({
      symbol: 'BTCUSD',
      price: bidPrice.times('0.99').toFixed(2),
      cancelOrderId: old.order!.orderId!,
      actionId: 'moved-partial',
      origin: 'test',
    });
    expect(out.status, JSON.stringify(out)).toBe('denied');
    expect(out.denial?.code).toBe('MAX_POSITION_SIZE_EXCEEDED');
    expect((await h.desk.broker.openOrders('BTCUSD')).map((o) => o.clientOrderId)).toEqual([old.clientOrderId]);
  });

  it('replaceOrder when the new order breaks a filter then it is rejected before the cancel: the old order stays open', async () => {
    const h = await start();
    const old = await restingBuy(h, 'rest-1');
    const out = await h.desk.trading.replaceOrder(await replacement(h, old.orderId!, { quantity: '0.000001' }));
    expect(out.status, JSON.stringify(out)).toBe('rejected');
    expect(out.canceled).toEqual({ status: 'not_attempted' });
    expect(await openOnVenue(h)).toEqual([old.clientOrderId]);
  });

  it('replaceOrder when the order is a leg of an OCO, unknown, over or on another symbol then it is invalid, says why, and sends nothing', async () => {
    const h = await start();
    const bought = await h.desk.trading.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quantity: '0.0101',
      actionId: 'buy',
      origin: 'test',
    });
    expect(bought.status).toBe('placed');
    const p = await last(h);
    const oco = await h.desk.trading.placeOco({
      symbol: 'BTCUSD',
      side: 'SELL',
      quantity: '0.01',
      price: p.times('1.05').toFixed(2),
      stopPrice: p.times('0.95').toFixed(2),
      stopLimitPrice: p.times('0.949').toFixed(2),
      actionId: 'oco',
      origin: 'test',
    });
    expect(oco.status).toBe('placed');
    const leg = oco.orders[0]!;
    const onLeg = await h.desk.trading.replaceOrder(
      await replacement(h, leg.orderId!, { side: 'SELL', price: p.times('1.06').toFixed(2) }),
    );
    expect(onLeg.status).toBe('invalid');
    expect(onLeg.error?.message).toMatch(/leg of order list .*cancel_order_list/);
    const unknown = await h.desk.trading.replaceOrder(await replacement(h, '999999', { actionId: 'u' }));
    expect(unknown.error?.message).toMatch(/no paper order 999999 in the journal/);
    const filled = await h.desk.trading.replaceOrder(await replacement(h, bought.order!.orderId!, { actionId: 'f' }));
    expect(filled.error?.message).toMatch(/is FILLED: only an open order/);
    const old = await restingBuy(h, 'rest-1');
    const other = await h.desk.trading.replaceOrder(
      await replacement(h, old.orderId!, { symbol: 'ETHUSD', actionId: 'e' }),
    );
    expect(other.error).toMatchObject({ field: 'symbol' });
    const none = await h.desk.trading.replaceOrder({ ...(await replacement(h, '')), cancelOrderId: undefined });
    expect(none.error).toMatchObject({ field: 'order_id' });
    expect((await h.desk.broker.openOrders('BTCUSD')).length).toBe(3);
    expect(await h.store.findOrder('paper', 'bma-moved-1')).toBeUndefined();
  });
});
