import { describe, expect, it } from 'vitest';
import type { Balance } from '../../src/model/balance.js';
import type { OrderBook, TradeTick } from '../../src/model/market-snapshot.js';
import type { OrderRequest } from '../../src/model/order.js';
import { MatchingEngine, type MarketView } from '../../src/exchanges/simulator/matching-engine.js';
import { btcUsd } from './fixtures.js';
import { ManualClock } from './scripted-market-data.js';

const market = btcUsd();
const BOOK: OrderBook = {
  symbol: 'BTCUSD',
  lastUpdateId: 1,
  time: 0,
  bids: [
    ['99.50', '1'],
    ['99.00', '2'],
  ],
  asks: [
    ['100.00', '0.5'],
    ['100.50', '1'],
    ['101.00', '0.25'],
  ],
};
const view: MarketView = { market, book: BOOK, lastPrice: '100' };
const START: Balance[] = [
  { asset: 'USD', free: '10000', locked: '0' },
  { asset: 'BTC', free: '2', locked: '0' },
];

let ids = 0;
const limit = (
  side: 'BUY' | 'SELL',
  quantity: string,
  price: string,
  over: Partial<OrderRequest> = {},
): OrderRequest => ({
  clientOrderId: `c${(ids += 1)}`,
  symbol: 'BTCUSD',
  side,
  type: 'LIMIT',
  timeInForce: 'GTC',
  quantity,
  price,
  ...over,
});
const tick = (price: string, qty = '10'): TradeTick => ({ symbol: 'BTCUSD', price, qty, time: 0, buyerIsMaker: false });

function engine(balances: Balance[] = START): MatchingEngine {
  return new MatchingEngine({ clock: new ManualClock(5_000), balances });
}
const balanceOf = (e: MatchingEngine, asset: string): Balance | undefined =>
  e.balances().find((b) => b.asset === asset);

describe('MatchingEngine LIMIT orders', () => {
  it('LIMIT GTC BUY crossing two levels then takes them as taker and rests the rest as PARTIALLY_FILLED', () => {
    const e = engine();
    const { order, fills } = e.place(limit('BUY', '2', '100.50'), view);
    expect(fills.map((f) => [f.price, f.qty, f.isMaker])).toEqual([
      ['100', '0.5', false],
      ['100.5', '1', false],
    ]);
    expect(order).toMatchObject({
      status: 'PARTIALLY_FILLED',
      executedQty: '1.5',
      cummulativeQuoteQty: '150.5',
      price: '100.5',
    });
    // 0.5 left resting at 100.50 locks 50.25 USD; 150.5 spent.
    expect(balanceOf(e, 'USD')).toEqual({ asset: 'USD', free: '9799.25', locked: '50.25' });
    expect(e.openOrders().map((o) => o.orderId)).toEqual([order.orderId]);
  });

  it('LIMIT IOC then fills what crosses and EXPIRES the rest, unlocking it', () => {
    const e = engine();
    const { order } = e.place(limit('BUY', '2', '100.00', { timeInForce: 'IOC' }), view);
    expect(order).toMatchObject({ status: 'EXPIRED', executedQty: '0.5' });
    expect(balanceOf(e, 'USD')).toEqual({ asset: 'USD', free: '9950', locked: '0' });
    expect(e.openOrders()).toEqual([]);
  });

  it('LIMIT FOK that cannot fill entirely then EXPIRES with no fill; one that can then FILLS', () => {
    const e = engine();
    const failed = e.place(limit('BUY', '1.6', '100.50', { timeInForce: 'FOK' }), view);
    expect(failed.fills).toEqual([]);
    expect(failed.order).toMatchObject({ status: 'EXPIRED', executedQty: '0' });
    expect(balanceOf(e, 'USD')).toEqual({ asset: 'USD', free: '10000', locked: '0' });
    const filled = e.place(limit('BUY', '1.5', '100.50', { timeInForce: 'FOK' }), view);
    expect(filled.order).toMatchObject({ status: 'FILLED', executedQty: '1.5' });
  });

  it('LIMIT_MAKER that would cross the book then rejects -2010 would take, and locks nothing', () => {
    const e = engine();
    expect(() =>
      e.place(limit('BUY', '0.1', '100.00', { type: 'LIMIT_MAKER', timeInForce: undefined }), view),
    ).toThrowError(expect.objectContaining({ code: -2010, message: 'Order would immediately match and take.' }));
    expect(balanceOf(e, 'USD')?.locked).toBe('0');
    const maker = e.place(limit('BUY', '0.1', '99.99', { type: 'LIMIT_MAKER', timeInForce: undefined }), view);
    expect(maker.order.status).toBe('NEW');
  });

  it('LIMIT BUY beyond the free quote then rejects -2010 insufficient balance', () => {
    const e = engine();
    expect(() => e.place(limit('BUY', '102', '99'), view)).toThrowError(expect.objectContaining({ code: -2010 }));
    e.place(limit('BUY', '100', '99'), view); // locks 9,900
    expect(() => e.place(limit('BUY', '2', '99'), view)).toThrowError(
      expect.objectContaining({ message: 'Account has insufficient balance for requested action.' }),
    );
  });

  it('a filter failure then rejects -1013 before touching the book', () => {
    const e = engine();
    expect(() => e.place(limit('BUY', '0.123456', '99'), view)).toThrowError(
      expect.objectContaining({ code: -1013, message: 'Filter failure: LOT_SIZE' }),
    );
  });
});

describe('MatchingEngine resting orders and trades', () => {
  it('a resting BUY when a trade prints at its price then does not fill; strictly below then fills as maker at the limit', () => {
    const e = engine();
    const { order } = e.place(limit('BUY', '0.4', '99.00'), view);
    expect(e.onTrade(tick('99.00')).updates).toEqual([]);
    const { updates } = e.onTrade(tick('98.99'));
    expect(updates).toHaveLength(1);
    expect(updates[0].order).toMatchObject({
      orderId: order.orderId,
      status: 'FILLED',
      executedQty: '0.4',
      cummulativeQuoteQty: '39.6',
    });
    expect(updates[0].fills.map((f) => [f.price, f.qty, f.isMaker, f.commission, f.commissionAsset])).toEqual([
      ['99', '0.4', true, '0.0004', 'BTC'],
    ]);
    expect(balanceOf(e, 'USD')).toEqual({ asset: 'USD', free: '9960.4', locked: '0' });
    expect(balanceOf(e, 'BTC')).toEqual({ asset: 'BTC', free: '2.3996', locked: '0' });
  });

  it('resting orders when a small print trades through then share its quantity, best price first', () => {
    const e = engine();
    const low = e.place(limit('BUY', '0.3', '98.00'), view).order;
    const high = e.place(limit('BUY', '0.3', '99.00'), view).order;
    const { updates } = e.onTrade(tick('97.50', '0.4'));
    expect(updates.map((u) => [u.order.orderId, u.order.status, u.order.executedQty])).toEqual([
      [high.orderId, 'FILLED', '0.3'],
      [low.orderId, 'PARTIALLY_FILLED', '0.1'],
    ]);
  });

  it('a resting SELL when a trade prints above it then fills as maker, fee in USD', () => {
    const e = engine();
    e.place(limit('SELL', '1', '101.00'), view);
    expect(balanceOf(e, 'BTC')).toEqual({ asset: 'BTC', free: '1', locked: '1' });
    const { updates } = e.onTrade(tick('101.01'));
    expect(updates[0].fills.map((f) => [f.price, f.quoteQty, f.commission, f.commissionAsset])).toEqual([
      ['101', '101', '0.101', 'USD'],
    ]);
    expect(balanceOf(e, 'BTC')).toEqual({ asset: 'BTC', free: '1', locked: '0' });
    expect(balanceOf(e, 'USD')).toEqual({ asset: 'USD', free: '10100.899', locked: '0' });
  });

  it('cancel of a resting order then CANCELED and funds unlocked; cancel again then -2011', () => {
    const e = engine();
    const { order } = e.place(limit('BUY', '1', '90'), view);
    expect(balanceOf(e, 'USD')?.locked).toBe('90');
    expect(e.cancel('BTCUSD', { orderId: order.orderId }).status).toBe('CANCELED');
    expect(balanceOf(e, 'USD')).toEqual({ asset: 'USD', free: '10000', locked: '0' });
    expect(() => e.cancel('BTCUSD', { orderId: order.orderId })).toThrowError(
      expect.objectContaining({ code: -2011, message: 'Unknown order sent.' }),
    );
    expect(() => e.cancel('ETHUSD', { clientOrderId: order.clientOrderId })).toThrowError(
      expect.objectContaining({ code: -2011 }),
    );
  });

  it('the clientOrderId of an open order then -2010 Duplicate order sent. and places nothing', () => {
    const e = engine();
    e.place(limit('BUY', '1', '90', { clientOrderId: 'same' }), view);
    expect(() => e.place(limit('BUY', '2', '80', { clientOrderId: 'same' }), view)).toThrow('Duplicate order sent.');
    expect(e.openOrders()).toHaveLength(1);
  });

  it('order and trade ids increase from 1 with the prefix', () => {
    const e = new MatchingEngine({ clock: new ManualClock(), balances: START, idPrefix: 'sim-' });
    const a = e.place(limit('BUY', '0.6', '100.50'), view);
    const b = e.place(limit('BUY', '0.1', '90'), view);
    expect([a.order.orderId, b.order.orderId]).toEqual(['sim-1', 'sim-2']);
    expect(a.fills.map((f) => f.tradeId)).toEqual(['sim-1', 'sim-2']);
  });
});

describe('MatchingEngine stop orders', () => {
  const stop = (
    type: 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT_LIMIT',
    side: 'BUY' | 'SELL',
    stopPrice: string,
    price: string,
    quantity = '0.5',
  ) => limit(side, quantity, price, { type, stopPrice });

  it.each([
    ['STOP_LOSS_LIMIT', 'SELL', '100.00'],
    ['STOP_LOSS_LIMIT', 'BUY', '99.99'],
    ['TAKE_PROFIT_LIMIT', 'SELL', '99.99'],
    ['TAKE_PROFIT_LIMIT', 'BUY', '100.00'],
  ] as const)(
    '%s %s with stop %s when the last price is 100 then rejects -2010 would trigger immediately',
    (type, side, stopPrice) => {
      const e = engine();
      expect(() => e.place(stop(type, side, stopPrice, stopPrice), view)).toThrowError(
        expect.objectContaining({ code: -2010, message: 'Order would trigger immediately.' }),
      );
    },
  );

  it('STOP_LOSS_LIMIT SELL then locks the base, triggers when a trade prints at the stop, and works as a LIMIT against the book', () => {
    const e = engine();
    const { order } = e.place(stop('STOP_LOSS_LIMIT', 'SELL', '99.50', '99.00', '1.5'), view);
    expect(order).toMatchObject({ status: 'NEW', triggered: false, stopPrice: '99.5', price: '99' });
    expect(balanceOf(e, 'BTC')?.locked).toBe('1.5');
    expect(e.onTrade(tick('99.51'))).toEqual({ updates: [], awaitingBook: false });
    const triggered = e.onTrade(tick('99.50'));
    expect(triggered.awaitingBook).toBe(true);
    expect(triggered.updates[0].order).toMatchObject({ status: 'NEW', triggered: true });
    const worked = e.workTriggered(view);
    expect(worked[0].fills.map((f) => [f.price, f.qty, f.isMaker])).toEqual([
      ['99.5', '1', false],
      ['99', '0.5', false],
    ]);
    expect(worked[0].order.status).toBe('FILLED');
    expect(balanceOf(e, 'BTC')).toEqual({ asset: 'BTC', free: '0.5', locked: '0' });
  });

  it('TAKE_PROFIT_LIMIT SELL when triggered above the book then rests and later fills as maker', () => {
    const e = engine();
    const { order } = e.place(stop('TAKE_PROFIT_LIMIT', 'SELL', '105.00', '105.00'), view);
    e.onTrade(tick('105.00'));
    const worked = e.workTriggered(view);
    expect(worked[0].order).toMatchObject({ status: 'NEW', triggered: true });
    const { updates } = e.onTrade(tick('105.01'));
    expect(updates[0].order).toMatchObject({ orderId: order.orderId, status: 'FILLED' });
    expect(updates[0].fills[0].isMaker).toBe(true);
  });
});

describe('MatchingEngine restore and reset', () => {
  it('restore from stored totals and open orders then re-derives the locks and keeps matching', () => {
    const first = engine();
    const resting = first.place(limit('BUY', '1', '90'), view).order;
    const stored = first.balances(); // USD free 9910, locked 90
    const e = engine([]);
    e.restore({ balances: stored, openOrders: [resting] }, new Map([['BTCUSD', market]]));
    expect(balanceOf(e, 'USD')).toEqual({ asset: 'USD', free: '9910', locked: '90' });
    expect(e.openOrders()).toEqual([resting]);
    const next = e.place(limit('BUY', '0.1', '90'), view).order;
    expect(Number(next.orderId)).toBeGreaterThan(Number(resting.orderId));
    expect(e.onTrade(tick('89.99')).updates[0].order.status).toBe('FILLED');
  });

  it('restore when stored totals cannot cover the open orders then throws', () => {
    const resting = engine().place(limit('BUY', '1', '90'), view).order;
    expect(() =>
      engine([]).restore(
        { balances: [{ asset: 'USD', free: '10', locked: '0' }], openOrders: [resting] },
        new Map([['BTCUSD', market]]),
      ),
    ).toThrowError(/USD total is less than the open orders hold/);
  });

  it('reset then cancels open orders and replaces the balances', () => {
    const e = engine();
    e.place(limit('BUY', '1', '90'), view);
    const updates = e.reset([{ asset: 'USD', free: '500', locked: '0' }]);
    expect(updates.map((u) => u.order.status)).toEqual(['CANCELED']);
    expect(e.balances()).toEqual([{ asset: 'USD', free: '500', locked: '0' }]);
    expect(e.openOrders()).toEqual([]);
  });

  it('feeOverrides for a symbol then charge those rates instead of the market schedule', () => {
    const e = new MatchingEngine({
      clock: new ManualClock(),
      balances: START,
      feeOverrides: { BTCUSD: { maker: '0', taker: '0.005' } },
    });
    const { fills } = e.place(
      { clientOrderId: 'm', symbol: 'BTCUSD', side: 'BUY', type: 'MARKET', quantity: '0.2' },
      view,
    );
    expect(fills[0].commission).toBe('0.001');
  });
});
