/** POST /mcp/actions with oco_order, bracket_order and cancel_order_list, against the real app (createApp, paper, synthetic market). */
import { afterEach, describe, expect, it } from 'vitest';
import { Big } from '../../src/model/money.js';
import { restDesk, type RestDesk } from '../app/rest-desk.js';

let d: RestDesk | undefined;
afterEach(async () => {
  await d?.close();
  d = undefined;
});

describe('REST order lists', () => {
  it('bracket_order then oco_order then cancel_order_list in the original envelope', async () => {
    d = await restDesk({ PAPER_STARTING_BALANCES: 'USD:100000' });
    const p = new Big(await d.lastPrice('BTCUSD'));
    const [bracket] = await d.actions([
      {
        action_id: 'rest-bracket',
        action: {
          action_type: 'bracket_order',
          symbol: 'BTCUSD',
          side: 'BUY',
          quantity: '0.02',
          take_profit_price: p.times('1.05').toFixed(2),
          stop_price: p.times('0.95').toFixed(2),
        },
      },
    ]);
    expect(bracket, JSON.stringify(bracket)).toMatchObject({
      action_type: 'bracket_order',
      status: 'placed',
      success: true,
    });
    expect(bracket!.list.kind).toBe('BRACKET');
    expect(bracket!.orders.map((o: { type: string }) => o.type)).toEqual(['MARKET', 'LIMIT_MAKER', 'STOP_LOSS_LIMIT']);

    const [bad] = await d.actions([
      {
        action_id: 'rest-oco-bad',
        action: {
          action_type: 'oco_order',
          symbol: 'BTCUSD',
          side: 'SELL',
          quantity: '0.001',
          price: p.times('0.9').toFixed(2),
          stop_price: p.times('0.8').toFixed(2),
        },
      },
    ]);
    expect(bad).toMatchObject({
      status: 'invalid',
      success: false,
      error: { code: 'INVALID_ARGUMENT', field: 'price' },
    });

    const [canceled] = await d.actions([
      {
        action_id: 'rest-cancel',
        action: { action_type: 'cancel_order_list', symbol: 'BTCUSD', order_list_id: bracket!.list_client_order_id },
      },
    ]);
    expect(canceled).toMatchObject({ action_type: 'cancel_order_list', status: 'canceled', success: true });
    expect(canceled!.list.status).toBe('CANCELED');
    expect(canceled!.note).toMatch(/no take-profit or stop/);
  });
});
