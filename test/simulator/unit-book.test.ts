/**
 * Books handed to the engine as integers (unit-book.ts) against the same books as text: the
 * synthetic book makes the same levels however far it is read (and the levels it made before it
 * was lazy), and the engine fills the same from either form, also when the book's decimals are
 * not the symbol's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookText, synthesizeBook, unitBook, type BookShape } from '../../src/exchanges/synthetic/book.js';
import { Rng } from '../../src/exchanges/synthetic/rng.js';
import { formatUnits } from '../../src/exchanges/synthetic/units.js';
import { toUnits } from '../../src/exchanges/simulator/fixed-point.js';
import { symbolScale } from '../../src/exchanges/simulator/symbol-scale.js';
import { MatchingEngine } from '../../src/exchanges/simulator/matching-engine.js';
import { rescaled, VisibleBook } from '../../src/exchanges/simulator/visible-book.js';
import type { BookLevel, OrderBook } from '../../src/model/market-snapshot.js';
import type { Market } from '../../src/model/market.js';
import { btcUsd } from './fixtures.js';
import { ManualClock } from './scripted-market-data.js';

const shape = (over: Partial<BookShape> = {}): BookShape => ({
  symbol: 'BTCUSD',
  key: 0x5eed,
  priceDecimals: 2,
  qtyDecimals: 6,
  tickUnits: 1,
  stepUnits: 10,
  minQtyUnits: 10,
  levelQtyUnits: 400_000,
  spreadBps: 2,
  maxPriceUnits: 0,
  ...over,
});

/** The book as synthesizeBook made it before it was lazy: every level of both sides at once, as text. */
function eagerBook(s: BookShape, last: number, time: number, limit: number): OrderBook {
  const bucket = Math.floor(time / 1000);
  const rng0 = new Rng(s.key, bucket, 0xb0);
  const spreadTicks = Math.max(1, Math.round((last * s.spreadBps) / 10_000 / s.tickUnits));
  const below = Math.min(spreadTicks, Math.floor(rng0.next() * (spreadTicks + 1)));
  let bid = last - below * s.tickUnits;
  if (bid < s.tickUnits) bid = s.tickUnits;
  const ask = bid + spreadTicks * s.tickUnits;
  const side = (best: number, direction: 1 | -1, rng: Rng): BookLevel[] => {
    const levels: BookLevel[] = [];
    const meanGapTicks = Math.max(1, (best * 0.12) / s.tickUnits / 5000);
    let price = best;
    for (let i = 0; i < limit; i++) {
      if (price < s.tickUnits) break;
      if (s.maxPriceUnits > 0 && price > s.maxPriceUnits) break;
      const distance = i / 5000;
      const size = s.levelQtyUnits * (1 + 6 * Math.sqrt(distance)) * Math.exp(0.6 * rng.normal());
      const qty = Math.max(s.minQtyUnits, Math.round(size / s.stepUnits) * s.stepUnits);
      levels.push([formatUnits(price, s.priceDecimals), formatUnits(qty, s.qtyDecimals)]);
      const gap = 1 + Math.floor((meanGapTicks - 1) * 2 * distance * rng.exponential());
      price += direction * gap * s.tickUnits;
    }
    return levels;
  };
  return {
    symbol: s.symbol,
    lastUpdateId: Math.floor(time / 100),
    bids: side(bid, -1, new Rng(s.key, bucket, 0xb1)),
    asks: side(ask, 1, new Rng(s.key, bucket, 0xb2)),
    time,
  };
}

describe('the synthetic book in integers', () => {
  it('has the levels the eager text book had, for any depth, near the price floor and ceiling too', () => {
    const cases: [BookShape, number][] = [
      [shape(), 4_321_000],
      [shape({ tickUnits: 5, spreadBps: 30 }), 1_000_005],
      [shape({ priceDecimals: 4 }), 900], // bids run into one tick
      [shape({ maxPriceUnits: 4_330_000 }), 4_321_000], // asks stop at the highest price
    ];
    for (const [s, last] of cases)
      for (const limit of [1, 5, 50, 1000, 5000])
        for (const time of [0, 1_234_567, 1.7e12 + 999])
          expect(synthesizeBook(s, last, time, limit)).toEqual(eagerBook(s, last, time, limit));
  });

  it('makes the same levels whether a side is read a few at a time, out of order, or all at once', () => {
    const s = shape();
    const full = unitBook(s, 4_321_000, 5_000, 300);
    const lazy = unitBook(s, 4_321_000, 5_000, 300);
    for (const i of [3, 0, 17, 16, 299, 120]) {
      expect(lazy.asks.has(i)).toBe(true);
      expect(lazy.asks.price(i)).toBeGreaterThan(0);
    }
    for (let i = 0; i < 300; i++) {
      expect(full.asks.has(i) && full.bids.has(i)).toBe(true);
      expect([lazy.asks.price(i), lazy.asks.qty(i)]).toEqual([full.asks.price(i), full.asks.qty(i)]);
    }
    expect(lazy.asks.has(300)).toBe(false);
    expect(bookText(lazy)).toEqual(bookText(full));
  });
});

describe('rescaled', () => {
  it('converts like parsing the formatted text at the other decimals (rounding up or down)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.maxSafeNat()),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom('up' as const, 'down' as const),
        (units, from, to, rounding) => {
          let expected: number | string;
          try {
            expected = toUnits(formatUnits(units, from), to, rounding);
          } catch (error) {
            expected = (error as Error).message;
          }
          let actual: number | string;
          try {
            actual = rescaled(units, from, to, rounding);
          } catch (error) {
            actual = (error as Error).message;
          }
          expect(actual).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('the engine fills the same from a book in integers as from its text', () => {
  // A symbol whose tick and step differ from the book's decimals: prices and quantities must be rounded as text would be.
  const withSteps = (tickSize: string, stepSize: string): Market => {
    const m = btcUsd();
    return {
      ...m,
      filters: {
        ...m.filters,
        price: { ...m.filters.price, minPrice: tickSize, tickSize },
        lotSize: { ...m.filters.lotSize, minQty: stepSize, stepSize },
      },
    };
  };
  // The book has 2 price and 6 quantity decimals; the symbol's tick and step may have other decimals.
  const markets: [string, Market][] = [
    ['same decimals', withSteps('0.01', '0.000001')],
    ['a coarser step (quantities rounded down)', withSteps('0.01', '0.00001')],
    ['a finer tick and step', withSteps('0.0001', '0.00000001')],
    ['a coarser tick (asks rounded up, bids down)', withSteps('0.1', '0.001')],
  ];
  for (const [name, market] of markets) {
    it(name, () => {
      const s = shape({ levelQtyUnits: 40_000 });
      const runs = (form: 'text' | 'units') => {
        const clock = new ManualClock(0);
        const at = (t: number) => clock.advance(t - clock.now());
        const engine = new MatchingEngine({
          clock,
          balances: [
            { asset: 'USD', free: '10000000', locked: '0' },
            { asset: 'BTC', free: '1000', locked: '0' },
          ],
        });
        const out: unknown[] = [];
        let n = 0;
        for (const time of [1_000, 1_000, 2_500, 7_000]) {
          at(time);
          const units = unitBook(s, 4_321_000, time, 50);
          const book = form === 'units' ? units : bookText(unitBook(s, 4_321_000, time, 50));
          const view = { market, book, lastPrice: '43210.00' };
          for (const request of [
            { side: 'BUY' as const, type: 'MARKET' as const, quoteOrderQty: '2500.5' },
            { side: 'SELL' as const, type: 'MARKET' as const, quantity: '0.12345' },
            {
              side: 'BUY' as const,
              type: 'LIMIT' as const,
              timeInForce: 'IOC' as const,
              price: '43230.5',
              quantity: '0.3',
            },
            {
              side: 'SELL' as const,
              type: 'LIMIT' as const,
              timeInForce: 'FOK' as const,
              price: '43190.1',
              quantity: '0.4',
            },
            { side: 'SELL' as const, type: 'MARKET' as const, quoteOrderQty: '100000' },
          ]) {
            n += 1;
            try {
              out.push(engine.place({ clientOrderId: `c${n}`, symbol: market.symbol, ...request }, view));
            } catch (error) {
              out.push((error as Error).message);
            }
          }
        }
        out.push(engine.balances());
        return out;
      };
      const units = runs('units');
      // Most orders trade (the comparison is not of refusals only).
      expect(
        units.filter(
          (r) => typeof r === 'object' && r !== null && 'fills' in r && (r as { fills: unknown[] }).fills.length > 0,
        ).length,
      ).toBeGreaterThanOrEqual(12);
      expect(units).toEqual(runs('text'));
    });
  }

  it('reads no level of a side nobody takes from', () => {
    const s = shape();
    const book = unitBook(s, 4_321_000, 1_000, 50);
    const read: number[] = [];
    const asks = book.asks;
    book.asks = { has: (i) => (read.push(i), asks.has(i)), price: (i) => asks.price(i), qty: (i) => asks.qty(i) };
    const bids = book.bids;
    book.bids = { has: () => expect.unreachable('the bids were read'), price: bids.price, qty: bids.qty };
    const visible = new VisibleBook(book, symbolScale(btcUsd(), btcUsd().fees));
    expect(visible.asks.best()).toBeGreaterThan(0);
    expect(Math.max(...read)).toBe(0);
  });
});
