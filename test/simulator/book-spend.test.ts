/**
 * A walk by quote budget (BookSide.spend, MARKET orders by quoteOrderQty) in plain numbers gives
 * exactly what the bigint walk below gives: the same quantity, budget left, exhaustion and fills,
 * for budgets and prices on both sides of the safe-integer range, with empty levels, on a side
 * already partly consumed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VisibleBook } from '../../src/exchanges/simulator/visible-book.js';
import { symbolScale } from '../../src/exchanges/simulator/symbol-scale.js';
import type { OrderBook } from '../../src/model/market-snapshot.js';
import { btcUsd } from './fixtures.js';

/** The walk as first written, in bigints, over plain level arrays (consumed in place). */
function bigintSpend(prices: number[], qtys: number[], budget: bigint, notionalAtto: bigint, step: number) {
  let left = budget;
  let taken = 0;
  let exhausted = true;
  const fills: [number, number][] = [];
  const stepBig = BigInt(step);
  for (let i = 0; i < prices.length; i += 1) {
    const level = qtys[i]!;
    if (level === 0) continue;
    const unitCost = BigInt(prices[i]!) * notionalAtto;
    const affordable = Number((left / (unitCost * stepBig)) * stepBig);
    const q = level < affordable ? level : affordable;
    if (q > 0) {
      left -= unitCost * BigInt(q);
      taken += q;
      qtys[i] = level - q;
      fills.push([prices[i]!, q]);
    }
    if (q < level) {
      exhausted = false;
      break;
    }
  }
  return { qty: taken, left, exhausted: exhausted && left > 0n, fills };
}

const text = (units: number, decimals: number) => {
  const digits = String(units).padStart(decimals + 1, '0');
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
};

describe('BookSide.spend', () => {
  it('walks a quote budget exactly as the bigint walk does', () => {
    const market = btcUsd({
      filters: { ...btcUsd().filters, marketLotSize: { minQty: '0', maxQty: '0', stepSize: '0.001' } },
    });
    const scale = symbolScale(market, market.fees);
    fc.assert(
      fc.property(
        // Ask levels rising from a best price: small prices, or prices whose step cost passes 2^53.
        fc.oneof(fc.integer({ min: 1, max: 9_000_000 }), fc.integer({ min: 10 ** 12, max: 10 ** 15 })),
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 50 }), fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 ** 7 }))),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        // Two budgets in atto: one order after another on the same side.
        fc.array(
          fc.oneof(
            fc.bigInt({ min: 0n, max: 10n ** 22n }),
            fc.bigInt({ min: 10n ** 26n, max: 10n ** 32n }),
            fc.bigInt({ min: 0n, max: 10n ** 14n }),
          ),
          { minLength: 2, maxLength: 2 },
        ),
        (best, levels, budgets) => {
          const prices: number[] = [];
          const qtys: number[] = [];
          let price = best;
          for (const [gap, qty] of levels) {
            price += gap + 1;
            prices.push(price);
            qtys.push(qty);
          }
          const book: OrderBook = {
            symbol: 'BTCUSD',
            lastUpdateId: 1,
            time: 0,
            bids: [],
            asks: prices.map((p, i) => [text(p, scale.priceDecimals), text(qtys[i]!, scale.qtyDecimals)]),
          };
          const side = new VisibleBook(book, scale).asks;
          for (const budget of budgets) {
            const fills: [number, number][] = [];
            const measured = side.spend(budget, scale.notionalAtto, scale.marketStep, false);
            const got = side.spend(budget, scale.notionalAtto, scale.marketStep, true, {
              onFill: (p, q) => fills.push([p, q]),
            });
            const want = bigintSpend(prices, qtys, budget, scale.notionalAtto, scale.marketStep);
            expect(measured).toEqual({ qty: want.qty, left: want.left, exhausted: want.exhausted });
            expect({ ...got, fills }).toEqual(want);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
