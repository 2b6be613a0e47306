/**
 * Model -> Binance wire shapes, in one place: decimals as strings with 8 places, ids and times as
 * numbers, Binance's field names (including its `cummulativeQuoteQty`).
 */
import type {
  AccountRaw,
  BalanceRaw,
  BookTickerEventRaw,
  BookTickerRaw,
  CancelOrderRaw,
  DepthRaw,
  ExchangeInfoRaw,
  ExecutionReportRaw,
  KlineEventRaw,
  KlineRaw,
  MyTradeRaw,
  NewOrderRaw,
  OrderFillRaw,
  OutboundAccountPositionRaw,
  QueryOrderRaw,
  SymbolFilterRaw,
  SymbolRaw,
  Ticker24hRaw,
  TradeEventRaw,
} from '../exchanges/binance-us/raw-types.js';
import type { Balance } from '../model/balance.js';
import type { Candle, Interval } from '../model/candle.js';
import type { Fill } from '../model/fill.js';
import type { BookLevel, BookTicker, OrderBook, Ticker24h, TradeTick } from '../model/market-snapshot.js';
import type { FeeRates, Market } from '../model/market.js';
import { Big, type Decimal } from '../model/money.js';
import { isStopOrderType } from '../model/filters.js';
import type { Order, OrderType } from '../model/order.js';
import { wireClientOrderId } from './order-registry.js';
import type { RateLimitRule } from './rate-limits.js';
import type { WireIds } from './wire-ids.js';

export const STP_MODE = 'EXPIRE_MAKER';
const STP_MODES = ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'];
/** exchangeInfo lists order types alphabetically. */
const BINANCE_ORDER_TYPE_ORDER: OrderType[] = [
  'LIMIT',
  'LIMIT_MAKER',
  'MARKET',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT_LIMIT',
];

/** "0.01" -> "0.01000000" (truncated past 8 places, as Binance's 8-decimal fields are). */
export function d8(value: Decimal | undefined): string {
  return new Big(value ?? '0').toFixed(8);
}

/** Multipliers like PERCENT_PRICE's are sent unpadded ("5", "0.2"). */
function plain(value: Decimal): string {
  return new Big(value).toFixed();
}

export function symbolRaw(market: Market): SymbolRaw {
  const f = market.filters;
  const filters: SymbolFilterRaw[] = [
    {
      filterType: 'PRICE_FILTER',
      minPrice: d8(f.price.minPrice),
      maxPrice: d8(f.price.maxPrice),
      tickSize: d8(f.price.tickSize),
    },
  ];
  if (f.percentPrice) {
    filters.push({
      filterType: 'PERCENT_PRICE',
      multiplierUp: plain(f.percentPrice.multiplierUp),
      multiplierDown: plain(f.percentPrice.multiplierDown),
      avgPriceMins: f.percentPrice.avgPriceMins,
    });
  }
  if (f.percentPriceBySide) {
    const b = f.percentPriceBySide;
    filters.push({
      filterType: 'PERCENT_PRICE_BY_SIDE',
      bidMultiplierUp: plain(b.bidMultiplierUp),
      bidMultiplierDown: plain(b.bidMultiplierDown),
      askMultiplierUp: plain(b.askMultiplierUp),
      askMultiplierDown: plain(b.askMultiplierDown),
      avgPriceMins: b.avgPriceMins,
    });
  }
  filters.push({
    filterType: 'LOT_SIZE',
    minQty: d8(f.lotSize.minQty),
    maxQty: d8(f.lotSize.maxQty),
    stepSize: d8(f.lotSize.stepSize),
  });
  if (f.minNotional) {
    filters.push({
      filterType: 'MIN_NOTIONAL',
      minNotional: d8(f.minNotional.minNotional),
      applyToMarket: f.minNotional.applyToMarket,
      avgPriceMins: f.minNotional.avgPriceMins,
    });
  }
  if (f.notional) {
    const n = f.notional;
    filters.push({
      filterType: 'NOTIONAL',
      minNotional: d8(n.minNotional),
      applyMinToMarket: n.applyMinToMarket,
      maxNotional: d8(n.maxNotional),
      applyMaxToMarket: n.applyMaxToMarket,
      avgPriceMins: n.avgPriceMins,
    });
  }
  filters.push({ filterType: 'ICEBERG_PARTS', limit: 10 });
  if (f.marketLotSize) {
    filters.push({
      filterType: 'MARKET_LOT_SIZE',
      minQty: d8(f.marketLotSize.minQty),
      maxQty: d8(f.marketLotSize.maxQty),
      stepSize: d8(f.marketLotSize.stepSize),
    });
  }
  if (f.trailingDelta) filters.push({ filterType: 'TRAILING_DELTA', ...f.trailingDelta });
  if (f.maxNumOrders !== undefined) filters.push({ filterType: 'MAX_NUM_ORDERS', maxNumOrders: f.maxNumOrders });
  if (f.maxNumAlgoOrders !== undefined)
    filters.push({ filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: f.maxNumAlgoOrders });
  return {
    symbol: market.symbol,
    status: market.status,
    baseAsset: market.baseAsset,
    baseAssetPrecision: market.baseAssetPrecision,
    quoteAsset: market.quoteAsset,
    quotePrecision: market.quoteAssetPrecision,
    quoteAssetPrecision: market.quoteAssetPrecision,
    baseCommissionPrecision: market.baseAssetPrecision,
    quoteCommissionPrecision: market.quoteAssetPrecision,
    orderTypes: BINANCE_ORDER_TYPE_ORDER.filter((t) => market.orderTypes.includes(t)),
    icebergAllowed: true,
    ocoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters,
    permissions: ['SPOT'],
    defaultSelfTradePreventionMode: market.defaultSelfTradePreventionMode ?? STP_MODE,
    allowedSelfTradePreventionModes: market.allowedSelfTradePreventionModes ?? STP_MODES,
  };
}

export function exchangeInfoRaw(serverTime: number, rateLimits: RateLimitRule[], markets: Market[]): ExchangeInfoRaw {
  return { timezone: 'UTC', serverTime, rateLimits, exchangeFilters: [], symbols: markets.map(symbolRaw) };
}

export function ticker24hRaw(t: Ticker24h): Ticker24hRaw {
  return {
    symbol: t.symbol,
    priceChange: d8(t.priceChange),
    priceChangePercent: new Big(t.priceChangePercent).toFixed(3),
    weightedAvgPrice: d8(t.weightedAvgPrice),
    prevClosePrice: d8(t.prevClosePrice),
    lastPrice: d8(t.lastPrice),
    lastQty: d8(t.lastQty),
    bidPrice: d8(t.bidPrice),
    bidQty: d8(t.bidQty),
    askPrice: d8(t.askPrice),
    askQty: d8(t.askQty),
    openPrice: d8(t.openPrice),
    highPrice: d8(t.highPrice),
    lowPrice: d8(t.lowPrice),
    volume: d8(t.volume),
    quoteVolume: d8(t.quoteVolume),
    openTime: t.openTime,
    closeTime: t.closeTime,
    firstId: t.count > 0 ? 1 : -1,
    lastId: t.count > 0 ? t.count : -1,
    count: t.count,
  };
}

export function bookTickerRaw(b: BookTicker): BookTickerRaw {
  return {
    symbol: b.symbol,
    bidPrice: d8(b.bidPrice),
    bidQty: d8(b.bidQty),
    askPrice: d8(b.askPrice),
    askQty: d8(b.askQty),
  };
}

function levels(side: BookLevel[]): [string, string][] {
  return side.map(([price, qty]) => [d8(price), d8(qty)]);
}

export function depthRaw(book: OrderBook): DepthRaw {
  return { lastUpdateId: book.lastUpdateId, bids: levels(book.bids), asks: levels(book.asks) };
}

export function klineRaw(c: Candle): KlineRaw {
  return [
    c.openTime,
    d8(c.open),
    d8(c.high),
    d8(c.low),
    d8(c.close),
    d8(c.volume),
    c.closeTime,
    d8(c.quoteVolume),
    c.trades,
    d8(c.takerBuyBaseVolume),
    d8(c.takerBuyQuoteVolume),
    '0',
  ];
}

function isStop(order: Order): boolean {
  return isStopOrderType(order.type);
}

/** Binance reports MARKET orders with timeInForce GTC and price 0. */
function tif(order: Order): string {
  return order.timeInForce ?? 'GTC';
}

function workingTime(order: Order): number {
  return isStop(order) && !order.triggered ? -1 : order.createdAt;
}

function isWorking(order: Order): boolean {
  return !isStop(order) || order.triggered === true;
}

/** Fields shared by the RESULT/FULL order response and the cancel response. */
function orderCore(
  order: Order,
  ids: WireIds,
): Pick<NewOrderRaw, 'symbol' | 'orderId' | 'orderListId' | 'clientOrderId'> {
  return {
    symbol: order.symbol,
    orderId: ids.wire(order.orderId),
    orderListId: listIdOf(order, ids),
    clientOrderId: wireClientOrderId(order.clientOrderId),
  };
}

/** -1 for an order that is no list's leg. */
export function listIdOf(order: Order, ids: WireIds): number {
  return order.orderListId === undefined ? -1 : ids.wire(order.orderListId);
}

type OrderAmountsRaw = Pick<
  QueryOrderRaw,
  | 'price'
  | 'origQty'
  | 'executedQty'
  | 'origQuoteOrderQty'
  | 'cummulativeQuoteQty'
  | 'status'
  | 'timeInForce'
  | 'type'
  | 'side'
  | 'trailingDelta'
> & { stopPrice?: string };

function orderAmounts(order: Order): OrderAmountsRaw {
  const amounts: OrderAmountsRaw = {
    price: d8(order.price),
    origQty: d8(order.origQty),
    executedQty: d8(order.executedQty),
    origQuoteOrderQty: d8(order.origQuoteOrderQty),
    cummulativeQuoteQty: d8(order.cummulativeQuoteQty),
    status: order.status,
    timeInForce: tif(order),
    type: order.type,
    side: order.side,
  };
  if (isStop(order)) amounts.stopPrice = d8(order.stopPrice);
  if (order.trailingDelta !== undefined) amounts.trailingDelta = order.trailingDelta;
  return amounts;
}

export function fillRaw(fill: Fill, ids: WireIds): OrderFillRaw {
  return {
    price: d8(fill.price),
    qty: d8(fill.qty),
    commission: d8(fill.commission),
    commissionAsset: fill.commissionAsset,
    tradeId: ids.wire(fill.tradeId),
  };
}

export type NewOrderRespType = 'ACK' | 'RESULT' | 'FULL';

export function newOrderRaw(
  order: Order,
  fills: Fill[],
  respType: NewOrderRespType,
  transactTime: number,
  ids: WireIds,
): NewOrderRaw {
  const ack: NewOrderRaw = { ...orderCore(order, ids), transactTime };
  if (respType === 'ACK') return ack;
  const result: NewOrderRaw = {
    ...ack,
    ...orderAmounts(order),
    workingTime: workingTime(order),
    selfTradePreventionMode: order.selfTradePreventionMode ?? STP_MODE,
  };
  if (respType === 'RESULT') return result;
  return { ...result, fills: fills.map((f) => fillRaw(f, ids)) };
}

export function queryOrderRaw(order: Order, ids: WireIds): QueryOrderRaw {
  return {
    ...orderCore(order, ids),
    ...orderAmounts(order),
    stopPrice: d8(order.stopPrice),
    icebergQty: d8('0'),
    time: order.createdAt,
    updateTime: order.updatedAt,
    isWorking: isWorking(order),
    workingTime: workingTime(order),
    selfTradePreventionMode: order.selfTradePreventionMode ?? STP_MODE,
  };
}

export function cancelOrderRaw(
  order: Order,
  cancelClientOrderId: string,
  transactTime: number,
  ids: WireIds,
): CancelOrderRaw {
  return {
    symbol: order.symbol,
    origClientOrderId: wireClientOrderId(order.clientOrderId),
    orderId: ids.wire(order.orderId),
    orderListId: listIdOf(order, ids),
    clientOrderId: cancelClientOrderId,
    transactTime,
    ...orderAmounts(order),
    selfTradePreventionMode: order.selfTradePreventionMode ?? STP_MODE,
  };
}

export function myTradeRaw(fill: Fill, ids: WireIds): MyTradeRaw {
  return {
    symbol: fill.symbol,
    id: ids.wire(fill.tradeId),
    orderId: ids.wire(fill.orderId),
    orderListId: -1,
    price: d8(fill.price),
    qty: d8(fill.qty),
    quoteQty: d8(fill.quoteQty),
    commission: d8(fill.commission),
    commissionAsset: fill.commissionAsset,
    time: fill.time,
    isBuyer: fill.side === 'BUY',
    isMaker: fill.isMaker,
    isBestMatch: true,
  };
}

export function balanceRaw(b: Balance): BalanceRaw {
  return { asset: b.asset, free: d8(b.free), locked: d8(b.locked) };
}

/** Commission in basis points, the account endpoint's integer fields. */
function bps(rate: Decimal): number {
  return Number(new Big(rate).times(10_000).round(0, Big.roundHalfUp).toFixed());
}

export function accountRaw(balances: Balance[], fees: FeeRates, updateTime: number): AccountRaw {
  return {
    makerCommission: bps(fees.maker),
    takerCommission: bps(fees.taker),
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: { maker: d8(fees.maker), taker: d8(fees.taker), buyer: d8('0'), seller: d8('0') },
    canTrade: true,
    canWithdraw: true,
    canDeposit: true,
    brokered: false,
    requireSelfTradePrevention: false,
    updateTime,
    accountType: 'SPOT',
    balances: balances.map(balanceRaw),
    permissions: ['SPOT'],
  };
}

export function tradeEventRaw(trade: TradeTick, tradeId: number, eventTime: number): TradeEventRaw {
  return {
    e: 'trade',
    E: eventTime,
    s: trade.symbol,
    t: tradeId,
    p: d8(trade.price),
    q: d8(trade.qty),
    T: trade.time,
    m: trade.buyerIsMaker,
    M: true,
  };
}

export function bookTickerEventRaw(b: BookTicker, updateId: number): BookTickerEventRaw {
  return { u: updateId, s: b.symbol, b: d8(b.bidPrice), B: d8(b.bidQty), a: d8(b.askPrice), A: d8(b.askQty) };
}

export function klineEventRaw(
  symbol: string,
  interval: Interval,
  c: Candle,
  closed: boolean,
  eventTime: number,
): KlineEventRaw {
  return {
    e: 'kline',
    E: eventTime,
    s: symbol,
    k: {
      t: c.openTime,
      T: c.closeTime,
      s: symbol,
      i: interval,
      f: c.trades > 0 ? 1 : -1,
      L: c.trades > 0 ? c.trades : -1,
      o: d8(c.open),
      c: d8(c.close),
      h: d8(c.high),
      l: d8(c.low),
      v: d8(c.volume),
      n: c.trades,
      x: closed,
      q: d8(c.quoteVolume),
      V: d8(c.takerBuyBaseVolume),
      Q: d8(c.takerBuyQuoteVolume),
      B: '0',
    },
  };
}

export type ExecutionType = 'NEW' | 'CANCELED' | 'REJECTED' | 'TRADE' | 'EXPIRED';

export interface ExecutionStep {
  executionType: ExecutionType;
  status: Order['status'];
  cumulativeQty: Decimal;
  cumulativeQuote: Decimal;
  fill?: Fill | undefined;
  /** For a cancel: the cancel request's id; `c` carries it and `C` the order's own. */
  cancelClientOrderId?: string | undefined;
}

export function executionReportRaw(
  order: Order,
  step: ExecutionStep,
  eventTime: number,
  ids: WireIds,
): ExecutionReportRaw {
  const fill = step.fill;
  const transactTime = fill?.time ?? order.updatedAt;
  return {
    e: 'executionReport',
    E: eventTime,
    s: order.symbol,
    c: step.cancelClientOrderId ?? wireClientOrderId(order.clientOrderId),
    S: order.side,
    o: order.type,
    f: tif(order),
    q: d8(order.origQty),
    p: d8(order.price),
    P: d8(order.stopPrice),
    F: d8('0'),
    g: listIdOf(order, ids),
    C: step.cancelClientOrderId !== undefined ? wireClientOrderId(order.clientOrderId) : '',
    x: step.executionType,
    X: step.status,
    r: 'NONE',
    i: ids.wire(order.orderId),
    l: d8(fill?.qty),
    z: d8(step.cumulativeQty),
    L: d8(fill?.price),
    n: d8(fill?.commission),
    N: fill ? fill.commissionAsset : null,
    T: transactTime,
    t: fill ? ids.wire(fill.tradeId) : -1,
    I: 0,
    w: step.status === 'NEW' && isWorking(order),
    m: fill ? fill.isMaker : false,
    M: fill !== undefined,
    O: order.createdAt,
    Z: d8(step.cumulativeQuote),
    Y: d8(fill?.quoteQty),
    Q: d8(order.origQuoteOrderQty),
    W: workingTime(order),
    V: order.selfTradePreventionMode ?? STP_MODE,
    ...(order.trailingDelta !== undefined ? { d: order.trailingDelta } : {}),
  };
}

export function outboundAccountPositionRaw(balances: Balance[], eventTime: number): OutboundAccountPositionRaw {
  return {
    e: 'outboundAccountPosition',
    E: eventTime,
    u: eventTime,
    B: balances.map((b) => ({ a: b.asset, f: d8(b.free), l: d8(b.locked) })),
  };
}
