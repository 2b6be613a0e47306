/** replace_order through a real MCP client (in-memory transport) over the real paper desk. */
import { afterEach, describe, expect, it } from 'vitest';
import { Big } from '../../src/model/money.js';
import { deskApp, type DeskApp } from '../app/desk-app.js';

let d: DeskApp | undefined;
afterEach(async () => {
  await d?.close();
  d = undefined;
});

describe('replace_order tool', () => {
  it('replace_order when only the price is given then the order is repriced (same side, type, quantity), the old one canceled, and a retry places nothing new', async () => {
    d = await deskApp({ balances: 'USD:100000' });
    const p = new Big((await d.h.marketData.prices(['BTCUSD']))[0]!.price);
    const rest = await d.call('place_order', {
      symbol: 'BTCUSD',
      side: 'BUY',
      order_type: 'LIMIT',
      quantity: '0.01',
      price: p.times('0.9').toFixed(2),
      action_id: 'mcp-rest',
    });
    expect(rest.status).toBe('placed');
    const args = {
      symbol: 'BTCUSD',
      order_id: rest.order.orderId,
      price: p.times('0.92').toFixed(2),
      action_id: 'mcp-moved',
    };
    const moved = await d.call('replace_order', args);
    expect(moved, JSON.stringify(moved)).toMatchObject({
      status: 'placed',
      duplicate: false,
      clientOrderId: 'bma-mcp-moved',
      canceled: { status: 'canceled', orderId: rest.order.orderId, orderStatus: 'CANCELED' },
      order: { side: 'BUY', type: 'LIMIT', status: 'NEW' },
    });
    expect(new Big(moved.order.origQty).eq('0.01')).toBe(true);
    expect(new Big(moved.order.price).eq(args.price)).toBe(true);
    expect(moved.summary).toMatch(
      /^PAPER STOP_ON_FAILURE: canceled order \d+; new order: placed BUY .* LIMIT, status NEW/,
    );
    const again = await d.call('replace_order', args);
    expect(again).toMatchObject({ status: 'placed', duplicate: true, clientOrderId: 'bma-mcp-moved' });
    expect((await d.h.desk.broker.openOrders('BTCUSD')).map((o) => o.clientOrderId)).toEqual(['bma-mcp-moved']);
  });

  it('replace_order when the order is not open then isError names order_id; a number where a decimal string is listed is still taken exactly', async () => {
    d = await deskApp({ balances: 'USD:100000' });
    const bad = await d.callRaw('replace_order', { symbol: 'BTCUSD', order_id: 424242, price: 1000 });
    expect(bad.isError).toBe(true);
    expect(bad.text).toMatch(/Invalid argument order_id: .*no paper order 424242 in the journal/);
    const typo = await d.callRaw('replace_order', { symbol: 'BTCUSD', order_id: '1', price: '-3' });
    expect(typo.isError).toBe(true);
    expect(typo.text).toMatch(/price.*positive decimal/);

    const p = new Big((await d.h.marketData.prices(['BTCUSD']))[0]!.price);
    const rest = await d.call('place_order', {
      symbol: 'BTCUSD',
      side: 'BUY',
      order_type: 'LIMIT',
      quantity: '0.01',
      price: p.times('0.9').toFixed(2),
    });
    const price = Number(p.times('0.93').toFixed(2));
    const moved = await d.call('replace_order', {
      symbol: 'BTCUSD',
      order_id: Number(rest.order.orderId),
      quantity: 0.02,
      price,
    });
    expect(moved.status, JSON.stringify(moved)).toBe('placed');
    expect(new Big(moved.order.origQty).eq('0.02')).toBe(true);
    expect(new Big(moved.order.price).eq(String(price))).toBe(true);
  });
});
