import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Balance } from '../../src/model/balance.js';
import { ExchangeRejection } from '../../src/model/errors.js';
import type { Fill } from '../../src/model/fill.js';
import type { BookLevel, OrderBook } from '../../src/model/market-snapshot.js';
import { Big, str } from '../../src/model/money.js';
import type { OrderRequest } from '../../src/model/order.js';
import { MatchingEngine } from '../../src/exchanges/simulator/matching-engine.js';
import { btcUsd } from './fixtures.js';
import { ManualClock } from './scripted-market-data.js';

const market = btcUsd();
const START: Balance[] = [
  { asset: 'USD', free: '5000', locked: '0' },
  { asset: 'BTC', free: '0.2', locked: '0' },
];

const cents = (c: number): string => (c / 100).toFixed(2);
const book = (id: number, depth: number): OrderBook => {
  const bids: BookLevel[] = [];
  const asks: BookLevel[] = [];
  for (let i = 0; i < depth; i += 1) {
    bids.push([cents(3_000_000 - 50 * i), '0.01']);
    asks.push([cents(3_000_050 + 50 * i), '0.01']);
  }
  return { symbol: 'BTCUSD', lastUpdateId: id, time: 0, bids, asks };
};

type Action =
  | { kind: 'market'; side: 'BUY' | 'SELL'; steps: number }
  | { kind: 'quote'; side: 'BUY' | 'SELL'; usd: number }
  | { kind: 'limit'; side: 'BUY' | 'SELL'; ticksFromMid: number; steps: number; tif: 'GTC' | 'IOC' | 'FOK' }
  | { kind: 'cancel'; pick: number }
  | { kind: 'trade'; ticksFromMid: number; steps: number }
  | { kind: 'refresh'; depth: number };

const side = fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL');
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('market' as const), side, steps: fc.integer({ min: 4, max: 5000 }) }),
  fc.record({ kind: fc.constant('quote' as const), side, usd: fc.integer({ min: 2, max: 2000 }) }),
  fc.record({
    kind: fc.constant('limit' as const),
    side,
    ticksFromMid: fc.integer({ min: -300, max: 300 }),
    steps: fc.integer({ min: 4, max: 3000 }),
    tif: fc.constantFrom<'GTC' | 'IOC' | 'FOK'>('GTC', 'IOC', 'FOK'),
  }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('trade' as const),
    ticksFromMid: fc.integer({ min: -300, max: 300 }),
    steps: fc.integer({ min: 1, max: 3000 }),
  }),
  fc.record({ kind: fc.constant('refresh' as const), depth: fc.integer({ min: 0, max: 20 }) }),
);

function run(actions: Action[]): { engine: MatchingEngine; fills: Fill[] } {
  const engine = new MatchingEngine({ clock: new ManualClock(), balances: START });
  let current = book(1, 10);
  let n = 0;
  const fills: Fill[] = [];
  for (const a of actions) {
    n += 1;
    const view = { market, book: current, lastPrice: '30000.25' };
    const qty = (steps: number): string => str(new Big(steps).times('0.00001'));
    let request: OrderRequest | undefined;
    if (a.kind === 'market')
      request = { clientOrderId: `o${n}`, symbol: 'BTCUSD', side: a.side, type: 'MARKET', quantity: qty(a.steps) };
    if (a.kind === 'quote')
      request = {
        clientOrderId: `o${n}`,
        symbol: 'BTCUSD',
        side: a.side,
        type: 'MARKET',
        quoteOrderQty: String(a.usd),
      };
    if (a.kind === 'limit') {
      request = {
        clientOrderId: `o${n}`,
        symbol: 'BTCUSD',
        side: a.side,
        type: 'LIMIT',
        timeInForce: a.tif,
        quantity: qty(a.steps),
        price: cents(3_000_025 + a.ticksFromMid),
      };
    }
    if (request) {
      try {
        fills.push(...engine.place(request, view).fills);
      } catch (error) {
        if (!(error instanceof ExchangeRejection)) throw error;
      }
    } else if (a.kind === 'cancel') {
      const open = engine.openOrders();
      if (open.length > 0) engine.cancel('BTCUSD', { orderId: open[a.pick % open.length].orderId });
    } else if (a.kind === 'trade') {
      const outcome = engine.onTrade({
        symbol: 'BTCUSD',
        price: cents(3_000_025 + a.ticksFromMid),
        qty: qty(a.steps),
        time: 0,
        buyerIsMaker: false,
      });
      for (const u of outcome.updates) fills.push(...u.fills);
    } else if (a.kind === 'refresh') {
      current = book(n + 1, a.depth);
    }
  }
  return { engine, fills };
}

describe('MatchingEngine money is conserved', () => {
  it('over random orders, cancels, trades and book refreshes then totals = start + fills − commissions, locks = what open orders hold, nothing negative', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), (actions) => {
        const { engine, fills } = run(actions);
        const expected = { USD: new Big(5000), BTC: new Big('0.2') };
        for (const f of fills) {
          const buy = f.side === 'BUY';
          expected.BTC = expected.BTC.plus(buy ? f.qty : new Big(f.qty).neg());
          expected.USD = expected.USD.minus(buy ? f.quoteQty : new Big(f.quoteQty).neg());
          expected[f.commissionAsset as 'USD' | 'BTC'] = expected[f.commissionAsset as 'USD' | 'BTC'].minus(
            f.commission,
          );
        }
        const locks = { USD: new Big(0), BTC: new Big(0) };
        for (const o of engine.openOrders()) {
          const remaining = new Big(o.origQty).minus(o.executedQty);
          if (o.side === 'BUY') locks.USD = locks.USD.plus(remaining.times(o.price as string));
          else locks.BTC = locks.BTC.plus(remaining);
        }
        for (const b of engine.balances()) {
          const asset = b.asset as 'USD' | 'BTC';
          expect(new Big(b.free).plus(b.locked).eq(expected[asset])).toBe(true);
          expect(new Big(b.locked).eq(locks[asset])).toBe(true);
          expect(new Big(b.free).gte(0)).toBe(true);
        }
        expect(engine.fills()).toEqual(fills);
      }),
      { numRuns: 300 },
    );
  });
});
