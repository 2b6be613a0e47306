/** place_oco, place_bracket, cancel_order_list and get_orders' lists through a real MCP client (in-memory transport) over the real paper desk. */
import { afterEach, describe, expect, it } from 'vitest';
import { Big } from '../../src/model/money.js';
import { deskApp, type DeskApp } from '../app/desk-app.js';

let d: DeskApp | undefined;
afterEach(async () => {
  await d?.close();
  d = undefined;
});

describe('order-list tools', () => {
  it('place_bracket then get_orders shows the list and its legs compactly, then cancel_order_list ends it', async () => {
    d = await deskApp({ balances: 'USD:100000' });
    const p = new Big((await d.h.marketData.prices(['BTCUSD']))[0]!.price);
    const placed = await d.call('place_bracket', {
      symbol: 'BTCUSD',
      side: 'BUY',
      quantity: '0.02',
      take_profit_price: p.times('1.05').toFixed(2),
      stop_price: p.times('0.95').toFixed(2),
      action_id: 'mcp-bracket',
    });
    expect(placed.status).toBe('placed');
    expect(placed.summary).toMatch(/^PAPER: bracket bma-mcp-bracket EXECUTING/);
    const listed = await d.call('get_orders', { open_only: true });
    expect(listed.lists).toHaveLength(1);
    expect(listed.lists[0]).toMatchObject({ id: 'bma-mcp-bracket', kind: 'BRACKET', status: 'EXECUTING' });
    expect(listed.lists[0].orders).toHaveLength(3);
    expect(listed.lists[0].orders[1]).toMatch(/^LIMIT_MAKER SELL .* NEW/);
    const canceled = await d.call('cancel_order_list', { symbol: 'BTCUSD', order_list_id: 'bma-mcp-bracket' });
    expect(canceled.status).toBe('canceled');
    expect(canceled.summary).toMatch(/no take-profit or stop any more/);
  });

  it('place_oco when the price relation is wrong then isError names the field; place_order with trailing_delta on a LIMIT order names trailing_delta', async () => {
    d = await deskApp({ balances: 'USD:100000,BTC:1' });
    const p = new Big((await d.h.marketData.prices(['BTCUSD']))[0]!.price);
    const oco = await d.callRaw('place_oco', {
      symbol: 'BTCUSD',
      side: 'SELL',
      quantity: '0.01',
      price: p.times('0.99').toFixed(2),
      stop_price: p.times('0.95').toFixed(2),
    });
    expect(oco.isError).toBe(true);
    expect(oco.text).toMatch(/price/);
    const trail = await d.callRaw('place_order', {
      symbol: 'BTCUSD',
      side: 'SELL',
      order_type: 'LIMIT',
      quantity: '0.01',
      price: p.times('1.1').toFixed(2),
      trailing_delta: 100,
    });
    expect(trail.isError).toBe(true);
    expect(trail.text).toMatch(/trailing_delta/);
    const ok = await d.call('place_oco', {
      symbol: 'BTCUSD',
      side: 'SELL',
      quantity: '0.01',
      price: p.times('1.05').toFixed(2),
      stop_price: p.times('0.95').toFixed(2),
      trailing_delta: 200,
      action_id: 'mcp-oco',
    });
    expect(ok.status).toBe('placed');
    expect(ok.list.exit).toMatch(/trail 200bps/);
  });
});
