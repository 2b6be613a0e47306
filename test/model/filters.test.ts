import { describe, expect, it } from 'vitest';
import type { ExchangeRejection } from '../../src/model/errors.js';
import { checkOrderFilters, roundOrderToFilters } from '../../src/model/filters.js';
import type { OrderRequest } from '../../src/model/order.js';
import { btcUsd, ethUsd } from '../simulator/fixtures.js';

const limitBuy = (over: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: 'c1',
  symbol: 'BTCUSD',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  quantity: '0.01',
  price: '30000',
  ...over,
});
const ctx = { referencePrice: '30000' };

function rejectionOf(result: ExchangeRejection | null): { code: number; msg: string } | null {
  return result ? { code: result.code, msg: result.message } : null;
}

describe('roundOrderToFilters', () => {
  it('roundOrderToFilters when quantity is already on a 0.01 step then keeps 0.29 (a float floor would give 0.28)', () => {
    const market = btcUsd({
      filters: { ...btcUsd().filters, lotSize: { minQty: '0.01', maxQty: '100', stepSize: '0.01' } },
    });
    expect(Math.floor(0.29 / 0.01) * 0.01).toBeCloseTo(0.28);
    const { request, adjustments } = roundOrderToFilters(market, limitBuy({ quantity: '0.29' }));
    expect(request.quantity).toBe('0.29');
    expect(adjustments).toEqual([]);
  });

  it('roundOrderToFilters when quantity has more decimals than the step then floors it and says so', () => {
    const { request, adjustments } = roundOrderToFilters(btcUsd(), limitBuy({ quantity: '0.123456' }));
    expect(request.quantity).toBe('0.12345');
    expect(adjustments).toEqual(['quantity 0.123456 rounded down to 0.12345 (LOT_SIZE step 0.00001)']);
  });

  it('roundOrderToFilters when a BUY price is off the tick then rounds it down, a SELL price up', () => {
    const buy = roundOrderToFilters(btcUsd(), limitBuy({ price: '30000.019' }));
    expect(buy.request.price).toBe('30000.01');
    expect(buy.adjustments).toEqual(['price 30000.019 rounded down to 30000.01 (PRICE_FILTER tick 0.01)']);
    const sell = roundOrderToFilters(btcUsd(), limitBuy({ side: 'SELL', price: '30000.011' }));
    expect(sell.request.price).toBe('30000.02');
    expect(sell.adjustments[0]).toContain('rounded up to 30000.02');
  });

  it('roundOrderToFilters when the stop price is off the tick then rounds it to the nearest tick', () => {
    const { request } = roundOrderToFilters(
      btcUsd(),
      limitBuy({ type: 'STOP_LOSS_LIMIT', side: 'SELL', stopPrice: '29000.016' }),
    );
    expect(request.stopPrice).toBe('29000.02');
  });

  it('roundOrderToFilters for a MARKET order when MARKET_LOT_SIZE has a step then uses that step', () => {
    const { request, adjustments } = roundOrderToFilters(ethUsd(), {
      clientOrderId: 'c',
      symbol: 'ETHUSD',
      side: 'BUY',
      type: 'MARKET',
      quantity: '1.23456',
    });
    expect(request.quantity).toBe('1.234');
    expect(adjustments[0]).toContain('MARKET_LOT_SIZE step 0.001');
  });

  it('roundOrderToFilters when quoteOrderQty has more decimals than the quote asset then floors it', () => {
    const market = btcUsd({ quoteAssetPrecision: 2 });
    const { request, adjustments } = roundOrderToFilters(market, {
      clientOrderId: 'c',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quoteOrderQty: '100.129',
    });
    expect(request.quoteOrderQty).toBe('100.12');
    expect(adjustments).toHaveLength(1);
  });

  it('roundOrderToFilters when values carry trailing zeros then leaves them untouched', () => {
    const { request, adjustments } = roundOrderToFilters(
      btcUsd(),
      limitBuy({ quantity: '0.01000000', price: '30000.00000000' }),
    );
    expect(request).toEqual(limitBuy({ quantity: '0.01000000', price: '30000.00000000' }));
    expect(adjustments).toEqual([]);
  });
});

describe('checkOrderFilters', () => {
  it('checkOrderFilters when every rule holds then passes', () => {
    expect(checkOrderFilters(btcUsd(), limitBuy(), ctx)).toBeNull();
  });

  it.each([
    ['price off the tick', limitBuy({ price: '30000.005' }), 'PRICE_FILTER'],
    ['price under minPrice', limitBuy({ price: '0.001', quantity: '1000' }), 'PRICE_FILTER'],
    ['price over maxPrice', limitBuy({ price: '1000000.01' }), 'PRICE_FILTER'],
    [
      'stop price off the tick',
      limitBuy({ type: 'STOP_LOSS_LIMIT', side: 'SELL', stopPrice: '29000.001' }),
      'PRICE_FILTER',
    ],
    ['price over 5 × the reference price', limitBuy({ price: '150000.01' }), 'PERCENT_PRICE'],
    ['price under 0.2 × the reference price', limitBuy({ price: '5999.99', quantity: '1' }), 'PERCENT_PRICE'],
    ['quantity off the step', limitBuy({ quantity: '0.010005' }), 'LOT_SIZE'],
    ['quantity under minQty', limitBuy({ quantity: '0.000001' }), 'LOT_SIZE'],
    ['quantity over maxQty', limitBuy({ quantity: '9000.00001' }), 'LOT_SIZE'],
    ['notional under MIN_NOTIONAL', limitBuy({ quantity: '0.00003' }), 'MIN_NOTIONAL'],
  ])('checkOrderFilters when %s then rejects -1013 Filter failure: %s', (_what, request, filter) => {
    expect(rejectionOf(checkOrderFilters(btcUsd(), request, ctx))).toEqual({
      code: -1013,
      msg: `Filter failure: ${filter}`,
    });
  });

  it('checkOrderFilters for a MARKET order over MARKET_LOT_SIZE maxQty then rejects MARKET_LOT_SIZE', () => {
    const request: OrderRequest = {
      clientOrderId: 'c',
      symbol: 'BTCUSD',
      side: 'SELL',
      type: 'MARKET',
      quantity: '25',
    };
    expect(rejectionOf(checkOrderFilters(btcUsd(), request, ctx))).toEqual({
      code: -1013,
      msg: 'Filter failure: MARKET_LOT_SIZE',
    });
  });

  it('checkOrderFilters for a MARKET order is valued at the reference price for MIN_NOTIONAL', () => {
    const request: OrderRequest = {
      clientOrderId: 'c',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.0001',
    };
    expect(checkOrderFilters(btcUsd(), request, { referencePrice: '30000' })).toBeNull();
    expect(rejectionOf(checkOrderFilters(btcUsd(), request, { referencePrice: '9999.99' }))?.msg).toBe(
      'Filter failure: MIN_NOTIONAL',
    );
  });

  it('checkOrderFilters when MIN_NOTIONAL does not apply to market then a tiny MARKET order passes it', () => {
    const base = btcUsd();
    const market = btcUsd({
      filters: { ...base.filters, minNotional: { minNotional: '1', applyToMarket: false, avgPriceMins: 5 } },
    });
    const request: OrderRequest = {
      clientOrderId: 'c',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.00001',
    };
    expect(checkOrderFilters(market, request, { referencePrice: '30000' })).toBeNull();
  });

  it('checkOrderFilters with NOTIONAL when under the minimum or over the maximum then rejects NOTIONAL; max not applied to MARKET', () => {
    const eth = ethUsd();
    const limit = (quantity: string, price: string): OrderRequest => ({
      clientOrderId: 'c',
      symbol: 'ETHUSD',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity,
      price,
    });
    expect(rejectionOf(checkOrderFilters(eth, limit('0.001', '2000'), { referencePrice: '2000' }))?.msg).toBe(
      'Filter failure: NOTIONAL',
    );
    expect(rejectionOf(checkOrderFilters(eth, limit('30', '2000'), { referencePrice: '2000' }))?.msg).toBe(
      'Filter failure: NOTIONAL',
    );
    expect(checkOrderFilters(eth, limit('5', '2000'), { referencePrice: '2000' })).toBeNull();
    const bigMarket: OrderRequest = {
      clientOrderId: 'c',
      symbol: 'ETHUSD',
      side: 'BUY',
      type: 'MARKET',
      quoteOrderQty: '60000',
    };
    expect(checkOrderFilters(eth, bigMarket, { referencePrice: '2000' })).toBeNull();
    const smallMarket: OrderRequest = { ...bigMarket, quoteOrderQty: '9.99' };
    expect(rejectionOf(checkOrderFilters(eth, smallMarket, { referencePrice: '2000' }))?.msg).toBe(
      'Filter failure: NOTIONAL',
    );
  });

  it('checkOrderFilters when the symbol is not TRADING then rejects -2010 Market is closed.', () => {
    expect(rejectionOf(checkOrderFilters(btcUsd({ status: 'HALT' }), limitBuy(), ctx))).toEqual({
      code: -2010,
      msg: 'Market is closed.',
    });
  });

  it('checkOrderFilters when the order type is not allowed for the symbol then rejects -1116', () => {
    const market = btcUsd({ orderTypes: ['LIMIT', 'MARKET'] });
    expect(
      rejectionOf(checkOrderFilters(market, limitBuy({ type: 'LIMIT_MAKER', timeInForce: undefined }), ctx)),
    ).toEqual({ code: -1116, msg: 'Invalid orderType.' });
  });

  it('checkOrderFilters when a mandatory parameter is missing or a refused one is sent then rejects -1102 / -1106', () => {
    expect(rejectionOf(checkOrderFilters(btcUsd(), limitBuy({ price: undefined }), ctx))?.code).toBe(-1102);
    expect(rejectionOf(checkOrderFilters(btcUsd(), limitBuy({ timeInForce: undefined }), ctx))?.code).toBe(-1102);
    const market: OrderRequest = {
      clientOrderId: 'c',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.01',
      price: '30000',
    };
    expect(rejectionOf(checkOrderFilters(btcUsd(), market, ctx))).toEqual({
      code: -1106,
      msg: "Parameter 'price' sent when not required.",
    });
    const neither: OrderRequest = { clientOrderId: 'c', symbol: 'BTCUSD', side: 'BUY', type: 'MARKET' };
    expect(rejectionOf(checkOrderFilters(btcUsd(), neither, ctx))?.code).toBe(-1102);
  });

  it('checkOrderFilters when a value is malformed or over-precise then rejects -1100 / -1111', () => {
    expect(rejectionOf(checkOrderFilters(btcUsd(), limitBuy({ quantity: '1e-3' }), ctx))?.code).toBe(-1100);
    expect(rejectionOf(checkOrderFilters(btcUsd(), limitBuy({ quantity: '0.010000001' }), ctx))?.code).toBe(-1111);
  });

  it('checkOrderFilters when MAX_NUM_ORDERS open orders exist then rejects', () => {
    expect(rejectionOf(checkOrderFilters(btcUsd(), limitBuy(), { ...ctx, openOrders: 200 }))?.msg).toBe(
      'Filter failure: MAX_NUM_ORDERS',
    );
    expect(checkOrderFilters(btcUsd(), limitBuy(), { ...ctx, openOrders: 199 })).toBeNull();
  });

  it('checkOrderFilters when minQty is off the step then LOT_SIZE is quantity % step, not (quantity - minQty) % step (Binance.US CHANGELOG 2023-03)', () => {
    const base = btcUsd();
    const market = btcUsd({
      filters: { ...base.filters, lotSize: { minQty: '0.015', maxQty: '100', stepSize: '0.01' } },
    });
    expect(checkOrderFilters(market, limitBuy({ quantity: '0.02' }), ctx)).toBeNull();
    expect(rejectionOf(checkOrderFilters(market, limitBuy({ quantity: '0.025' }), ctx))?.msg).toBe(
      'Filter failure: LOT_SIZE',
    );
    expect(rejectionOf(checkOrderFilters(market, limitBuy({ quantity: '0.01' }), ctx))?.msg).toBe(
      'Filter failure: LOT_SIZE',
    );
    expect(roundOrderToFilters(market, limitBuy({ quantity: '0.029' })).request.quantity).toBe('0.02');
  });
});
