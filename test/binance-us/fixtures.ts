/** Small wire-format fixtures shared by the Binance.US client tests. */
import type {
  ExchangeInfoRaw,
  MyTradeRaw,
  QueryOrderRaw,
  SymbolRaw,
} from '../../src/exchanges/binance-us/raw-types.js';

export function symbolRaw(symbol: string, base: string, quote: string): SymbolRaw {
  return {
    symbol,
    status: 'TRADING',
    baseAsset: base,
    baseAssetPrecision: 8,
    quoteAsset: quote,
    quotePrecision: 4,
    quoteAssetPrecision: 4,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
      { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
      { filterType: 'MIN_NOTIONAL', minNotional: '1.00000000', applyToMarket: true, avgPriceMins: 5 },
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
    ],
    permissions: ['SPOT'],
  };
}

export function exchangeInfo(symbols: string[] = ['BTCUSD', 'ETHUSD']): ExchangeInfoRaw {
  return {
    timezone: 'UTC',
    serverTime: Date.now(),
    exchangeFilters: [],
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
    ],
    symbols: symbols.map((s) => symbolRaw(s, s.replace(/USDT?$/, ''), s.endsWith('USDT') ? 'USDT' : 'USD')),
  };
}

export function orderRaw(patch: Partial<QueryOrderRaw> & { clientOrderId: string; orderId: number }): QueryOrderRaw {
  return {
    symbol: 'BTCUSD',
    orderListId: -1,
    price: '0.00000000',
    origQty: '0.01000000',
    executedQty: '0.00000000',
    cummulativeQuoteQty: '0.0000',
    status: 'NEW',
    timeInForce: 'GTC',
    type: 'LIMIT',
    side: 'BUY',
    stopPrice: '0.00000000',
    icebergQty: '0.00000000',
    time: Date.now(),
    updateTime: Date.now(),
    isWorking: true,
    workingTime: Date.now(),
    origQuoteOrderQty: '0.0000',
    selfTradePreventionMode: 'EXPIRE_MAKER',
    ...patch,
  };
}

/** The one fill of a scripted MARKET order `id`, at 30000 for 300 USD, as myTrades lists it. */
export function marketFillRaw(order: Pick<QueryOrderRaw, 'symbol' | 'origQty' | 'side'>, id: number): MyTradeRaw {
  return {
    symbol: order.symbol,
    id: id * 10,
    orderId: id,
    orderListId: -1,
    price: '30000.00',
    qty: order.origQty,
    quoteQty: '300.0000',
    commission: '0.3',
    commissionAsset: 'USD',
    time: Date.now(),
    isBuyer: order.side === 'BUY',
    isMaker: false,
    isBestMatch: true,
  };
}
