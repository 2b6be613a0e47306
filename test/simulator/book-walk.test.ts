/**
 * Book walking against a hand-worked example. Book (BTCUSD, taker fee 0.1 %):
 *   asks 100.00 × 0.5 | 100.50 × 1.0 | 101.00 × 0.25        bids 99.50 × 1.0 | 99.00 × 2.0
 * MARKET BUY 2 BTC:
 *   0.5  @ 100.00 =  50.00 USD, fee 0.0005  BTC
 *   1.0  @ 100.50 = 100.50 USD, fee 0.001   BTC
 *   0.25 @ 101.00 =  25.25 USD, fee 0.00025 BTC
 *   executed 1.75 of 2, 175.75 USD, average 175.75 / 1.75 = 100.4285714..., remainder 0.25 EXPIRED
 *   USD 10,000 - 175.75 = 9,824.25; BTC 1.75 - 0.00175 = 1.74825
 */
import { describe, expect, it } from 'vitest';
import type { OrderBook } from '../../src/model/market-snapshot.js';
import { div } from '../../src/model/money.js';
import type { OrderRequest } from '../../src/model/order.js';
import { MatchingEngine } from '../../src/exchanges/simulator/matching-engine.js';
import { btcUsd } from './fixtures.js';
import { ManualClock } from './scripted-market-data.js';

const market = btcUsd();
const book = (lastUpdateId: number): OrderBook => ({
  symbol: 'BTCUSD',
  lastUpdateId,
  time: 0,
  bids: [
    ['99.50', '1.0'],
    ['99.00', '2.0'],
  ],
  asks: [
    ['100.00', '0.5'],
    ['100.50', '1.0'],
    ['101.00', '0.25'],
  ],
});
const market_ = (side: 'BUY' | 'SELL', qty: Partial<OrderRequest>, id: string): OrderRequest => ({
  clientOrderId: id,
  symbol: 'BTCUSD',
  side,
  type: 'MARKET',
  ...qty,
});

function engine(): MatchingEngine {
  return new MatchingEngine({
    clock: new ManualClock(1_000),
    balances: [
      { asset: 'USD', free: '10000', locked: '0' },
      { asset: 'BTC', free: '3', locked: '0' },
    ],
  });
}

describe('book walking, hand-worked', () => {
  it('MARKET BUY larger than the book then fills level by level and the remainder EXPIRES', () => {
    const e = engine();
    const { order, fills } = e.place(market_('BUY', { quantity: '2' }, 'a'), {
      market,
      book: book(1),
      lastPrice: '100',
    });
    expect(fills.map((f) => [f.price, f.qty, f.quoteQty, f.commission, f.commissionAsset, f.isMaker])).toEqual([
      ['100', '0.5', '50', '0.0005', 'BTC', false],
      ['100.5', '1', '100.5', '0.001', 'BTC', false],
      ['101', '0.25', '25.25', '0.00025', 'BTC', false],
    ]);
    expect(order).toMatchObject({
      status: 'EXPIRED',
      origQty: '2',
      executedQty: '1.75',
      cummulativeQuoteQty: '175.75',
    });
    expect(div(order.cummulativeQuoteQty, order.executedQty, 10)).toBe('100.4285714285');
    expect(e.balances()).toEqual([
      { asset: 'BTC', free: '4.74825', locked: '0' },
      { asset: 'USD', free: '9824.25', locked: '0' },
    ]);
  });

  it('a second MARKET BUY on the same snapshot then finds the liquidity already taken; a new snapshot restores it', () => {
    const e = engine();
    e.place(market_('BUY', { quantity: '0.6' }, 'a'), { market, book: book(1), lastPrice: '100' });
    const second = e.place(market_('BUY', { quantity: '0.1' }, 'b'), { market, book: book(1), lastPrice: '100' });
    expect(second.fills.map((f) => [f.price, f.qty])).toEqual([['100.5', '0.1']]);
    const third = e.place(market_('BUY', { quantity: '0.1' }, 'c'), { market, book: book(2), lastPrice: '100' });
    expect(third.fills.map((f) => [f.price, f.qty])).toEqual([['100', '0.1']]);
  });

  it('MARKET SELL then hits the bids best first and charges the fee in USD', () => {
    const e = engine();
    const { order, fills } = e.place(market_('SELL', { quantity: '1.5' }, 'a'), {
      market,
      book: book(1),
      lastPrice: '100',
    });
    expect(fills.map((f) => [f.price, f.qty, f.quoteQty, f.commission, f.commissionAsset])).toEqual([
      ['99.5', '1', '99.5', '0.0995', 'USD'],
      ['99', '0.5', '49.5', '0.0495', 'USD'],
    ]);
    expect(order).toMatchObject({ status: 'FILLED', executedQty: '1.5', cummulativeQuoteQty: '149' });
    expect(e.balances()).toContainEqual({ asset: 'USD', free: '10148.851', locked: '0' });
  });

  it('MARKET BUY by quoteOrderQty 100 then spends down to the last affordable step and is FILLED', () => {
    // 0.5 @ 100 = 50; then 50 / 100.50 = 0.497512... → 0.49751 BTC costing 49.999755; 0.000245 USD unspent.
    const e = engine();
    const { order, fills } = e.place(market_('BUY', { quoteOrderQty: '100' }, 'a'), {
      market,
      book: book(1),
      lastPrice: '100',
    });
    expect(fills.map((f) => [f.price, f.qty, f.quoteQty])).toEqual([
      ['100', '0.5', '50'],
      ['100.5', '0.49751', '49.999755'],
    ]);
    expect(order).toMatchObject({
      status: 'FILLED',
      origQty: '0.99751',
      origQuoteOrderQty: '100',
      executedQty: '0.99751',
      cummulativeQuoteQty: '99.999755',
    });
  });

  it('MARKET BUY by quoteOrderQty beyond the whole book then EXPIRES after taking everything', () => {
    const e = engine();
    const { order } = e.place(market_('BUY', { quoteOrderQty: '500' }, 'a'), {
      market,
      book: book(1),
      lastPrice: '100',
    });
    expect(order).toMatchObject({ status: 'EXPIRED', executedQty: '1.75', cummulativeQuoteQty: '175.75' });
  });

  it('MARKET BUY whose walked cost exceeds the free quote then rejects -2010 and changes nothing', () => {
    const e = new MatchingEngine({ clock: new ManualClock(), balances: [{ asset: 'USD', free: '150', locked: '0' }] });
    expect(() =>
      e.place(market_('BUY', { quantity: '1.5' }, 'a'), { market, book: book(1), lastPrice: '100' }),
    ).toThrowError(
      expect.objectContaining({ code: -2010, message: 'Account has insufficient balance for requested action.' }),
    );
    expect(e.balances()).toEqual([{ asset: 'USD', free: '150', locked: '0' }]);
    // 1.49 costs 0.5 × 100 + 0.99 × 100.5 = 149.495: affordable.
    expect(
      e.place(market_('BUY', { quantity: '1.49' }, 'b'), { market, book: book(1), lastPrice: '100' }).order.status,
    ).toBe('FILLED');
  });

  it('MARKET order on an empty book then EXPIRES with nothing filled', () => {
    const e = engine();
    const empty: OrderBook = { symbol: 'BTCUSD', lastUpdateId: 9, time: 0, bids: [], asks: [] };
    const { order, fills } = e.place(market_('BUY', { quantity: '0.1' }, 'a'), {
      market,
      book: empty,
      lastPrice: '100',
    });
    expect(fills).toEqual([]);
    expect(order).toMatchObject({ status: 'EXPIRED', executedQty: '0' });
  });
});
