/**
 * checkOrderFilters with bounds on the reference price instead of the price itself: the verdict
 * is the verdict at the exact price for any bounds that hold it, and the price is computed (the
 * function called) only when the bounds leave the verdict open, at most once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOrderFilters, type PriceBounds } from '../../src/model/filters.js';
import type { Market } from '../../src/model/market.js';
import type { OrderRequest } from '../../src/model/order.js';
import { btcUsd, ethUsd } from '../simulator/fixtures.js';

/** An exact decimal from integer units and decimals, as text. */
function text(units: number, decimals: number): string {
  const digits = String(units).padStart(decimals + 1, '0');
  return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

const markets: Market[] = [
  // MIN_NOTIONAL 1 and PERCENT_PRICE 0.2-5.
  btcUsd(),
  // NOTIONAL 10-50,000, the maximum not applied to MARKET orders.
  ethUsd(),
  // NOTIONAL with its maximum applied to MARKET orders, PERCENT_PRICE_BY_SIDE instead of PERCENT_PRICE.
  ethUsd({
    filters: {
      ...ethUsd().filters,
      notional: {
        minNotional: '10',
        applyMinToMarket: true,
        maxNotional: '2000',
        applyMaxToMarket: true,
        avgPriceMins: 5,
      },
      percentPriceBySide: {
        bidMultiplierUp: '1.2',
        bidMultiplierDown: '0.2',
        askMultiplierUp: '5',
        askMultiplierDown: '0.8',
        avgPriceMins: 5,
      },
    },
  }),
  // Both notional filters and both bands.
  btcUsd({
    filters: {
      ...btcUsd().filters,
      notional: {
        minNotional: '5',
        applyMinToMarket: true,
        maxNotional: '800',
        applyMaxToMarket: true,
        avgPriceMins: 5,
      },
      percentPriceBySide: {
        bidMultiplierUp: '1.05',
        bidMultiplierDown: '0.95',
        askMultiplierUp: '1.1',
        askMultiplierDown: '0.9',
        avgPriceMins: 5,
      },
    },
  }),
];

const request = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 3_000_000 }), fc.constantFrom(3, 4, 5))
    .map(([q, d]): Partial<OrderRequest> => ({ type: 'MARKET', quantity: text(q, d) })),
  fc
    .integer({ min: 1, max: 5_000_000 })
    .map((q): Partial<OrderRequest> => ({ type: 'MARKET', quoteOrderQty: text(q, 2) })),
  fc
    .tuple(fc.integer({ min: 1, max: 20_000_000 }), fc.integer({ min: 1, max: 300_000 }))
    .map(([p, q]): Partial<OrderRequest> => ({
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: text(p, 2),
      quantity: text(q, 4),
    })),
);

describe('checkOrderFilters with bounds on the reference price', () => {
  it('gives the verdict of the exact price, computing it only when the bounds leave the verdict open', () => {
    let decidedByBounds = 0;
    let computed = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...markets),
        fc.constantFrom('BUY' as const, 'SELL' as const),
        request,
        // The exact reference (8 decimals, as avgPrice answers), and bounds around it at some decimals.
        fc.integer({ min: 1, max: 9_000_000_000_000 }),
        fc.integer({ min: 0, max: 10 }),
        fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 10 ** 12 })),
        fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 10 ** 12 })),
        (market, side, values, referenceUnits, decimals, below, above) => {
          const order = { clientOrderId: 'c', symbol: market.symbol, side, ...values } as OrderRequest;
          const reference = text(referenceUnits, 8);
          // floor and ceil of the reference at `decimals`, then widened.
          const scale = 10 ** Math.abs(8 - decimals);
          const floor = decimals >= 8 ? referenceUnits * scale : Math.floor(referenceUnits / scale);
          const ceil = decimals >= 8 ? floor : Math.ceil(referenceUnits / scale);
          const bounds: PriceBounds = { low: floor - below, high: ceil + above, decimals };
          let calls = 0;
          const lazy = () => {
            calls += 1;
            return reference;
          };
          const exact = checkOrderFilters(market, order, { referencePrice: reference });
          const bounded = checkOrderFilters(market, order, { referencePrice: lazy, referenceBounds: bounds });
          expect(bounded?.code).toBe(exact?.code);
          expect(bounded?.message).toBe(exact?.message);
          expect(calls).toBeLessThanOrEqual(1);
          if (calls === 0) decidedByBounds += 1;
          else computed += 1;
          // Bounds that are the price itself never leave the verdict open.
          if (decimals >= 8 && below === 0 && above === 0) expect(calls).toBe(0);
        },
      ),
      { numRuns: 4000 },
    );
    // Both ways were exercised.
    expect(decidedByBounds).toBeGreaterThan(500);
    expect(computed).toBeGreaterThan(100);
  });

  it('reads the price of a MARKET SELL by quantity near MIN_NOTIONAL, and not far from it', () => {
    const market = btcUsd();
    const sell: OrderRequest = {
      clientOrderId: 'c',
      symbol: 'BTCUSD',
      side: 'SELL',
      type: 'MARKET',
      quantity: '0.001',
    };
    let calls = 0;
    const at = (price: string) => () => {
      calls += 1;
      return price;
    };
    // 0.001 BTC between 900 and 1,100: 0.9 to 1.1 USD, MIN_NOTIONAL 1 decided by the price itself.
    const near = { low: 90_000, high: 110_000, decimals: 2 };
    expect(checkOrderFilters(market, sell, { referencePrice: at('999.99'), referenceBounds: near })?.message).toBe(
      'Filter failure: MIN_NOTIONAL',
    );
    expect(checkOrderFilters(market, sell, { referencePrice: at('1000'), referenceBounds: near })).toBeNull();
    expect(calls).toBe(2);
    // Between 30,000 and 31,000: 30 USD or more whatever the average, so it is never computed.
    const far = { low: 3_000_000, high: 3_100_000, decimals: 2 };
    expect(checkOrderFilters(market, sell, { referencePrice: at('30500'), referenceBounds: far })).toBeNull();
    expect(calls).toBe(2);
  });
});
