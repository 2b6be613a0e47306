import type { Market } from '../../src/model/market.js';

/** BTCUSD with the rules of the real Binance.US BTCUSDT entry (../shared/data/binance/exchangeInfo-symbol-BTCUSDT...), fees 0.1 %. */
export function btcUsd(overrides: Partial<Market> = {}): Market {
  return {
    symbol: 'BTCUSD',
    baseAsset: 'BTC',
    quoteAsset: 'USD',
    status: 'TRADING',
    baseAssetPrecision: 8,
    quoteAssetPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
    filters: {
      price: { minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' },
      lotSize: { minQty: '0.00001', maxQty: '9000', stepSize: '0.00001' },
      marketLotSize: { minQty: '0', maxQty: '24.60517579', stepSize: '0' },
      minNotional: { minNotional: '1', applyToMarket: true, avgPriceMins: 5 },
      percentPrice: { multiplierUp: '5', multiplierDown: '0.2', avgPriceMins: 5 },
      maxNumOrders: 200,
      maxNumAlgoOrders: 5,
      trailingDelta: {
        minTrailingAboveDelta: 10,
        maxTrailingAboveDelta: 2000,
        minTrailingBelowDelta: 10,
        maxTrailingBelowDelta: 2000,
      },
    },
    fees: { maker: '0.001', taker: '0.001' },
    ...overrides,
  };
}

/** ETHUSD with a NOTIONAL filter instead of MIN_NOTIONAL, and a distinct maker/taker schedule. */
export function ethUsd(overrides: Partial<Market> = {}): Market {
  return {
    symbol: 'ETHUSD',
    baseAsset: 'ETH',
    quoteAsset: 'USD',
    status: 'TRADING',
    baseAssetPrecision: 8,
    quoteAssetPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
    filters: {
      price: { minPrice: '0.01', maxPrice: '100000', tickSize: '0.01' },
      lotSize: { minQty: '0.0001', maxQty: '9000', stepSize: '0.0001' },
      marketLotSize: { minQty: '0.001', maxQty: '100', stepSize: '0.001' },
      notional: {
        minNotional: '10',
        applyMinToMarket: true,
        maxNotional: '50000',
        applyMaxToMarket: false,
        avgPriceMins: 5,
      },
    },
    fees: { maker: '0.0004', taker: '0.0006' },
    ...overrides,
  };
}
