/** The dashboard's orders view lists open OCOs and brackets with their legs. */
import { afterEach, expect, it } from 'vitest';
import { openOrders } from '../../src/dashboard/views.js';
import { Big } from '../../src/model/money.js';
import { paperDesk, type PaperDeskHarness } from '../support/paper-desk.js';

let h: PaperDeskHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

it('orders view when a bracket protects its fill then shows the bracket with its entry and both legs', async () => {
  h = await paperDesk({ balances: 'USD:100000' });
  const p = new Big((await h.marketData.prices(['BTCUSD']))[0]!.price);
  await h.desk.trading.placeBracket({
    symbol: 'BTCUSD',
    side: 'BUY',
    quantity: '0.02',
    takeProfitPrice: p.times('1.05').toFixed(2),
    stopPrice: p.times('0.95').toFixed(2),
    actionId: 'dash',
    origin: 'test',
  });
  const view = await openOrders(h.desk.trading);
  expect(view.orders.map((o) => o.type).sort()).toEqual(['LIMIT_MAKER', 'STOP_LOSS_LIMIT']);
  expect(view.lists).toHaveLength(1);
  expect(view.lists[0]).toMatchObject({ id: 'bma-dash', kind: 'BRACKET', status: 'EXECUTING' });
  expect(view.lists[0]!.legs).toHaveLength(3);
  expect(view.lists[0]!.legs[0]).toMatch(/^MARKET BUY 0.02 FILLED/);
});
