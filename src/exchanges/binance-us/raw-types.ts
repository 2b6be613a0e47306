/**
 * Binance.US wire types, exactly as the exchange sends them: decimals are strings, ids and times
 * are numbers. Only parse.ts turns these into model types.
 */

export interface ErrorRaw {
  code: number;
  msg: string;
}

export interface ServerTimeRaw {
  serverTime: number;
}

export interface RateLimitRaw {
  rateLimitType: 'REQUEST_WEIGHT' | 'ORDERS' | 'RAW_REQUESTS';
  interval: 'SECOND' | 'MINUTE' | 'DAY';
  intervalNum: number;
  limit: number;
}

export type SymbolFilterRaw =
  | { filterType: 'PRICE_FILTER'; minPrice: string; maxPrice: string; tickSize: string }
  | { filterType: 'PERCENT_PRICE'; multiplierUp: string; multiplierDown: string; avgPriceMins: number }
  | {
      filterType: 'PERCENT_PRICE_BY_SIDE';
      bidMultiplierUp: string;
      bidMultiplierDown: string;
      askMultiplierUp: string;
      askMultiplierDown: string;
      avgPriceMins: number;
    }
  | { filterType: 'LOT_SIZE' | 'MARKET_LOT_SIZE'; minQty: string; maxQty: string; stepSize: string }
  | { filterType: 'MIN_NOTIONAL'; minNotional: string; applyToMarket: boolean; avgPriceMins: number }
  | {
      filterType: 'NOTIONAL';
      minNotional: string;
      applyMinToMarket: boolean;
      maxNotional: string;
      applyMaxToMarket: boolean;
      avgPriceMins: number;
    }
  | { filterType: 'ICEBERG_PARTS'; limit: number }
  | { filterType: 'MAX_NUM_ORDERS'; maxNumOrders: number }
  | { filterType: 'MAX_NUM_ALGO_ORDERS'; maxNumAlgoOrders: number }
  | { filterType: 'MAX_NUM_ICEBERG_ORDERS'; maxNumIcebergOrders: number }
  | { filterType: 'MAX_POSITION'; maxPosition: string }
  | {
      filterType: 'TRAILING_DELTA';
      minTrailingAboveDelta: number;
      maxTrailingAboveDelta: number;
      minTrailingBelowDelta: number;
      maxTrailingBelowDelta: number;
    };

export interface SymbolRaw {
  symbol: string;
  status: string;
  baseAsset: string;
  baseAssetPrecision: number;
  quoteAsset: string;
  quotePrecision?: number;
  quoteAssetPrecision: number;
  baseCommissionPrecision?: number;
  quoteCommissionPrecision?: number;
  orderTypes: string[];
  icebergAllowed?: boolean;
  ocoAllowed?: boolean;
  quoteOrderQtyMarketAllowed?: boolean;
  allowTrailingStop?: boolean;
  cancelReplaceAllowed?: boolean;
  isSpotTradingAllowed?: boolean;
  isMarginTradingAllowed?: boolean;
  filters: SymbolFilterRaw[];
  permissions?: string[];
  defaultSelfTradePreventionMode?: string;
  allowedSelfTradePreventionModes?: string[];
}

/** GET /api/v3/avgPrice (closeTime since the 2023-12 changelog). */
export interface AvgPriceRaw {
  mins: number;
  price: string;
  closeTime?: number;
}

export interface ExchangeInfoRaw {
  timezone: string;
  serverTime: number;
  rateLimits: RateLimitRaw[];
  exchangeFilters: unknown[];
  symbols: SymbolRaw[];
}

export interface Ticker24hRaw {
  symbol: string;
  priceChange: string;
  priceChangePercent: string;
  weightedAvgPrice: string;
  prevClosePrice: string;
  lastPrice: string;
  lastQty: string;
  bidPrice: string;
  bidQty: string;
  askPrice: string;
  askQty: string;
  openPrice: string;
  highPrice: string;
  lowPrice: string;
  volume: string;
  quoteVolume: string;
  openTime: number;
  closeTime: number;
  firstId: number;
  lastId: number;
  count: number;
}

export interface PriceTickerRaw {
  symbol: string;
  price: string;
}

export interface BookTickerRaw {
  symbol: string;
  bidPrice: string;
  bidQty: string;
  askPrice: string;
  askQty: string;
}

export interface DepthRaw {
  lastUpdateId: number;
  bids: [string, string][];
  asks: [string, string][];
}

/** [openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBuyBase, takerBuyQuote, ignore] */
export type KlineRaw = [number, string, string, string, string, string, number, string, number, string, string, string];

export interface TradeRaw {
  id: number;
  price: string;
  qty: string;
  quoteQty: string;
  time: number;
  isBuyerMaker: boolean;
  isBestMatch: boolean;
}

export interface AggTradeRaw {
  a: number;
  p: string;
  q: string;
  f: number;
  l: number;
  T: number;
  m: boolean;
  M: boolean;
}

export interface OrderFillRaw {
  price: string;
  qty: string;
  commission: string;
  commissionAsset: string;
  tradeId: number;
}

/** POST /api/v3/order with newOrderRespType FULL (ACK and RESULT carry a subset). */
export interface NewOrderRaw {
  symbol: string;
  orderId: number;
  orderListId: number;
  clientOrderId: string;
  transactTime: number;
  price?: string;
  origQty?: string;
  executedQty?: string;
  cummulativeQuoteQty?: string;
  status?: string;
  timeInForce?: string;
  type?: string;
  side?: string;
  stopPrice?: string;
  workingTime?: number;
  origQuoteOrderQty?: string;
  selfTradePreventionMode?: string;
  /** Trailing stops only (rest-api.md "Conditional fields in Order Responses"). */
  trailingDelta?: number;
  trailingTime?: number;
  fills?: OrderFillRaw[];
}

/** GET /api/v3/order, /api/v3/openOrders, /api/v3/allOrders. */
export interface QueryOrderRaw {
  symbol: string;
  orderId: number;
  orderListId: number;
  clientOrderId: string;
  price: string;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  status: string;
  timeInForce: string;
  type: string;
  side: string;
  stopPrice: string;
  icebergQty?: string;
  time: number;
  updateTime: number;
  isWorking: boolean;
  workingTime?: number;
  origQuoteOrderQty: string;
  selfTradePreventionMode?: string;
  trailingDelta?: number;
  trailingTime?: number;
}

/** DELETE /api/v3/order: clientOrderId is the cancel request's own id, origClientOrderId the order's. */
export interface CancelOrderRaw {
  symbol: string;
  origClientOrderId: string;
  orderId: number;
  orderListId: number;
  clientOrderId: string;
  transactTime?: number;
  price: string;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  status: string;
  timeInForce: string;
  type: string;
  side: string;
  stopPrice?: string;
  origQuoteOrderQty?: string;
  selfTradePreventionMode?: string;
  trailingDelta?: number;
}

/** A leg as order-list answers name it. */
export interface OrderListLegRaw {
  symbol: string;
  orderId: number;
  clientOrderId: string;
}

/** GET /api/v3/orderList, /api/v3/openOrderList, /api/v3/allOrderList (rest-api.md "Query OCO"). */
export interface OrderListRaw {
  orderListId: number;
  contingencyType: string;
  listStatusType: string;
  listOrderStatus: string;
  listClientOrderId: string;
  transactionTime: number;
  symbol: string;
  orders: OrderListLegRaw[];
}

/** POST /api/v3/order/oco: the list and a report of each leg (RESULT-shaped; no leg trades at placement). */
export interface NewOcoRaw extends OrderListRaw {
  orderReports: NewOrderRaw[];
}

/** DELETE /api/v3/orderList: each leg's report is a cancel answer. */
export interface CancelOcoRaw extends OrderListRaw {
  orderReports: CancelOrderRaw[];
}

/** POST /api/v3/order/cancelReplace, success (rest-api.md "Cancel an Existing Order and Send a New Order"). */
export interface CancelReplaceRaw {
  cancelResult: 'SUCCESS' | 'FAILURE';
  newOrderResult: 'SUCCESS' | 'FAILURE' | 'NOT_ATTEMPTED';
  cancelResponse: CancelOrderRaw | ErrorRaw;
  newOrderResponse: NewOrderRaw | ErrorRaw | null;
}

/** -2021 / -2022 carry the two halves in `data`. */
export interface CancelReplaceErrorRaw extends ErrorRaw {
  data: CancelReplaceRaw;
}

export interface MyTradeRaw {
  symbol: string;
  id: number;
  orderId: number;
  orderListId: number;
  price: string;
  qty: string;
  quoteQty: string;
  commission: string;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
  isBestMatch: boolean;
}

export interface BalanceRaw {
  asset: string;
  free: string;
  locked: string;
}

export interface AccountRaw {
  makerCommission: number;
  takerCommission: number;
  buyerCommission?: number;
  sellerCommission?: number;
  commissionRates?: { maker: string; taker: string; buyer: string; seller: string };
  canTrade: boolean;
  canWithdraw: boolean;
  canDeposit: boolean;
  brokered?: boolean;
  requireSelfTradePrevention?: boolean;
  updateTime: number;
  accountType: string;
  balances: BalanceRaw[];
  permissions: string[];
}

/** GET /sapi/v1/asset/query/trading-fee (shape unverified for Binance.US). */
export interface TradingFeeRaw {
  symbol: string;
  makerCommission: string;
  takerCommission: string;
}

export interface ListenKeyRaw {
  listenKey: string;
}

/** Combined-stream frame from /stream?streams=... */
export interface CombinedFrameRaw<T = unknown> {
  stream: string;
  data: T;
}

export interface TradeEventRaw {
  e: 'trade';
  E: number;
  s: string;
  t: number;
  p: string;
  q: string;
  b?: number;
  a?: number;
  T: number;
  m: boolean;
  M: boolean;
}

export interface BookTickerEventRaw {
  u: number;
  s: string;
  b: string;
  B: string;
  a: string;
  A: string;
}

export interface KlineEventRaw {
  e: 'kline';
  E: number;
  s: string;
  k: {
    t: number;
    T: number;
    s: string;
    i: string;
    f: number;
    L: number;
    o: string;
    c: string;
    h: string;
    l: string;
    v: string;
    n: number;
    x: boolean;
    q: string;
    V: string;
    Q: string;
    B: string;
  };
}

/** Partial book depth stream (<s>@depth5/10/20). */
export interface PartialDepthEventRaw {
  lastUpdateId: number;
  bids: [string, string][];
  asks: [string, string][];
}

/** Diff depth stream (<s>@depth). */
export interface DiffDepthEventRaw {
  e: 'depthUpdate';
  E: number;
  s: string;
  U: number;
  u: number;
  b: [string, string][];
  a: [string, string][];
}

export interface ExecutionReportRaw {
  e: 'executionReport';
  E: number;
  s: string;
  c: string;
  S: string;
  o: string;
  f: string;
  q: string;
  p: string;
  P: string;
  F: string;
  g: number;
  C: string;
  x: string;
  X: string;
  r: string;
  i: number;
  l: string;
  z: string;
  L: string;
  n: string;
  N: string | null;
  T: number;
  t: number;
  I?: number;
  w: boolean;
  m: boolean;
  M?: boolean;
  O: number;
  Z: string;
  Y: string;
  Q: string;
  W?: number;
  V?: string;
  /** Trailing stops: the delta and when tracking began (user-data-stream.md). */
  d?: number;
  D?: number;
}

/** user-data-stream.md "Account Update": the balances that changed. */
export interface OutboundAccountPositionRaw {
  e: 'outboundAccountPosition';
  E: number;
  u: number;
  B: { a: string; f: string; l: string }[];
}

/** user-data-stream.md "Listen Key Expired": the last event on a listenKey's stream. */
export interface ListenKeyExpiredEventRaw {
  e: 'listenKeyExpired';
  E: number;
  listenKey: string;
}

/** user-data-stream.md "ListStatus": sent beside the legs' executionReports. */
export interface ListStatusEventRaw {
  e: 'listStatus';
  E: number;
  s: string;
  g: number;
  c: string;
  l: string;
  L: string;
  r: string;
  C: string;
  T: number;
  O: { s: string; i: number; c: string }[];
}

/** GET /api/v3/ticker (rolling window), type FULL. */
export interface RollingTickerRaw {
  symbol: string;
  priceChange: string;
  priceChangePercent: string;
  weightedAvgPrice: string;
  openPrice: string;
  highPrice: string;
  lowPrice: string;
  lastPrice: string;
  volume: string;
  quoteVolume: string;
  openTime: number;
  closeTime: number;
  firstId: number;
  lastId: number;
  count: number;
}

export interface AggTradeEventRaw {
  e: 'aggTrade';
  E: number;
  s: string;
  a: number;
  p: string;
  q: string;
  f: number;
  l: number;
  T: number;
  m: boolean;
  M: boolean;
}

export interface MiniTickerEventRaw {
  e: '24hrMiniTicker';
  E: number;
  s: string;
  c: string;
  o: string;
  h: string;
  l: string;
  v: string;
  q: string;
}

export interface TickerEventRaw {
  e: '24hrTicker';
  E: number;
  s: string;
  p: string;
  P: string;
  w: string;
  x: string;
  c: string;
  Q: string;
  b: string;
  B: string;
  a: string;
  A: string;
  o: string;
  h: string;
  l: string;
  v: string;
  q: string;
  O: number;
  C: number;
  F: number;
  L: number;
  n: number;
}

/** `<symbol>@depth[@100ms]`: changed levels since the last event; a quantity of 0 removes the level. */
export interface DepthUpdateEventRaw {
  e: 'depthUpdate';
  E: number;
  s: string;
  U: number;
  u: number;
  b: [string, string][];
  a: [string, string][];
}

/** Every event a user data stream sends. */
export type UserDataEventRaw =
  ExecutionReportRaw | ListStatusEventRaw | OutboundAccountPositionRaw | ListenKeyExpiredEventRaw;
