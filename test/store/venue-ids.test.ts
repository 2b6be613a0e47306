/**
 * Order and trade ids of the paper exchange come from a journal sequence: unique for the life of
 * the journal, across restarts, crashes, paper resets and processes sharing one journal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Big } from '../../src/model/money.js';
import type { Store } from '../../src/ports/store.js';
import { openStore } from '../../src/store/index.js';
import { paperDesk, type PaperDeskHarness } from '../support/paper-desk.js';

const root = mkdtempSync(join(tmpdir(), 'venue-ids-'));
let counter = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

const open: PaperDeskHarness[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
  for (const s of stores.splice(0)) await s.close();
});

async function journal(): Promise<string> {
  return `sqlite:${join(root, `ids-${++counter}.db`)}`;
}

/** One "process": its own connection to the journal file and its own paper exchange rebuilt from it. */
async function start(url: string): Promise<PaperDeskHarness> {
  const store = await openStore({ url, dataDir: root });
  stores.push(store);
  const h = await paperDesk({ store });
  open.push(h);
  return h;
}

async function stop(h: PaperDeskHarness): Promise<void> {
  open.splice(open.indexOf(h), 1);
  await h.close();
  const store = stores.splice(stores.indexOf(h.store), 1)[0]!;
  await store.close();
}

const buy = (h: PaperDeskHarness, quantity = '0.01') =>
  h.desk.trading.placeOrder({ symbol: 'BTCUSD', side: 'BUY', orderType: 'MARKET', quantity, origin: 'test' });

/** Every journaled order id used once; every FILLED order's fills all journaled. */
async function expectJournalTrue(url: string): Promise<void> {
  const store = await openStore({ url, dataDir: root });
  try {
    const orders = await store.listOrders({ mode: 'paper', limit: 10_000 });
    const ids = orders.map((o) => o.orderId).filter((id): id is string => id !== null);
    expect(new Set(ids).size, `order ids ${ids.join(',')}`).toBe(ids.length);
    const fills = await store.listFills({ mode: 'paper', limit: 100_000 });
    const tradeIds = fills.map((f) => f.tradeId);
    expect(new Set(tradeIds).size).toBe(tradeIds.length);
    for (const order of orders.filter((o) => o.status === 'FILLED')) {
      const own = fills.filter((f) => f.clientOrderId === order.clientOrderId);
      const qty = own.reduce((sum, f) => sum.plus(f.qty), new Big(0));
      expect(qty.eq(order.executedQty), `${order.clientOrderId}: fills ${qty.toFixed()} of ${order.executedQty}`).toBe(
        true,
      );
    }
  } finally {
    await store.close();
  }
}

describe('paper exchange ids from the journal sequence', () => {
  it('restart when the newest journaled order is a rejected intent without an id then no order id is handed out twice', async () => {
    const url = await journal();
    const first = await start(url);
    const filled = await buy(first);
    expect(filled.order?.status).toBe('FILLED');
    const rejected = await buy(first, '5');
    expect(rejected.status).toBe('rejected');
    expect(rejected.order?.orderId).toBeNull();
    await stop(first);

    const second = await start(url);
    const next = await buy(second);
    expect(next.order?.status).toBe('FILLED');
    expect(next.order?.orderId).not.toBe(filled.order?.orderId);
    expect(next.fills.map((f) => f.tradeId).filter((id) => filled.fills.some((f) => f.tradeId === id))).toEqual([]);
    await stop(second);
    await expectJournalTrue(url);
  });

  it('restart after a crash between the intent and the venue answer then no order id is handed out twice', async () => {
    const url = await journal();
    const first = await start(url);
    const filled = await buy(first);
    // The crash: the intent is journaled, the process dies before the venue's answer is.
    await first.store.recordIntent({
      mode: 'paper',
      orderId: null,
      clientOrderId: 'lost-in-crash',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      origQty: '0.01',
      executedQty: '0',
      cummulativeQuoteQty: '0',
      status: 'PENDING',
      origin: 'test',
      createdAt: first.clock.now() + 1,
      updatedAt: first.clock.now() + 1,
    });
    await stop(first);

    const second = await start(url);
    expect((await second.store.findOrder('paper', 'lost-in-crash'))?.status).toBe('EXPIRED');
    const next = await buy(second);
    expect(next.order?.orderId).not.toBe(filled.order?.orderId);
    await stop(second);
    await expectJournalTrue(url);
  });

  it('two processes on one journal then their orders and fills never share an id', async () => {
    const url = await journal();
    const a = await start(url);
    const b = await start(url);
    const outcomes = [];
    for (let i = 0; i < 3; i += 1) outcomes.push(await buy(a), await buy(b));
    expect(outcomes.every((o) => o.order?.status === 'FILLED')).toBe(true);
    const orderIds = outcomes.map((o) => o.order!.orderId);
    expect(new Set(orderIds).size).toBe(orderIds.length);
    const tradeIds = outcomes.flatMap((o) => o.fills.map((f) => f.tradeId));
    expect(new Set(tradeIds).size).toBe(tradeIds.length);
    await stop(a);
    await stop(b);
    await expectJournalTrue(url);
  });

  it('restart after a paper reset then ids go on from where they were', async () => {
    const url = await journal();
    const first = await start(url);
    const before = await buy(first);
    await first.store.resetPaperAccount([{ asset: 'USD', free: '10000', locked: '0' }], first.clock.now() + 1);
    await stop(first);
    const second = await start(url);
    const after = await buy(second);
    expect(Number(after.order!.orderId)).toBeGreaterThan(Number(before.order!.orderId));
    expect(Math.min(...after.fills.map((f) => Number(f.tradeId)))).toBeGreaterThan(
      Math.max(...before.fills.map((f) => Number(f.tradeId))),
    );
    await stop(second);
    await expectJournalTrue(url);
  });
});
