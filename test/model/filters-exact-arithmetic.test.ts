/**
 * checkOrderFilters' arithmetic (plain numbers while exact, bigints past that) against the same
 * rules written with big.js, on values from a few digits to twenty on each side of the point, so
 * both forms of every comparison, product and step check are exercised.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOrderFilters } from '../../src/model/filters.js';
import type { Market } from '../../src/model/market.js';
import { Big } from '../../src/model/money.js';
import type { OrderRequest } from '../../src/model/order.js';

/** A plain decimal with up to `intDigits` and `fracDigits` digits (trailing zeros kept sometimes). */
const decimal = (intDigits: number, fracDigits: number) =>
  fc
    .tuple(
      fc.stringMatching(new RegExp(`^[0-9]{1,${intDigits}}$`)),
      fc.stringMatching(new RegExp(`^[0-9]{0,${fracDigits}}$`)),
    )
    .map(([i, f]) => (f === '' ? i : `${i}.${f}`));

const step = fc.constantFrom('0', '0.00000001', '0.001', '0.01', '0.05', '1', '5', '0.00000000000000000001');

function market(
  tick: string,
  minPrice: string,
  lot: string,
  minQty: string,
  minNotional: string,
  maxNotional: string,
): Market {
  return {
    symbol: 'BTCUSD',
    baseAsset: 'BTC',
    quoteAsset: 'USD',
    status: 'TRADING',
    baseAssetPrecision: 20,
    quoteAssetPrecision: 20,
    orderTypes: ['LIMIT', 'MARKET'],
    filters: {
      price: { minPrice, maxPrice: '99999999999999999999', tickSize: tick },
      lotSize: { minQty, maxQty: '99999999999999999999', stepSize: lot },
      minNotional: { minNotional, applyToMarket: true, avgPriceMins: 5 },
      notional: { minNotional, applyMinToMarket: true, maxNotional, applyMaxToMarket: true, avgPriceMins: 5 },
      percentPrice: { multiplierUp: '1.5', multiplierDown: '0.75', avgPriceMins: 5 },
    },
    fees: { maker: '0.001', taker: '0.001' },
  };
}

/** The same rules in big.js: the first filter that fails, or null. */
function expected(m: Market, r: OrderRequest, reference: string): string | null {
  const f = m.filters;
  const grid = (v: Big, base: string, s: string) => new Big(s).eq(0) || v.minus(base).mod(s).eq(0);
  const inRange = (v: Big, min: string, max: string, s: string, fromZero: boolean) =>
    !(!new Big(min).eq(0) && v.lt(min)) && !(!new Big(max).eq(0) && v.gt(max)) && grid(v, fromZero ? '0' : min, s);
  const fail = (name: string) => `Filter failure: ${name}`;
  if (r.quantity !== undefined && new Big(r.quantity).eq(0)) return 'Invalid quantity.';
  if (r.quoteOrderQty !== undefined && new Big(r.quoteOrderQty).eq(0)) return 'Invalid quoteOrderQty.';
  if (r.price !== undefined && new Big(r.price).eq(0)) return 'Invalid price.';
  const price = r.price !== undefined ? new Big(r.price) : undefined;
  if (price && !inRange(price, f.price.minPrice, f.price.maxPrice, f.price.tickSize, false))
    return fail('PRICE_FILTER');
  const ref = new Big(reference);
  if (
    price &&
    (price.gt(ref.times(f.percentPrice!.multiplierUp)) || price.lt(ref.times(f.percentPrice!.multiplierDown)))
  )
    return fail('PERCENT_PRICE');
  const quantity = r.quantity !== undefined ? new Big(r.quantity) : undefined;
  if (quantity && !inRange(quantity, f.lotSize.minQty, f.lotSize.maxQty, f.lotSize.stepSize, true))
    return fail('LOT_SIZE');
  const notional = price ? price.times(quantity!) : quantity ? ref.times(quantity) : new Big(r.quoteOrderQty!);
  if (notional.lt(f.minNotional!.minNotional)) return fail('MIN_NOTIONAL');
  if (notional.lt(f.notional!.minNotional)) return fail('NOTIONAL');
  if (!new Big(f.notional!.maxNotional).eq(0) && notional.gt(f.notional!.maxNotional)) return fail('NOTIONAL');
  return null;
}

describe('checkOrderFilters arithmetic', () => {
  it('decides as big.js does, for small and long values alike', () => {
    const value = fc.oneof(decimal(4, 4), decimal(12, 8), decimal(20, 20));
    fc.assert(
      fc.property(
        fc.record({
          tick: step,
          minPrice: fc.oneof(fc.constant('0'), decimal(3, 3), decimal(20, 20)),
          lot: step,
          minQty: fc.oneof(fc.constant('0'), decimal(2, 6)),
          minNotional: fc.oneof(fc.constant('0'), decimal(3, 2), decimal(18, 18)),
          maxNotional: fc.oneof(fc.constant('0'), decimal(8, 2), decimal(20, 20)),
        }),
        fc.constantFrom('MARKET_QTY', 'MARKET_QUOTE', 'LIMIT'),
        value,
        value,
        value,
        fc.constantFrom('as drawn', 'notional at the limit', 'just above', 'just below', 'on the tick', 'off the tick'),
        (mk, kind, a, b, reference, edge) => {
          // Edges where a rounded product or difference would decide wrongly: the limit exactly, or 10^-20 away.
          const notional =
            kind === 'LIMIT' ? new Big(a).times(b) : kind === 'MARKET_QTY' ? new Big(reference).times(a) : new Big(a);
          const tiny = new Big('0.00000000000000000001');
          if (edge === 'notional at the limit') mk.minNotional = notional.toFixed();
          if (edge === 'just above') mk.minNotional = notional.plus(tiny).toFixed();
          if (edge === 'just below' && notional.gt(tiny)) mk.maxNotional = notional.minus(tiny).toFixed();
          if (edge === 'on the tick' || edge === 'off the tick') {
            // A long price a whole number of 0.05 ticks from the minimum, or 10^-20 off.
            mk.tick = '0.05';
            mk.minPrice = '0.05';
            const ticks = new Big(a.replace('.', '')).plus(1);
            a = ticks
              .times('0.05')
              .plus(edge === 'off the tick' ? tiny : 0)
              .toFixed();
            if (a.split('.')[0]!.length > 20) return;
          }
          if (kind === 'LIMIT' && (a.split('.')[1]?.length ?? 0) > 20) return;
          const m = market(mk.tick, mk.minPrice, mk.lot, mk.minQty, mk.minNotional, mk.maxNotional);
          const base = { clientOrderId: 'c', symbol: 'BTCUSD', side: 'BUY' as const };
          const r: OrderRequest =
            kind === 'LIMIT'
              ? { ...base, type: 'LIMIT', timeInForce: 'GTC', price: a, quantity: b }
              : kind === 'MARKET_QTY'
                ? { ...base, type: 'MARKET', quantity: a }
                : { ...base, type: 'MARKET', quoteOrderQty: a };
          const got = checkOrderFilters(m, r, { referencePrice: reference })?.message ?? null;
          expect(got).toBe(expected(m, r, reference));
        },
      ),
      { numRuns: 4000 },
    );
  });
});
