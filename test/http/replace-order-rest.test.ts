/** POST /mcp/actions with replace_order, against the real app (createApp, paper, synthetic market). */
import { afterEach, describe, expect, it } from 'vitest';
import { Big } from '../../src/model/money.js';
import { restDesk, type RestDesk } from '../app/rest-desk.js';

let d: RestDesk | undefined;
afterEach(async () => {
  await d?.close();
  d = undefined;
});

describe('REST replace_order', () => {
  it('trade_order then replace_order in the original envelope: the old order canceled, the new one placed, a repeat is the first result', async () => {
    d = await restDesk({ PAPER_STARTING_BALANCES: 'USD:100000' });
    const p = new Big(await d.lastPrice('BTCUSD'));
    const [rest] = await d.actions([
      {
        action_id: 'rest-limit',
        action: {
          action_type: 'trade_order',
          symbol: 'BTCUSD',
          side: 'BUY',
          order_type: 'LIMIT',
          quantity: '0.01',
          price: p.times('0.9').toFixed(2),
        },
      },
    ]);
    expect(rest, JSON.stringify(rest)).toMatchObject({ status: 'placed', success: true });
    const replace = {
      action_id: 'rest-replace',
      action: {
        action_type: 'replace_order',
        symbol: 'BTCUSD',
        order_id: Number(rest!.order.orderId),
        quantity: '0.02',
        price: p.times('0.91').toFixed(2),
      },
    };
    const [moved] = await d.actions([replace]);
    expect(moved, JSON.stringify(moved)).toMatchObject({
      action_type: 'replace_order',
      status: 'placed',
      success: true,
      duplicate: false,
      client_order_id: 'bma-rest-replace',
      cancel_replace_mode: 'STOP_ON_FAILURE',
      canceled: { status: 'canceled', order: { status: 'CANCELED', orderId: rest!.order.orderId } },
      order: { side: 'BUY', type: 'LIMIT', status: 'NEW' },
    });
    expect(new Big(moved!.order.origQty).eq('0.02')).toBe(true);
    const [repeat] = await d.actions([replace]);
    expect(repeat).toMatchObject({ status: 'placed', duplicate: true, client_order_id: 'bma-rest-replace' });

    const [failed] = await d.actions([
      {
        ...replace,
        action_id: 'rest-replace-2',
        action: { ...replace.action, cancel_replace_mode: 'stop_on_failure' },
      },
    ]);
    expect(failed, JSON.stringify(failed)).toMatchObject({
      status: 'invalid',
      success: false,
      error: { code: 'INVALID_ARGUMENT', field: 'order_id' },
    });
    expect(failed!.error.message).toMatch(/is CANCELED: only an open order/);
  });
});
