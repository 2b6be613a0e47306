/** Request weight of each Binance.US endpoint we call (binance-us-api.md), known before sending. */

export const WEIGHT = {
  ping: 1,
  time: 1,
  exchangeInfo: 10,
  klines: 1,
  avgPrice: 1,
  newOrder: 1,
  queryOrder: 2,
  cancelOrder: 1,
  newOco: 1,
  cancelOrderList: 1,
  queryOrderList: 2,
  openOrderList: 3,
  allOrderList: 10,
  cancelReplace: 1,
  openOrdersOneSymbol: 3,
  openOrdersAll: 40,
  allOrders: 10,
  myTrades: 10,
  account: 10,
  tradingFee: 1,
  userDataStream: 1,
} as const;

export function depthWeight(limit: number): number {
  if (limit <= 100) return 1;
  if (limit <= 500) return 5;
  if (limit <= 1000) return 10;
  return 50;
}

/** `symbolCount` undefined means every symbol. */
export function ticker24hWeight(symbolCount?: number): number {
  if (symbolCount === undefined) return 40;
  if (symbolCount <= 20) return 1;
  if (symbolCount <= 100) return 20;
  return 40;
}

/** /ticker/price and /ticker/bookTicker: 1 for one symbol, 2 otherwise (a `symbols` list is charged as all). */
export function priceTickerWeight(symbolCount?: number): number {
  return symbolCount === 1 ? 1 : 2;
}
