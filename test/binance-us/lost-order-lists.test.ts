/**
 * The lost-order search for an order list (OCO): the one proof rule of lost orders, over the list
 * and both of its legs. Unit test over an in-memory source (the port's edge); each call moves the
 * exchange's clock 100 ms, so the proof time comes by the calls, not by waiting.
 */
import { describe, expect, it } from 'vitest';
import { LostOrders, type LostOrderSource } from '../../src/exchanges/binance-us/lost-orders.js';
import { silentLogger } from '../../src/log.js';
import type { Fill } from '../../src/model/fill.js';
import type { Order } from '../../src/model/order.js';
import type { OrderList } from '../../src/model/order-list.js';

const LIST = 'list-1';
const LIMIT = 'leg-limit';
const STOP = 'leg-stop';
const SENT_AT = 1_000_000;

function leg(clientOrderId: string, patch: Partial<Order> = {}): Order {
  return {
    orderId: clientOrderId === LIMIT ? '11' : '12',
    clientOrderId,
    symbol: 'BTCUSD',
    side: 'SELL',
    type: clientOrderId === LIMIT ? 'LIMIT_MAKER' : 'STOP_LOSS_LIMIT',
    price: '31000',
    origQty: '0.01',
    executedQty: '0',
    cummulativeQuoteQty: '0',
    status: 'NEW',
    orderListId: '7',
    createdAt: SENT_AT + 5,
    updatedAt: SENT_AT + 5,
    ...patch,
  } as Order;
}

/** What the exchange shows, per query; `calls` names each query made, in order. */
function source(shows: {
  list?: OrderList;
  byId?: Order[];
  open?: Order[];
  all?: Order[];
  openLists?: OrderList[];
  fills?: Fill[];
}) {
  let now = SENT_AT;
  const calls: string[] = [];
  const tick = (name: string) => {
    calls.push(name);
    now += 100;
  };
  const src: LostOrderSource = {
    order: async (_symbol, clientOrderId) => {
      tick(`order ${clientOrderId}`);
      return shows.byId?.find((o) => o.clientOrderId === clientOrderId);
    },
    openOrders: async () => {
      tick('openOrders');
      return shows.open ?? [];
    },
    allOrders: async () => {
      tick('allOrders');
      return shows.all ?? [];
    },
    fillsOf: async (order) => {
      tick(`fills ${order.clientOrderId}`);
      return (shows.fills ?? []).filter((f) => f.clientOrderId === order.clientOrderId);
    },
    orderList: async () => {
      tick('orderList');
      return shows.list;
    },
    openOrderLists: async () => {
      tick('openOrderLists');
      return shows.openLists ?? [];
    },
    serverNow: () => now,
  };
  return { src, calls, now: () => now };
}

function searcher(src: LostOrderSource, found: { list: OrderList; fills: Fill[] }[] = []) {
  return new LostOrders({
    source: src,
    recvWindow: 500,
    queryLagMs: 1000,
    intervalMs: 1,
    maxIntervalMs: 1,
    logger: silentLogger(),
    onFound: () => undefined,
    onListFound: (list, fills) => found.push({ list, fills }),
  });
}

const lost = { symbol: 'BTCUSD', listClientOrderId: LIST, legClientOrderIds: [LIMIT, STOP], sentAt: SENT_AT };

describe('the lost-order search for an order list', () => {
  it('the list query lagging while both legs show (the take-profit filled, the stop expired) then found as ALL_DONE with both legs and the fill, before the proof time', async () => {
    const filled = leg(LIMIT, { status: 'FILLED', executedQty: '0.01', cummulativeQuoteQty: '310' });
    const fill = { clientOrderId: LIMIT, tradeId: '1', qty: '0.01' } as Fill;
    const { src, now } = source({ byId: [filled, leg(STOP, { status: 'EXPIRED' })], fills: [fill] });
    const found: { list: OrderList; fills: Fill[] }[] = [];
    const outcome = await searcher(src, found).resolveList(lost);
    expect(outcome.kind).toBe('found');
    if (outcome.kind !== 'found') return;
    expect(outcome.list).toMatchObject({ orderListId: '7', listClientOrderId: LIST, listOrderStatus: 'ALL_DONE' });
    expect(outcome.list.orders.map((o) => [o.clientOrderId, o.status])).toEqual([
      [LIMIT, 'FILLED'],
      [STOP, 'EXPIRED'],
    ]);
    expect(outcome.fills).toEqual([fill]);
    expect(found).toHaveLength(1);
    expect(now()).toBeLessThan(SENT_AT + 1500);
  });

  it('one leg only in the open orders, past the proof time, then the list is found (one leg seen is the list seen), never proved absent', async () => {
    const { src, calls } = source({ open: [leg(STOP)] });
    const outcome = await searcher(src).resolveList(lost);
    expect(outcome.kind).toBe('found');
    if (outcome.kind !== 'found') return;
    expect(outcome.list.orders.map((o) => o.clientOrderId)).toEqual([STOP]);
    expect(calls).toContain('openOrders');
  });

  it('a list found by its query with one leg still lagging then the search goes on until both legs show', async () => {
    const header: OrderList = {
      orderListId: '7',
      listClientOrderId: LIST,
      symbol: 'BTCUSD',
      contingencyType: 'OCO',
      listStatusType: 'EXEC_STARTED',
      listOrderStatus: 'EXECUTING',
      orders: [leg(LIMIT)],
      createdAt: SENT_AT + 5,
      updatedAt: SENT_AT + 5,
    };
    const shows: Parameters<typeof source>[0] = { list: header };
    const { src, calls } = source(shows);
    const search = searcher(src).resolveList(lost);
    // The stop leg shows from the third lookup of it on.
    const original = src.order;
    src.order = async (symbol, id) => {
      if (id === STOP && calls.filter((c) => c === `order ${STOP}`).length >= 2) shows.byId = [leg(STOP)];
      return original(symbol, id);
    };
    const outcome = await search;
    expect(outcome.kind).toBe('found');
    if (outcome.kind !== 'found') return;
    expect(outcome.list.orders.map((o) => o.clientOrderId)).toEqual([LIMIT, STOP]);
    expect(outcome.list.listOrderStatus).toBe('EXECUTING');
  });

  it('neither the list nor a leg anywhere then absent only past recvWindow and the lag allowance, after the list, both legs, the open lists, the open orders and all orders were asked', async () => {
    const { src, calls, now } = source({});
    const outcome = await searcher(src).resolveList(lost);
    expect(outcome.kind).toBe('absent');
    if (outcome.kind !== 'absent') return;
    expect(outcome.reason).toMatch(/-2013 Order list does not exist: it never reached Binance\.US/);
    expect(now()).toBeGreaterThanOrEqual(SENT_AT + 1500);
    const last = calls.slice(-6);
    expect(last).toEqual(['orderList', `order ${LIMIT}`, `order ${STOP}`, 'openOrderLists', 'openOrders', 'allOrders']);
  });

  it('the same list searched twice then one search (the same promise)', () => {
    const { src } = source({ byId: [leg(LIMIT), leg(STOP)] });
    const lostOrders = searcher(src);
    const first = lostOrders.resolveList(lost);
    expect(lostOrders.resolveList(lost)).toBe(first);
    expect(lostOrders.searchingList(LIST)).toBe(true);
    return first;
  });
});
