/** The order-list journal (migration 0011_order_lists) on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set. */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { OrderListRecord } from '../../src/ports/order-list-journal.js';
import { DuplicateClientOrderId } from '../../src/ports/store.js';
import { openKyselyStore, type KyselyStore } from '../../src/store/index.js';
import { createScratchPostgresDatabase } from '../contract/store.contract.js';

const adminUrl = process.env.TEST_DATABASE_URL;
const urls = ['sqlite::memory:', ...(adminUrl ? ['postgres'] : [])];
let store: KyselyStore | undefined;
const drops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await store?.close();
  store = undefined;
});
afterAll(async () => {
  for (const drop of drops) await drop();
});

/** A fresh journal per test: an empty scratch database on PostgreSQL, a new in-memory one on SQLite. */
async function openJournal(kind: string): Promise<KyselyStore> {
  if (kind !== 'postgres') return openKyselyStore({ url: kind, dataDir: '/tmp' });
  const scratch = await createScratchPostgresDatabase(adminUrl!);
  drops.push(scratch.drop);
  return openKyselyStore({ url: scratch.url, dataDir: '/tmp' });
}

const list = (over: Partial<OrderListRecord> = {}): OrderListRecord => ({
  mode: 'paper',
  listClientOrderId: `bma-l-${Math.random().toString(36).slice(2)}`,
  orderListId: null,
  kind: 'OCO',
  symbol: 'BTCUSD',
  side: 'SELL',
  quantity: '0.010',
  status: 'PENDING',
  price: '105000',
  stopPrice: '95000',
  stopLimitPrice: '94900.5',
  limitClientOrderId: 'bml-a',
  stopClientOrderId: 'bml-b',
  origin: 'test',
  createdAt: 1,
  updatedAt: 1,
  ...over,
});

describe.each(urls)('order-list journal on %s', (url) => {
  it('recordList then findList reads it back exactly; a second record with the same id throws DuplicateClientOrderId', async () => {
    store = await openJournal(url);
    const l = list({ trailingDelta: 150 });
    await store.recordList(l);
    expect(await store.findList('paper', l.listClientOrderId)).toEqual({ ...l, quantity: '0.01' });
    await expect(store.recordList(l)).rejects.toBeInstanceOf(DuplicateClientOrderId);
    expect(await store.findList('live', l.listClientOrderId)).toBeUndefined();
  });

  it('changeList when the list already ended then a report that would reopen it is ignored', async () => {
    store = await openJournal(url);
    const l = list();
    await store.recordList(l);
    expect(
      await store.changeList('paper', l.listClientOrderId, { status: 'EXECUTING', orderListId: '7', time: 2 }),
    ).toBe(true);
    expect((await store.findListByOrderListId('paper', '7'))?.listClientOrderId).toBe(l.listClientOrderId);
    expect(await store.changeList('paper', l.listClientOrderId, { status: 'ALL_DONE', time: 3 })).toBe(true);
    expect(await store.changeList('paper', l.listClientOrderId, { status: 'EXECUTING', time: 4 })).toBe(false);
    expect((await store.findList('paper', l.listClientOrderId))!.status).toBe('ALL_DONE');
  });

  it('listLists when filtered by bracket, kind and openness then answers just those, newest first', async () => {
    store = await openJournal(url);
    const bracket = list({ kind: 'BRACKET', entryClientOrderId: 'bml-entry', status: 'EXECUTING' });
    await store.recordList(bracket);
    await store.recordList(
      list({ parentListClientOrderId: bracket.listClientOrderId, createdAt: 2, status: 'ALL_DONE' }),
    );
    await store.recordList(
      list({ parentListClientOrderId: bracket.listClientOrderId, createdAt: 3, status: 'EXECUTING' }),
    );
    const children = await store.listLists({ mode: 'paper', parentListClientOrderId: bracket.listClientOrderId });
    expect(children.map((c) => c.createdAt)).toEqual([3, 2]);
    expect(await store.listLists({ mode: 'paper', openOnly: true, kind: 'OCO' })).toHaveLength(1);
    expect((await store.listLists({ mode: 'paper', entryClientOrderId: 'bml-entry' }))[0]!.kind).toBe('BRACKET');
  });

  it('an order journaled with orderListId and trailingDelta then reads back with both', async () => {
    store = await openJournal(url);
    const order = {
      orderId: '11',
      clientOrderId: 'bml-x',
      symbol: 'BTCUSD',
      side: 'SELL' as const,
      type: 'STOP_LOSS_LIMIT' as const,
      timeInForce: 'GTC' as const,
      price: '95000',
      stopPrice: '95100',
      origQty: '0.01',
      executedQty: '0',
      cummulativeQuoteQty: '0',
      status: 'NEW' as const,
      trailingDelta: 200,
      orderListId: '7',
      createdAt: 1,
      updatedAt: 1,
    };
    await store.recordExecution({ mode: 'paper', order, fills: [] });
    // A later report without the list id does not unlink the leg.
    const { orderListId: _l, ...withoutList } = order;
    await store.recordExecution({
      mode: 'paper',
      order: { ...withoutList, status: 'CANCELED', updatedAt: 2 },
      fills: [],
    });
    expect(await store.findOrder('paper', 'bml-x')).toMatchObject({
      orderListId: '7',
      trailingDelta: 200,
      status: 'CANCELED',
    });
  });
});
