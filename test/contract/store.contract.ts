import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Balance } from '../../src/model/balance.js';
import type { Fill } from '../../src/model/fill.js';
import { mul } from '../../src/model/money.js';
import type { Order } from '../../src/model/order.js';
import type { IdSequence } from '../../src/ports/id-sequence.js';
import type { LimitsJournal } from '../../src/ports/limits-in-force.js';
import { JournalConflict } from '../../src/ports/journal-conflict.js';
import { DuplicateClientOrderId, type OrderRecord, type Store, type TradingMode } from '../../src/ports/store.js';

const T0 = 1_700_000_000_000;

export function intent(clientOrderId: string, over: Partial<OrderRecord> = {}): OrderRecord {
  return {
    mode: 'paper',
    orderId: null,
    clientOrderId,
    symbol: 'BTCUSD',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    price: '30000.5',
    origQty: '0.5',
    executedQty: '0',
    cummulativeQuoteQty: '0',
    status: 'PENDING',
    origin: 'mcp',
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function venueOrder(record: OrderRecord, over: Partial<Order> = {}): Order {
  const { mode: _mode, origin: _origin, reason: _reason, orderId, status, ...rest } = record;
  return {
    ...rest,
    orderId: orderId ?? `V-${record.clientOrderId}`,
    status: status === 'PENDING' || status === 'UNKNOWN' ? 'NEW' : status,
    ...over,
  };
}

export function fill(
  order: Order,
  tradeId: string,
  qty: string,
  price: string,
  time: number,
  over: Partial<Fill> = {},
): Fill {
  return {
    tradeId,
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    price,
    qty,
    quoteQty: mul(qty, price),
    commission: '0.001',
    commissionAsset: 'BTC',
    isMaker: true,
    time,
    ...over,
  };
}

const usd = (free: string, locked = '0'): Balance => ({ asset: 'USD', free, locked });

/**
 * The Store contract: every implementation (SQLite file, SQLite in memory, PostgreSQL) must pass it.
 * `make` returns a fresh, migrated, empty store each time; the suite closes it.
 */
export function runStoreContract(name: string, make: () => Promise<Store & IdSequence & LimitsJournal>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store & IdSequence & LimitsJournal;
    beforeEach(async () => {
      store = await make();
    });
    afterEach(async () => {
      await store.close();
    });

    it('recordIntent then executions when partially then fully filled then order and fills follow', async () => {
      const rec = intent('c-1');
      await store.recordIntent(rec);
      expect(await store.findOrder('paper', 'c-1')).toEqual(rec);

      const placed = venueOrder(rec, { orderId: '1001', updatedAt: T0 + 1 });
      await store.recordExecution({ mode: 'paper', order: placed, fills: [] });
      const partial = {
        ...placed,
        status: 'PARTIALLY_FILLED' as const,
        executedQty: '0.2',
        cummulativeQuoteQty: '6000.1',
        updatedAt: T0 + 2,
      };
      await store.recordExecution({
        mode: 'paper',
        order: partial,
        fills: [fill(partial, 't1', '0.2', '30000.5', T0 + 2)],
        balances: [usd('100', '50')],
      });
      const full = {
        ...partial,
        status: 'FILLED' as const,
        executedQty: '0.5',
        cummulativeQuoteQty: '15000.25',
        updatedAt: T0 + 3,
      };
      await store.recordExecution({
        mode: 'paper',
        order: full,
        fills: [fill(full, 't1', '0.2', '30000.5', T0 + 2), fill(full, 't2', '0.3', '30000.5', T0 + 3)],
      });

      const stored = await store.findOrder('paper', 'c-1');
      expect(stored).toMatchObject({
        orderId: '1001',
        status: 'FILLED',
        executedQty: '0.5',
        cummulativeQuoteQty: '15000.25',
        origin: 'mcp',
        createdAt: T0,
        updatedAt: T0 + 3,
      });
      expect(await store.findOrderByOrderId('paper', '1001')).toEqual(stored);
      const fills = await store.listFills({ mode: 'paper' });
      expect(fills.map((f) => f.tradeId)).toEqual(['t2', 't1']);
      expect(fills[0]).toEqual({ mode: 'paper', ...fill(full, 't2', '0.3', '30000.5', T0 + 3) });
      expect(await store.loadBalances('paper')).toEqual([usd('100', '50')]);
    });

    it('recordExecution when the order was never journaled then inserts it with origin venue', async () => {
      const order = venueOrder(intent('c-ext'), { orderId: '77', status: 'NEW' });
      await store.recordExecution({ mode: 'live', order, fills: [] });
      expect(await store.findOrder('live', 'c-ext')).toMatchObject({
        orderId: '77',
        status: 'NEW',
        origin: 'venue',
        mode: 'live',
      });
    });

    it('recordIntent when the client order id exists then throws DuplicateClientOrderId and keeps the first', async () => {
      await store.recordIntent(intent('dup', { price: '1' }));
      const error = await store.recordIntent(intent('dup', { price: '2' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DuplicateClientOrderId);
      expect((error as DuplicateClientOrderId).clientOrderId).toBe('dup');
      expect((await store.findOrder('paper', 'dup'))?.price).toBe('1');
      await store.recordIntent(intent('dup', { mode: 'live' }));
      expect(await store.findOrder('live', 'dup')).toBeDefined();
    });

    it('recordExecution when a fill is repeated then it is stored once', async () => {
      const rec = intent('c-2');
      await store.recordIntent(rec);
      const order = venueOrder(rec, { orderId: '5', status: 'FILLED', executedQty: '0.5' });
      const f = fill(order, 'same', '0.5', '30000.5', T0 + 5);
      await store.recordExecution({ mode: 'paper', order, fills: [f] });
      await store.recordExecution({ mode: 'paper', order, fills: [f, { ...f }] });
      expect(await store.listFills({ mode: 'paper' })).toHaveLength(1);
      // The same trade id on another symbol is another trade (Binance numbers trades per symbol).
      await store.recordExecution({ mode: 'paper', order, fills: [{ ...f, symbol: 'ETHUSD' }] });
      expect(await store.listFills({ mode: 'paper' })).toHaveLength(2);
    });

    it('recordExecution when a fill clashes with a different journaled one under the same trade id then throws JournalConflict, writes nothing of the call and audits the clash', async () => {
      const first = venueOrder(intent('first'), { orderId: '1', status: 'FILLED', executedQty: '0.5' });
      await store.recordExecution({
        mode: 'paper',
        order: first,
        fills: [fill(first, '7', '0.5', '30000.5', T0)],
        balances: [usd('1')],
      });
      const second = venueOrder(intent('second'), {
        orderId: '2',
        status: 'FILLED',
        executedQty: '0.4',
        updatedAt: T0 + 5,
      });
      const clash = fill(second, '7', '0.4', '30001', T0 + 5);
      const error = await store
        .recordExecution({
          mode: 'paper',
          order: second,
          fills: [fill(second, '8', '0.1', '30001', T0 + 5), clash],
          balances: [usd('2')],
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JournalConflict);
      expect((error as JournalConflict).table).toBe('trade_logs');
      expect((error as JournalConflict).fields).toEqual(
        expect.arrayContaining(['order_id', 'client_order_id', 'price', 'qty']),
      );
      expect((error as Error).message).toContain('paper fill 7 on BTCUSD');
      expect(await store.findOrder('paper', 'second')).toBeUndefined();
      expect((await store.listFills({ mode: 'paper' })).map((f) => [f.tradeId, f.clientOrderId])).toEqual([
        ['7', 'first'],
      ]);
      expect(await store.loadBalances('paper')).toEqual([usd('1')]);
      const [audit] = await store.listAudit(1);
      expect(audit).toMatchObject({
        mode: 'paper',
        actor: 'system',
        action: 'journal_conflict',
        detail: { table: 'trade_logs', order: { clientOrderId: 'second' } },
      });
      expect((audit!.detail as { fills: Fill[] }).fills).toHaveLength(2);
    });

    it('recordExecution when a repeated fill differs only in time or maker flag then it is the same trade and a no-op', async () => {
      const order = venueOrder(intent('rep'), { orderId: '4', status: 'FILLED', executedQty: '0.5' });
      const f = fill(order, '40', '0.5', '30000.50', T0, { commission: '0.0010' });
      await store.recordExecution({ mode: 'paper', order, fills: [f] });
      await store.recordExecution({
        mode: 'paper',
        order,
        fills: [{ ...f, price: '30000.5', commission: '0.001', time: T0 + 3, isMaker: false }],
      });
      expect(await store.listFills({ mode: 'paper' })).toHaveLength(1);
    });

    it('recordExecution when another order already holds the venue order id then throws JournalConflict and writes nothing', async () => {
      const one = venueOrder(intent('one'), { orderId: '1', status: 'NEW' });
      await store.recordExecution({ mode: 'paper', order: one, fills: [] });
      await store.recordIntent(intent('two'));
      const two = venueOrder(intent('two'), { orderId: '1', status: 'FILLED', executedQty: '0.5' });
      await expect(
        store.recordExecution({ mode: 'paper', order: two, fills: [fill(two, '9', '0.5', '1', T0)] }),
      ).rejects.toBeInstanceOf(JournalConflict);
      await expect(
        store.recordExecution({ mode: 'paper', order: venueOrder(intent('three'), { orderId: '1' }), fills: [] }),
      ).rejects.toThrow(/order id 1 on BTCUSD/);
      expect(await store.findOrder('paper', 'two')).toMatchObject({ status: 'PENDING', orderId: null });
      expect(await store.findOrder('paper', 'three')).toBeUndefined();
      expect(await store.listFills({ mode: 'paper' })).toEqual([]);
      // Another symbol, or the other mode, numbers its orders on its own.
      await store.recordExecution({
        mode: 'paper',
        order: venueOrder(intent('eth', { symbol: 'ETHUSD' }), { orderId: '1' }),
        fills: [],
      });
      await store.recordExecution({
        mode: 'live',
        order: venueOrder(intent('live-1', { mode: 'live' }), { orderId: '1' }),
        fills: [],
      });
    });

    it('recordExecution when the venue reports a journaled order under another venue id or symbol then throws JournalConflict', async () => {
      const order = venueOrder(intent('moved'), { orderId: '10', status: 'NEW' });
      await store.recordExecution({ mode: 'paper', order, fills: [] });
      await expect(
        store.recordExecution({ mode: 'paper', order: { ...order, orderId: '11', status: 'FILLED' }, fills: [] }),
      ).rejects.toBeInstanceOf(JournalConflict);
      await expect(
        store.recordExecution({ mode: 'paper', order: { ...order, side: 'SELL' }, fills: [] }),
      ).rejects.toBeInstanceOf(JournalConflict);
      expect(await store.findOrder('paper', 'moved')).toMatchObject({ orderId: '10', status: 'NEW', side: 'BUY' });
    });

    it('reserve then hands out consecutive numbers from 1 per counter, and concurrent reservations never overlap', async () => {
      expect(await store.reserve('test.a', 3)).toBe(1);
      expect(await store.reserve('test.a', 1)).toBe(4);
      expect(await store.reserve('test.b', 100)).toBe(1);
      const firsts = await Promise.all(Array.from({ length: 20 }, () => store.reserve('test.c', 10)));
      const numbers = firsts.flatMap((first) => Array.from({ length: 10 }, (_, i) => first + i));
      expect(new Set(numbers).size).toBe(200);
      expect(Math.max(...numbers)).toBe(200);
      await expect(store.reserve('test.a', 0)).rejects.toThrow(/at least 1/);
      expect(await store.reserve('test.a', 1)).toBe(5);
    });

    it('putLimitsInForce then getLimitsInForce returns them per mode; other limits replace them and are a limits_changed risk event', async () => {
      const writer = { pid: 42, host: 'box', version: '1.2.3' };
      expect(await store.getLimitsInForce('paper')).toBeUndefined();
      await store.putLimitsInForce({
        mode: 'paper',
        limits: { maxDailyLossUsd: '5', deniedSymbols: [] },
        writer,
        since: T0,
      });
      await store.putLimitsInForce({
        mode: 'paper',
        limits: { maxDailyLossUsd: '5', deniedSymbols: [] },
        writer,
        since: T0 + 1,
      });
      expect(await store.listRiskEvents('paper')).toEqual([]);
      await store.putLimitsInForce({
        mode: 'paper',
        limits: { maxDailyLossUsd: '7', allowedSymbols: ['BTCUSD'], deniedSymbols: [] },
        writer: { ...writer, pid: 43 },
        since: T0 + 2,
      });
      expect(await store.getLimitsInForce('paper')).toEqual({
        mode: 'paper',
        limits: { maxDailyLossUsd: '7', allowedSymbols: ['BTCUSD'], deniedSymbols: [] },
        writer: { ...writer, pid: 43 },
        since: T0 + 2,
      });
      expect(await store.getLimitsInForce('live')).toBeUndefined();
      const [changed] = await store.listRiskEvents('paper');
      expect(changed).toMatchObject({
        kind: 'limits_changed',
        time: T0 + 2,
        detail: { from: { maxDailyLossUsd: '5' }, to: { maxDailyLossUsd: '7' } },
      });
    });

    it('recordExecution when many run concurrently then every order, fill and the last balances are stored', async () => {
      const count = 60;
      await Promise.all(
        Array.from({ length: count }, (_, i) => store.recordIntent(intent(`k-${i}`, { createdAt: T0 + i }))),
      );
      await Promise.all(
        Array.from({ length: count }, (_, i) => {
          const order = venueOrder(intent(`k-${i}`, { createdAt: T0 + i }), {
            orderId: `${i}`,
            status: 'FILLED',
            executedQty: '0.5',
            updatedAt: T0 + 100 + i,
          });
          return store.recordExecution({
            mode: 'paper',
            order,
            fills: [fill(order, `a-${i}`, '0.25', '100', T0 + i), fill(order, `b-${i}`, '0.25', '101', T0 + i)],
            balances: [usd(`${10_000 - i}`), { asset: 'BTC', free: `${i}`, locked: '0' }],
          });
        }),
      );
      const orders = await store.listOrders({ mode: 'paper', limit: 1000 });
      expect(orders).toHaveLength(count);
      expect(orders.every((o) => o.status === 'FILLED')).toBe(true);
      expect(await store.listFills({ mode: 'paper', limit: 1000 })).toHaveLength(2 * count);
      expect(await store.loadBalances('paper')).toEqual([
        { asset: 'BTC', free: `${count - 1}`, locked: '0' },
        usd(`${10_000 - count + 1}`),
      ]);
    });

    it('recordExecution when one value is invalid then nothing of the call is stored', async () => {
      const rec = intent('atomic');
      await store.recordIntent(rec);
      await store.saveBalances('paper', [usd('5')], T0);
      const order = venueOrder(rec, { orderId: '9', status: 'FILLED', executedQty: '0.5' });
      await expect(
        store.recordExecution({
          mode: 'paper',
          order,
          fills: [fill(order, 'x', '0.5', '1', T0)],
          balances: [usd('not-a-number')],
        }),
      ).rejects.toThrow();
      expect((await store.findOrder('paper', 'atomic'))?.status).toBe('PENDING');
      expect(await store.listFills({ mode: 'paper' })).toEqual([]);
      expect(await store.loadBalances('paper')).toEqual([usd('5')]);
    });

    it('recordExecution when an older report arrives after a newer one then the order does not move backwards', async () => {
      const rec = intent('late');
      await store.recordIntent(rec);
      const filled = venueOrder(rec, { orderId: '3', status: 'FILLED', executedQty: '0.5', updatedAt: T0 + 9 });
      await store.recordExecution({ mode: 'paper', order: filled, fills: [] });
      await store.recordExecution({
        mode: 'paper',
        order: { ...filled, status: 'NEW', executedQty: '0', updatedAt: T0 + 1 },
        fills: [],
      });
      await store.recordExecution({
        mode: 'paper',
        order: { ...filled, status: 'PARTIALLY_FILLED', executedQty: '0.2', updatedAt: T0 + 2 },
        fills: [],
      });
      expect(await store.findOrder('paper', 'late')).toMatchObject({
        status: 'FILLED',
        executedQty: '0.5',
        updatedAt: T0 + 9,
      });
    });

    it('markOrder then status, reason and time change; when the order is unknown then throws', async () => {
      await store.recordIntent(intent('m'));
      await store.markOrder(
        'paper',
        'm',
        'REJECTED',
        '-2010 Account has insufficient balance for requested action.',
        T0 + 7,
      );
      expect(await store.findOrder('paper', 'm')).toMatchObject({
        status: 'REJECTED',
        reason: '-2010 Account has insufficient balance for requested action.',
        updatedAt: T0 + 7,
      });
      await expect(store.markOrder('live', 'm', 'UNKNOWN', 'x', T0)).rejects.toThrow(/no journaled live order/);
    });

    it('recordTrails then the trailing stop reads back with when tracking began and its extreme; a later execution keeps them, an unknown order is skipped', async () => {
      const rec = intent('tr', { side: 'SELL', type: 'STOP_LOSS_LIMIT', stopPrice: '59900', trailingDelta: 100 });
      await store.recordIntent(rec);
      await store.recordIntent(intent('other'));
      const placed = venueOrder(rec, { orderId: '71', triggered: false, updatedAt: T0 + 1 });
      await store.recordExecution({ mode: 'paper', order: placed, fills: [] });
      expect(await store.findOrder('paper', 'tr')).not.toHaveProperty('trailingExtreme');

      await store.recordTrails('paper', [
        { clientOrderId: 'tr', trailingTime: T0 + 5, trailingExtreme: '59900.00' },
        { clientOrderId: 'never-journaled', trailingTime: T0 + 5, trailingExtreme: '1' },
      ]);
      await store.recordTrails('paper', [
        { clientOrderId: 'tr', trailingTime: T0 + 5, trailingExtreme: '61000.123456789012345678' },
      ]);
      // The venue's next report of the order (it carries no trail) leaves the trail alone.
      await store.recordExecution({ mode: 'paper', order: { ...placed, updatedAt: T0 + 9 }, fills: [] });
      const stored = (await store.findOrder('paper', 'tr'))!;
      expect(stored).toMatchObject({ trailingDelta: 100, trailingTime: T0 + 5, updatedAt: T0 + 9 });
      expect(stored.trailingExtreme).toBe('61000.123456789012345678');
      const [open] = (await store.listOrders({ mode: 'paper', openOnly: true })).filter(
        (o) => o.clientOrderId === 'tr',
      );
      expect(open).toMatchObject({ trailingTime: T0 + 5, trailingExtreme: '61000.123456789012345678' });
      expect(await store.findOrder('paper', 'other')).not.toHaveProperty('trailingTime');
      expect(await store.findOrder('live', 'tr')).toBeUndefined();
      await store.recordTrails('live', [{ clientOrderId: 'tr', trailingTime: T0, trailingExtreme: '1' }]);
      expect((await store.findOrder('paper', 'tr'))!.trailingExtreme).toBe('61000.123456789012345678');
      // A live report carries Binance's trailingTime (no extreme: Binance keeps that).
      const live = intent('tr-live', { mode: 'live', type: 'STOP_LOSS_LIMIT', stopPrice: '1', trailingDelta: 50 });
      await store.recordIntent(live);
      await store.recordExecution({ mode: 'live', order: venueOrder(live, { trailingTime: T0 + 3 }), fills: [] });
      const reported = (await store.findOrder('live', 'tr-live'))!;
      expect(reported.trailingTime).toBe(T0 + 3);
      expect(reported).not.toHaveProperty('trailingExtreme');
    });

    it('listOrders then newest first, filtered by openOnly, symbol, before and limit', async () => {
      const statuses = [
        'PENDING',
        'NEW',
        'FILLED',
        'PARTIALLY_FILLED',
        'CANCELED',
        'UNKNOWN',
        'REJECTED',
        'EXPIRED',
      ] as const;
      for (const [i, status] of statuses.entries()) {
        await store.recordIntent(
          intent(`o-${i}`, { status, symbol: i % 2 === 0 ? 'BTCUSD' : 'ETHUSD', createdAt: T0 + i * 10 }),
        );
      }
      const ids = (orders: OrderRecord[]) => orders.map((o) => o.clientOrderId);
      expect(ids(await store.listOrders({ mode: 'paper' }))).toEqual([
        'o-7',
        'o-6',
        'o-5',
        'o-4',
        'o-3',
        'o-2',
        'o-1',
        'o-0',
      ]);
      expect(ids(await store.listOrders({ mode: 'paper', openOnly: true }))).toEqual(['o-5', 'o-3', 'o-1', 'o-0']);
      expect(ids(await store.listOrders({ mode: 'paper', symbol: 'ETHUSD' }))).toEqual(['o-7', 'o-5', 'o-3', 'o-1']);
      expect(ids(await store.listOrders({ mode: 'paper', limit: 3 }))).toEqual(['o-7', 'o-6', 'o-5']);
      expect(ids(await store.listOrders({ mode: 'paper', before: T0 + 50, limit: 2 }))).toEqual(['o-4', 'o-3']);
      expect(ids(await store.listOrders({ mode: 'paper', openOnly: true, symbol: 'BTCUSD', before: T0 + 10 }))).toEqual(
        ['o-0'],
      );
    });

    it('listOrders when no limit is given then returns at most 100', async () => {
      await Promise.all(
        Array.from({ length: 105 }, (_, i) => store.recordIntent(intent(`many-${i}`, { createdAt: T0 + i }))),
      );
      const orders = await store.listOrders({ mode: 'paper' });
      expect(orders).toHaveLength(100);
      expect(orders[0]!.clientOrderId).toBe('many-104');
    });

    it('listOrders by client order id then only that order, however many newer ones there are', async () => {
      await Promise.all(
        Array.from({ length: 105 }, (_, i) => store.recordIntent(intent(`old-${i}`, { createdAt: T0 + i }))),
      );
      const found = await store.listOrders({ mode: 'paper', clientOrderId: 'old-0', limit: 1 });
      expect(found.map((o) => o.clientOrderId)).toEqual(['old-0']);
      expect(await store.listOrders({ mode: 'live', clientOrderId: 'old-0' })).toEqual([]);
      expect(await store.listOrders({ mode: 'paper', clientOrderId: 'old-0', symbol: 'ETHUSD' })).toEqual([]);
    });

    it('listFills then newest first without since, oldest first from since (inclusive), limited and by symbol', async () => {
      const order = venueOrder(intent('f'), { orderId: '1' });
      const fills = Array.from({ length: 6 }, (_, i) =>
        fill(order, `t${i}`, '0.1', '10', T0 + i * 1000, i >= 4 ? { symbol: 'ETHUSD' } : {}),
      );
      await store.recordExecution({ mode: 'paper', order, fills });
      const ids = async (q: Parameters<Store['listFills']>[0]) => (await store.listFills(q)).map((f) => f.tradeId);
      expect(await ids({ mode: 'paper' })).toEqual(['t5', 't4', 't3', 't2', 't1', 't0']);
      expect(await ids({ mode: 'paper', limit: 2 })).toEqual(['t5', 't4']);
      expect(await ids({ mode: 'paper', since: T0 + 2000 })).toEqual(['t2', 't3', 't4', 't5']);
      expect(await ids({ mode: 'paper', since: T0 + 1500, limit: 2 })).toEqual(['t2', 't3']);
      expect(await ids({ mode: 'paper', symbol: 'ETHUSD' })).toEqual(['t5', 't4']);
      const other = venueOrder(intent('g'), { orderId: '2' });
      await store.recordExecution({ mode: 'paper', order: other, fills: [fill(other, 'g0', '1', '10', T0 + 500)] });
      expect(await ids({ mode: 'paper', clientOrderId: 'g' })).toEqual(['g0']);
      expect(await ids({ mode: 'paper', clientOrderId: 'f', limit: 2 })).toEqual(['t5', 't4']);
    });

    it('saveBalances then replaces the whole set; loadBalances before any save is undefined and after an empty save is empty', async () => {
      expect(await store.loadBalances('paper')).toBeUndefined();
      await store.saveBalances('paper', [usd('10000'), { asset: 'BTC', free: '1', locked: '0.5' }], T0);
      expect(await store.loadBalances('paper')).toEqual([{ asset: 'BTC', free: '1', locked: '0.5' }, usd('10000')]);
      await store.saveBalances('paper', [{ asset: 'ETH', free: '2', locked: '0' }, usd('9000')], T0 + 1);
      expect(await store.loadBalances('paper')).toEqual([{ asset: 'ETH', free: '2', locked: '0' }, usd('9000')]);
      await store.saveBalances('paper', [], T0 + 2);
      expect(await store.loadBalances('paper')).toEqual([]);
      await expect(store.saveBalances('paper', [usd('1'), usd('2')], T0)).rejects.toThrow(/USD twice/);
    });

    it('resetPaperAccount then open paper orders are canceled, live ones untouched, balances replaced and audited', async () => {
      await store.recordIntent(intent('p-open', { status: 'NEW', orderId: '1' }));
      await store.recordIntent(intent('p-pending'));
      await store.recordIntent(intent('p-done', { status: 'FILLED' }));
      await store.recordIntent(intent('l-open', { mode: 'live', status: 'NEW' }));
      await store.saveBalances('paper', [usd('1'), { asset: 'BTC', free: '3', locked: '1' }], T0);
      await store.saveBalances('live', [usd('42')], T0);

      await store.resetPaperAccount([usd('10000')], T0 + 99);

      expect(await store.findOrder('paper', 'p-open')).toMatchObject({ status: 'CANCELED', updatedAt: T0 + 99 });
      expect((await store.findOrder('paper', 'p-open'))?.reason).toMatch(/reset/);
      expect((await store.findOrder('paper', 'p-pending'))?.status).toBe('CANCELED');
      expect((await store.findOrder('paper', 'p-done'))?.status).toBe('FILLED');
      expect((await store.findOrder('live', 'l-open'))?.status).toBe('NEW');
      expect(await store.listOrders({ mode: 'paper', openOnly: true })).toEqual([]);
      expect(await store.loadBalances('paper')).toEqual([usd('10000')]);
      expect(await store.loadBalances('live')).toEqual([usd('42')]);
      const [entry] = await store.listAudit(1);
      expect(entry).toMatchObject({
        mode: 'paper',
        actor: 'operator',
        action: 'paper_reset',
        time: T0 + 99,
        detail: { canceledOrders: 2 },
      });
    });

    it('putDailyPnl then getDailyPnl returns it; a second put for the day replaces it; list is newest day first', async () => {
      const day = {
        mode: 'paper' as TradingMode,
        day: '2024-03-01',
        startEquity: '10000',
        lastEquity: '9950.5',
        realizedPnl: '-12.25',
        breakerTrippedAt: null,
        breakerResetAt: null,
        updatedAt: T0,
      };
      await store.putDailyPnl(day);
      expect(await store.getDailyPnl('paper', '2024-03-01')).toEqual(day);
      const tripped = {
        ...day,
        lastEquity: '9000',
        breakerTrippedAt: T0 + 5,
        breakerResetAt: T0 + 6,
        updatedAt: T0 + 6,
      };
      await store.putDailyPnl(tripped);
      expect(await store.getDailyPnl('paper', '2024-03-01')).toEqual(tripped);
      await store.putDailyPnl({ ...day, day: '2024-03-02' });
      await store.putDailyPnl({ ...day, day: '2024-02-29' });
      expect((await store.listDailyPnl('paper')).map((d) => d.day)).toEqual(['2024-03-02', '2024-03-01', '2024-02-29']);
      expect((await store.listDailyPnl('paper', 1)).map((d) => d.day)).toEqual(['2024-03-02']);
      expect(await store.getDailyPnl('live', '2024-03-01')).toBeUndefined();
    });

    it('recordRiskEvent then listRiskEvents returns them newest first with their detail', async () => {
      await store.recordRiskEvent({
        mode: 'paper',
        time: T0,
        kind: 'denied',
        code: 'MAX_TRADE_SIZE',
        message: 'order notional 600 USD exceeds MAX_TRADE_SIZE_USD 500',
        detail: { notional: '600', limit: '500' },
      });
      await store.recordRiskEvent({
        mode: 'paper',
        time: T0 + 1,
        kind: 'breaker_tripped',
        code: 'MAX_DAILY_LOSS',
        message: 'tripped',
      });
      const events = await store.listRiskEvents('paper');
      expect(events).toEqual([
        { mode: 'paper', time: T0 + 1, kind: 'breaker_tripped', code: 'MAX_DAILY_LOSS', message: 'tripped' },
        {
          mode: 'paper',
          time: T0,
          kind: 'denied',
          code: 'MAX_TRADE_SIZE',
          message: 'order notional 600 USD exceeds MAX_TRADE_SIZE_USD 500',
          detail: { notional: '600', limit: '500' },
        },
      ]);
      expect(await store.listRiskEvents('paper', 1)).toHaveLength(1);
    });

    it('recordDecision then findDecision returns it; recording again for the order replaces it', async () => {
      await store.recordDecision({ mode: 'paper', time: T0, clientOrderId: 'd', rationale: 'RSI 28, oversold' });
      expect(await store.findDecision('paper', 'd')).toEqual({
        mode: 'paper',
        time: T0,
        clientOrderId: 'd',
        rationale: 'RSI 28, oversold',
      });
      await store.recordDecision({ mode: 'paper', time: T0 + 1, clientOrderId: 'd', rationale: 'changed my mind' });
      expect((await store.findDecision('paper', 'd'))?.rationale).toBe('changed my mind');
      expect(await store.findDecision('live', 'd')).toBeUndefined();
    });

    it('audit then listAudit returns entries of both modes newest first; recordContextSnapshot accepts a snapshot', async () => {
      await store.audit({ mode: 'paper', time: T0, actor: 'operator', action: 'risk_reset' });
      await store.audit({
        mode: 'live',
        time: T0 + 1,
        actor: 'model',
        action: 'cancel_order',
        detail: { symbol: 'BTCUSD', orderId: '5' },
      });
      expect(await store.listAudit()).toEqual([
        {
          mode: 'live',
          time: T0 + 1,
          actor: 'model',
          action: 'cancel_order',
          detail: { symbol: 'BTCUSD', orderId: '5' },
        },
        { mode: 'paper', time: T0, actor: 'operator', action: 'risk_reset' },
      ]);
      expect(await store.listAudit(1)).toHaveLength(1);
      await expect(
        store.recordContextSnapshot({
          mode: 'paper',
          time: T0,
          contextTypes: ['market'],
          symbols: ['BTCUSD'],
          summary: '{"price":"1"}',
          sha256: 'ab',
          bytes: 13,
        }),
      ).resolves.toBeUndefined();
    });

    it('decimals when tiny, long or with trailing zeros then round-trip exactly in canonical form', async () => {
      const rec = intent('dec', {
        price: '123456789.123456789',
        stopPrice: '0.00000001',
        origQty: '0.00000001',
        origQuoteOrderQty: '99999999999999.99999999',
      });
      await store.recordIntent(rec);
      expect(await store.findOrder('paper', 'dec')).toEqual(rec);
      await store.saveBalances(
        'paper',
        [{ asset: 'BTC', free: '1.50000000', locked: '0.00000001' }, usd('123456789.123456789')],
        T0,
      );
      expect(await store.loadBalances('paper')).toEqual([
        { asset: 'BTC', free: '1.5', locked: '0.00000001' },
        usd('123456789.123456789'),
      ]);
      const order = venueOrder(rec, { orderId: '1' });
      await store.recordExecution({
        mode: 'paper',
        order,
        fills: [
          fill(order, 'd1', '0.00000001', '123456789.123456789', T0, {
            quoteQty: '1.23456789123456789',
            commission: '0.000000000001',
          }),
        ],
      });
      expect(await store.listFills({ mode: 'paper' })).toMatchObject([
        {
          qty: '0.00000001',
          price: '123456789.123456789',
          quoteQty: '1.23456789123456789',
          commission: '0.000000000001',
        },
      ]);
    });

    it('mode separation: paper rows never show in live queries', async () => {
      const rec = intent('both');
      await store.recordIntent(rec);
      const order = venueOrder(rec, { orderId: '1', status: 'NEW' });
      await store.recordExecution({
        mode: 'paper',
        order,
        fills: [fill(order, 'x', '0.1', '1', T0)],
        balances: [usd('1')],
      });
      await store.recordRiskEvent({ mode: 'paper', time: T0, kind: 'denied', code: 'X', message: 'x' });
      await store.recordDecision({ mode: 'paper', time: T0, clientOrderId: 'both', rationale: 'r' });
      expect(await store.findOrder('live', 'both')).toBeUndefined();
      expect(await store.findOrderByOrderId('live', '1')).toBeUndefined();
      expect(await store.listOrders({ mode: 'live' })).toEqual([]);
      expect(await store.listOrders({ mode: 'live', openOnly: true })).toEqual([]);
      expect(await store.listFills({ mode: 'live' })).toEqual([]);
      expect(await store.loadBalances('live')).toBeUndefined();
      expect(await store.listRiskEvents('live')).toEqual([]);
      expect(await store.findDecision('live', 'both')).toBeUndefined();
    });

    it('migrate when run again then is a no-op and keeps the data', async () => {
      await store.recordIntent(intent('keep'));
      await store.migrate();
      expect(await store.findOrder('paper', 'keep')).toBeDefined();
    });
  });
}

/**
 * A new, empty database on the PostgreSQL server at `adminUrl`, so runs never collide.
 * `drop` removes it (after its store was closed).
 */
export async function createScratchPostgresDatabase(
  adminUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `store_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
