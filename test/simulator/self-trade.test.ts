/**
 * Self-trade prevention, the scenarios of Binance.US faqs/stp_faq.md on our own book: own resting
 * BUYs at 99.80 and 99.70 stand above the visible best bid 99.50 (then 99.00); the visible asks
 * start at 100.00. A SELL reaching them expires per the taker's mode, status EXPIRED_IN_MATCH.
 */
import { describe, expect, it } from 'vitest';
import { MatchingEngine, type MarketView } from '../../src/exchanges/simulator/matching-engine.js';
import { SimulatedBroker } from '../../src/exchanges/simulator/simulated-broker.js';
import { checkOrderFilters } from '../../src/model/filters.js';
import type { OrderBook } from '../../src/model/market-snapshot.js';
import type { OrderRequest, SelfTradePreventionMode } from '../../src/model/order.js';
import type { OrderUpdate } from '../../src/ports/broker.js';
import { btcUsd } from './fixtures.js';
import { ManualClock, ScriptedMarketData } from './scripted-market-data.js';

const BOOK: OrderBook = {
  symbol: 'BTCUSD',
  lastUpdateId: 1,
  time: 0,
  bids: [
    ['99.50', '1'],
    ['99.00', '2'],
  ],
  asks: [['100.00', '0.5']],
};
const view: MarketView = { market: btcUsd(), book: BOOK, lastPrice: '99.75' };
let n = 0;
const order = (
  side: 'BUY' | 'SELL',
  quantity: string,
  price?: string,
  over: Partial<OrderRequest> = {},
): OrderRequest => ({
  clientOrderId: `o${(n += 1)}`,
  symbol: 'BTCUSD',
  side,
  type: price === undefined ? 'MARKET' : 'LIMIT',
  ...(price === undefined ? {} : { price, timeInForce: 'GTC' as const }),
  quantity,
  ...over,
});

function withOwnBids() {
  const e = new MatchingEngine({
    clock: new ManualClock(),
    balances: [
      { asset: 'USD', free: '100', locked: '0' },
      { asset: 'BTC', free: '1', locked: '0' },
    ],
  });
  const first = e.place(order('BUY', '0.1', '99.80'), view).order;
  const second = e.place(order('BUY', '0.1', '99.70'), view).order;
  return { e, first, second };
}
const statusOf = (e: MatchingEngine, orderId: string) => e.order('BTCUSD', { orderId })?.status;
const sell = (mode?: SelfTradePreventionMode) =>
  order('SELL', '0.5', '99.00', mode === undefined ? {} : { selfTradePreventionMode: mode });

describe('self-trade prevention', () => {
  it('EXPIRE_MAKER (scenario B): both own bids expire, the SELL goes on and fills 0.5 at the visible 99.50', () => {
    const { e, first, second } = withOwnBids();
    const { order: taker, fills } = e.place(sell('EXPIRE_MAKER'), view);
    expect(fills.map((f) => [f.price, f.qty])).toEqual([['99.5', '0.5']]);
    expect(taker).toMatchObject({ status: 'FILLED', selfTradePreventionMode: 'EXPIRE_MAKER' });
    expect([statusOf(e, first.orderId), statusOf(e, second.orderId)]).toEqual(['EXPIRED_IN_MATCH', 'EXPIRED_IN_MATCH']);
    expect(e.takeSelfTradeUpdates().map((u) => [u.order.orderId, u.order.status])).toEqual([
      [first.orderId, 'EXPIRED_IN_MATCH'],
      [second.orderId, 'EXPIRED_IN_MATCH'],
    ]);
    // The bids' locks (9.98 + 9.97 USD) are free again; the SELL received 0.5 x 99.5 = 49.75 less 0.1 % (0.04975).
    expect(e.balances().find((b) => b.asset === 'USD')).toEqual({ asset: 'USD', free: '149.70025', locked: '0' });
  });

  it('no mode given then the Binance.US default EXPIRE_MAKER applies', () => {
    const { e, first } = withOwnBids();
    expect(e.place(sell(), view).order.status).toBe('FILLED');
    expect(statusOf(e, first.orderId)).toBe('EXPIRED_IN_MATCH');
  });

  it('EXPIRE_TAKER (scenario C): the SELL expires EXPIRED_IN_MATCH with nothing filled; the own bids stay', () => {
    const { e, first, second } = withOwnBids();
    const { order: taker, fills } = e.place(sell('EXPIRE_TAKER'), view);
    expect(fills).toEqual([]);
    expect(taker).toMatchObject({ status: 'EXPIRED_IN_MATCH', executedQty: '0' });
    expect([statusOf(e, first.orderId), statusOf(e, second.orderId)]).toEqual(['NEW', 'NEW']);
    expect(e.balances().find((b) => b.asset === 'BTC')).toEqual({ asset: 'BTC', free: '1', locked: '0' });
  });

  it('EXPIRE_BOTH (scenario D): the first own bid reached (99.80) and the SELL expire; 99.70 stays', () => {
    const { e, first, second } = withOwnBids();
    expect(e.place(sell('EXPIRE_BOTH'), view).order.status).toBe('EXPIRED_IN_MATCH');
    expect([statusOf(e, first.orderId), statusOf(e, second.orderId)]).toEqual(['EXPIRED_IN_MATCH', 'NEW']);
  });

  it('visible liquidity at better prices trades first: an own bid at 99.40 is reached after 1 at 99.50, then EXPIRE_TAKER ends the SELL', () => {
    const e = new MatchingEngine({
      clock: new ManualClock(),
      balances: [
        { asset: 'USD', free: '100', locked: '0' },
        { asset: 'BTC', free: '2', locked: '0' },
      ],
    });
    const own = e.place(order('BUY', '0.1', '99.40'), view).order;
    const { order: taker, fills } = e.place(
      order('SELL', '1.5', '99.00', { selfTradePreventionMode: 'EXPIRE_TAKER' }),
      view,
    );
    expect(fills.map((f) => [f.price, f.qty])).toEqual([['99.5', '1']]);
    expect(taker).toMatchObject({ status: 'EXPIRED_IN_MATCH', executedQty: '1' });
    expect(statusOf(e, own.orderId)).toBe('NEW');
  });

  it('a MARKET SELL with EXPIRE_MAKER (scenario F) then expires the own bid and fills from the visible book', () => {
    const { e, first } = withOwnBids();
    const { order: taker } = e.place(
      order('SELL', '0.2', undefined, { selfTradePreventionMode: 'EXPIRE_MAKER' }),
      view,
    );
    expect(taker).toMatchObject({ status: 'FILLED', executedQty: '0.2' });
    expect(statusOf(e, first.orderId)).toBe('EXPIRED_IN_MATCH');
  });

  it('a SELL that does not reach the own bids (limit 99.90) then leaves them alone and rests', () => {
    const { e, first } = withOwnBids();
    expect(e.place(order('SELL', '0.1', '99.90', { selfTradePreventionMode: 'EXPIRE_BOTH' }), view).order.status).toBe(
      'NEW',
    );
    expect(statusOf(e, first.orderId)).toBe('NEW');
  });

  it('a LIMIT_MAKER SELL at 99.75 under an own bid at 99.80 then would take: -2010 Order would immediately match and take.', () => {
    const { e } = withOwnBids();
    expect(() => e.place(order('SELL', '0.1', '99.75', { type: 'LIMIT_MAKER', timeInForce: undefined }), view)).toThrow(
      'Order would immediately match and take.',
    );
  });

  it('a FOK SELL with EXPIRE_TAKER that would reach an own bid before filling then ends EXPIRED_IN_MATCH without a fill', () => {
    const { e } = withOwnBids();
    const { order: taker, fills } = e.place(sell('EXPIRE_TAKER'), { ...view });
    expect(taker.status).toBe('EXPIRED_IN_MATCH');
    const fok = e.place(
      order('SELL', '0.5', '99.00', { timeInForce: 'FOK', selfTradePreventionMode: 'EXPIRE_TAKER' }),
      view,
    );
    expect([fok.order.status, fok.fills.length, fills.length]).toEqual(['EXPIRED_IN_MATCH', 0, 0]);
  });

  it('a mode the symbol does not allow then -1013 This symbol does not allow the specified self-trade prevention mode.', () => {
    const market = btcUsd({ allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_BOTH'] });
    const verdict = checkOrderFilters(market, sell('EXPIRE_MAKER'), { referencePrice: '99.75' });
    expect([verdict?.code, verdict?.message]).toEqual([
      -1013,
      'This symbol does not allow the specified self-trade prevention mode.',
    ]);
  });

  it('the simulated broker then reports the expired own order to its listeners (the journal learns it)', async () => {
    const clock = new ManualClock();
    const marketData = new ScriptedMarketData(clock, [btcUsd()]);
    marketData.setBook('BTCUSD', BOOK.bids, BOOK.asks);
    marketData.setLastPrice('BTCUSD', '99.75');
    const broker = new SimulatedBroker({
      marketData,
      clock,
      balances: [
        { asset: 'USD', free: '100', locked: '0' },
        { asset: 'BTC', free: '1', locked: '0' },
      ],
    });
    const seen: OrderUpdate[] = [];
    broker.onOrderUpdate((u) => seen.push(u));
    const own = (await broker.placeOrder(order('BUY', '0.1', '99.80'))).order;
    await broker.placeOrder(sell());
    expect(seen.map((u) => [u.order.orderId, u.order.status])).toEqual([[own.orderId, 'EXPIRED_IN_MATCH']]);
    expect(seen[0].reason).toMatch(/self-trade prevention \(EXPIRE_MAKER\)/);
    expect(await broker.openOrders()).toEqual([]);
    await broker.close();
  });
});
