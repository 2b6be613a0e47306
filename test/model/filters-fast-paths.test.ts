/**
 * The filters' shortcuts: roundOrderToFilters decides "already on the grid" on scaled integers and
 * must round exactly as its big.js form (kept here as the reference) for any value and grid; and a
 * request readsReferencePrice calls false gets the same verdict whatever the reference price.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOrderFilters, readsReferencePrice, roundOrderToFilters } from '../../src/model/filters.js';
import type { Market } from '../../src/model/market.js';
import {
  Big,
  ceilToStep,
  cmp,
  type Decimal,
  floorToStep,
  isMultipleOf,
  roundToStep,
  ZERO,
} from '../../src/model/money.js';
import type { OrderRequest, OrderType } from '../../src/model/order.js';

/** roundOrderToFilters as it was before the shortcut: every value through big.js. */
function referenceRounding(market: Market, request: OrderRequest): OrderRequest {
  const out: OrderRequest = { ...request };
  if (request.quantity !== undefined) {
    const mls = market.filters.marketLotSize;
    const step =
      request.type === 'MARKET' && mls && !new Big(mls.stepSize).eq(0) ? mls.stepSize : market.filters.lotSize.stepSize;
    const rounded = floorToStep(request.quantity, step, ZERO);
    if (cmp(rounded, request.quantity) !== 0) out.quantity = rounded;
  }
  const pf = market.filters.price;
  const base = (v: Decimal) => (isMultipleOf(pf.minPrice, pf.tickSize) || cmp(v, pf.minPrice) < 0 ? ZERO : pf.minPrice);
  if (request.price !== undefined) {
    const rounded =
      request.side === 'BUY'
        ? floorToStep(request.price, pf.tickSize, base(request.price))
        : ceilToStep(request.price, pf.tickSize, base(request.price));
    if (cmp(rounded, request.price) !== 0) out.price = rounded;
  }
  if (request.stopPrice !== undefined) {
    const rounded = roundToStep(request.stopPrice, pf.tickSize, base(request.stopPrice));
    if (cmp(rounded, request.stopPrice) !== 0) out.stopPrice = rounded;
  }
  if (request.quoteOrderQty !== undefined) {
    const rounded = new Big(request.quoteOrderQty).round(market.quoteAssetPrecision, Big.roundDown).toFixed();
    if (cmp(rounded, request.quoteOrderQty) !== 0) out.quoteOrderQty = rounded;
  }
  return out;
}

const decimal = fc
  .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 10 }), fc.constantFrom('', '0', '00'))
  .map(([digits, scale, zeros]) => {
    const text = digits.toString().padStart(scale + 1, '0');
    return scale === 0 ? text + (zeros ? `.${zeros}` : '') : `${text.slice(0, -scale)}.${text.slice(-scale)}${zeros}`;
  });
const step = fc.constantFrom('0', '0.00000', '1', '0.01', '0.05', '0.00001', '0.25', '5', '0.1000');

function market(tick: string, minPrice: string, lot: string, marketLot: string | undefined, precision: number): Market {
  return {
    symbol: 'BTCUSD',
    baseAsset: 'BTC',
    quoteAsset: 'USD',
    status: 'TRADING',
    baseAssetPrecision: 8,
    quoteAssetPrecision: precision,
    orderTypes: ['LIMIT', 'MARKET', 'STOP_LOSS_LIMIT'],
    filters: {
      price: { minPrice, maxPrice: '1000000', tickSize: tick },
      lotSize: { minQty: '0', maxQty: '9000', stepSize: lot },
      ...(marketLot !== undefined ? { marketLotSize: { minQty: '0', maxQty: '9000', stepSize: marketLot } } : {}),
      minNotional: { minNotional: '1', applyToMarket: true, avgPriceMins: 5 },
      percentPrice: { multiplierUp: '5', multiplierDown: '0.2', avgPriceMins: 5 },
    },
    fees: { maker: '0.001', taker: '0.001' },
  };
}

describe('roundOrderToFilters', () => {
  it('rounds exactly as through big.js, and leaves values on the grid as written', () => {
    fc.assert(
      fc.property(
        step,
        decimal,
        step,
        fc.option(step, { nil: undefined }),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom<OrderType>('MARKET', 'LIMIT', 'STOP_LOSS_LIMIT'),
        fc.constantFrom('BUY' as const, 'SELL' as const),
        fc.record({
          quantity: fc.option(decimal),
          price: fc.option(decimal),
          stopPrice: fc.option(decimal),
          quoteOrderQty: fc.option(decimal),
        }),
        (tick, minPrice, lot, marketLot, precision, type, side, values) => {
          const m = market(tick, minPrice, lot, marketLot, precision);
          const request: OrderRequest = { clientOrderId: 'c', symbol: 'BTCUSD', side, type };
          for (const [k, v] of Object.entries(values))
            if (v !== null) (request as unknown as Record<string, string>)[k] = v;
          expect(roundOrderToFilters(m, request).request).toEqual(referenceRounding(m, request));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('readsReferencePrice', () => {
  it('is false only for requests whose verdict does not depend on the reference price', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<OrderType>('MARKET', 'LIMIT'),
        fc.record({ quantity: fc.option(decimal), price: fc.option(decimal), quoteOrderQty: fc.option(decimal) }),
        decimal,
        decimal,
        (type, values, a, b) => {
          const m = market('0.01', '0.01', '0.00001', '0', 8);
          const request: OrderRequest = {
            clientOrderId: 'c',
            symbol: 'BTCUSD',
            side: 'BUY',
            type,
            timeInForce: type === 'LIMIT' ? 'GTC' : undefined,
          };
          for (const [k, v] of Object.entries(values))
            if (v !== null) (request as unknown as Record<string, string>)[k] = v;
          if (readsReferencePrice(request)) return;
          const verdict = (reference: string) =>
            checkOrderFilters(m, request, { referencePrice: reference })?.message ?? null;
          expect(verdict(a)).toBe(verdict(b));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is true for the orders whose verdict does depend on it', () => {
    const m = market('0.01', '0.01', '0.00001', '0', 8);
    const sell: OrderRequest = {
      clientOrderId: 'c',
      symbol: 'BTCUSD',
      side: 'SELL',
      type: 'MARKET',
      quantity: '0.001',
    };
    const limit: OrderRequest = {
      clientOrderId: 'c',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '100',
      quantity: '1',
    };
    for (const [request, low, high] of [
      [sell, '1', '50000'],
      [limit, '1000', '100'],
    ] as const) {
      expect(readsReferencePrice(request)).toBe(true);
      expect(checkOrderFilters(m, request, { referencePrice: low })).not.toBeNull();
      expect(checkOrderFilters(m, request, { referencePrice: high })).toBeNull();
    }
  });
});
