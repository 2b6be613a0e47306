/**
 * OCO invariants over random sequences of lists, plain orders, trades, cancels, book refreshes
 * and restarts (the engine rebuilt from its own open orders, lists and balances, as the journal
 * would give them): a list never has both legs executed, never leaves a leg open once the other
 * executed or triggered, executes only with both legs untouched, and the account's locks are
 * exactly what the open orders and lists hold (one lock per pair, for its dearer leg).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MatchingEngine } from '../../src/exchanges/simulator/matching-engine.js';
import type { Balance } from '../../src/model/balance.js';
import { ExchangeRejection } from '../../src/model/errors.js';
import type { Fill } from '../../src/model/fill.js';
import type { Market } from '../../src/model/market.js';
import type { BookLevel, OrderBook } from '../../src/model/market-snapshot.js';
import { Big, str } from '../../src/model/money.js';
import { isOpenStatus } from '../../src/model/order.js';
import type { OrderList } from '../../src/model/order-list.js';
import { btcUsd } from './fixtures.js';
import { ManualClock } from './scripted-market-data.js';

const market = btcUsd();
const markets = new Map<string, Market>([['BTCUSD', market]]);
const START: Balance[] = [
  { asset: 'USD', free: '5000', locked: '0' },
  { asset: 'BTC', free: '0.2', locked: '0' },
];
const cents = (c: number): string => (c / 100).toFixed(2);
const qty = (steps: number): string => str(new Big(steps).times('0.00001'));
const MID = 3_000_025;

function book(id: number, depth: number): OrderBook {
  const bids: BookLevel[] = [];
  const asks: BookLevel[] = [];
  for (let i = 0; i < depth; i += 1) {
    bids.push([cents(3_000_000 - 50 * i), '0.01']);
    asks.push([cents(3_000_050 + 50 * i), '0.01']);
  }
  return { symbol: 'BTCUSD', lastUpdateId: id, time: 0, bids, asks };
}

type Action =
  | { kind: 'oco'; side: 'BUY' | 'SELL'; steps: number; limit: number; stop: number; slip: number; trail: number }
  | { kind: 'limit'; side: 'BUY' | 'SELL'; ticks: number; steps: number }
  | { kind: 'trade'; ticks: number; steps: number }
  | { kind: 'cancelLeg'; pick: number }
  | { kind: 'cancelList'; pick: number }
  | { kind: 'refresh'; depth: number }
  | { kind: 'restart' };

const side = fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL');
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('oco' as const),
      side,
      steps: fc.integer({ min: 4, max: 3000 }),
      limit: fc.integer({ min: -400, max: 400 }),
      stop: fc.integer({ min: -400, max: 400 }),
      slip: fc.integer({ min: 0, max: 200 }),
      trail: fc.constantFrom(0, 0, 5, 50),
    }),
  },
  fc.record({
    kind: fc.constant('limit' as const),
    side,
    ticks: fc.integer({ min: -300, max: 300 }),
    steps: fc.integer({ min: 4, max: 3000 }),
  }),
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('trade' as const),
      ticks: fc.integer({ min: -600, max: 600 }),
      steps: fc.integer({ min: 1, max: 3000 }),
    }),
  },
  fc.record({ kind: fc.constant('cancelLeg' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('cancelList' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('refresh' as const), depth: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant('restart' as const) }),
);

function checkList(list: OrderList): void {
  const limit = list.orders.find((o) => o.type === 'LIMIT_MAKER')!;
  const stop = list.orders.find((o) => o.type === 'STOP_LOSS_LIMIT')!;
  const limitExecuted = !new Big(limit.executedQty).eq(0);
  const stopExecuted = !new Big(stop.executedQty).eq(0);
  expect(limitExecuted && stopExecuted, `list ${list.orderListId}: both legs executed`).toBe(false);
  if (limitExecuted) expect(isOpenStatus(stop.status), `list ${list.orderListId}: stop open after a fill`).toBe(false);
  if (stop.triggered)
    expect(isOpenStatus(limit.status), `list ${list.orderListId}: limit open after the trigger`).toBe(false);
  if (list.listOrderStatus === 'EXECUTING') {
    expect(isOpenStatus(limit.status) && isOpenStatus(stop.status)).toBe(true);
    expect(limitExecuted || stop.triggered === true).toBe(false);
  } else {
    expect(list.listStatusType).toBe('ALL_DONE');
  }
}

function run(actions: Action[]): void {
  const clock = new ManualClock();
  let engine = new MatchingEngine({ clock, balances: START });
  let current = book(1, 10);
  let last = '30000.25';
  const fills: Fill[] = [];
  const listIds: string[] = [];
  let n = 0;
  const view = () => ({ market, book: current, lastPrice: last });
  const attempt = (fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      if (!(error instanceof ExchangeRejection)) throw error;
    }
  };
  for (const a of actions) {
    n += 1;
    clock.advance(1000);
    if (a.kind === 'oco') {
      const limit = cents(MID + a.limit);
      const stop = cents(MID + a.stop);
      const stopLimit = cents(MID + a.stop + (a.side === 'SELL' ? -a.slip : a.slip));
      attempt(() => {
        const { list } = engine.placeOco(
          {
            listClientOrderId: `l${n}`,
            limitClientOrderId: `a${n}`,
            stopClientOrderId: `s${n}`,
            symbol: 'BTCUSD',
            side: a.side,
            quantity: qty(a.steps),
            price: limit,
            stopPrice: stop,
            stopLimitPrice: stopLimit,
            ...(a.trail > 0 ? { trailingDelta: a.trail } : {}),
          },
          view(),
        );
        listIds.push(list.orderListId);
      });
    } else if (a.kind === 'limit') {
      attempt(() => {
        const result = engine.place(
          {
            clientOrderId: `o${n}`,
            symbol: 'BTCUSD',
            side: a.side,
            type: 'LIMIT',
            timeInForce: 'GTC',
            quantity: qty(a.steps),
            price: cents(MID + a.ticks),
          },
          view(),
        );
        fills.push(...result.fills);
      });
    } else if (a.kind === 'trade') {
      last = cents(MID + a.ticks);
      const outcome = engine.onTrade({
        symbol: 'BTCUSD',
        price: last,
        qty: qty(a.steps),
        time: 0,
        buyerIsMaker: false,
      });
      for (const u of outcome.updates) fills.push(...u.fills);
      if (outcome.awaitingBook) for (const u of engine.workTriggered(view())) fills.push(...u.fills);
    } else if (a.kind === 'cancelLeg') {
      const legs = engine.openOrders().filter((o) => o.orderListId !== undefined);
      if (legs.length > 0) engine.cancel('BTCUSD', { orderId: legs[a.pick % legs.length]!.orderId });
    } else if (a.kind === 'cancelList') {
      const open = engine.openOrderLists();
      if (open.length > 0) engine.cancelOrderList('BTCUSD', { orderListId: open[a.pick % open.length]!.orderListId });
    } else if (a.kind === 'refresh') {
      current = book(n + 1, a.depth);
    } else {
      const state = {
        balances: engine.balances(),
        openOrders: engine.openOrders(),
        orderLists: engine.openOrderLists(),
        fills: engine.fills(),
      };
      engine = new MatchingEngine({ clock, balances: [] });
      engine.restore(state, markets);
      expect(engine.takeSideUpdates()).toEqual([]);
    }
    engine.takeSideUpdates();

    for (const id of listIds) {
      const list = engine.orderList({ orderListId: id });
      if (list) checkList(list);
    }
    const expected = { USD: new Big(5000), BTC: new Big('0.2') };
    for (const f of fills) {
      const buy = f.side === 'BUY';
      expected.BTC = expected.BTC.plus(buy ? f.qty : new Big(f.qty).neg());
      expected.USD = expected.USD.minus(buy ? f.quoteQty : new Big(f.quoteQty).neg());
      const asset = f.commissionAsset as 'USD' | 'BTC';
      expected[asset] = expected[asset].minus(f.commission);
    }
    const locks = { USD: new Big(0), BTC: new Big(0) };
    const executing = new Map(engine.openOrderLists().map((l) => [l.orderListId, l]));
    for (const o of engine.openOrders()) {
      const remaining = new Big(o.origQty).minus(o.executedQty);
      const list = o.orderListId !== undefined ? executing.get(o.orderListId) : undefined;
      if (list && o.type === 'STOP_LOSS_LIMIT') continue; // the pair's lock is counted on its limit leg
      if (list) {
        const prices = list.orders.map((leg) => new Big(leg.price as string));
        const dearest = prices[0]!.gt(prices[1]!) ? prices[0]! : prices[1]!;
        if (o.side === 'BUY') locks.USD = locks.USD.plus(remaining.times(dearest));
        else locks.BTC = locks.BTC.plus(remaining);
      } else if (o.side === 'BUY') locks.USD = locks.USD.plus(remaining.times(o.price as string));
      else locks.BTC = locks.BTC.plus(remaining);
    }
    for (const b of engine.balances()) {
      const asset = b.asset as 'USD' | 'BTC';
      expect(new Big(b.free).plus(b.locked).eq(expected[asset]), `${asset} total after ${a.kind}`).toBe(true);
      expect(new Big(b.locked).eq(locks[asset]), `${asset} locked after ${a.kind}`).toBe(true);
      expect(new Big(b.free).gte(0)).toBe(true);
    }
  }
}

describe('OCO lists in the matching engine', () => {
  it('over random lists, orders, trades, cancels, refreshes and restarts then never both legs executed, never a leg open after the other executed or triggered, locks exact', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), (actions) => run(actions)),
      // A fixed seed keeps CI deterministic (FC_SEED explores others); 408862942 found the STP case.
      { numRuns: 300, seed: Number(process.env['FC_SEED'] ?? 408862942) },
    );
  });
});
