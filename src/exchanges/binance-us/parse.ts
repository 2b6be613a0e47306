/**
 * The one place where Binance.US wire types become model types. Every enum value is mapped
 * explicitly; a value we do not know throws UnexpectedWireValue rather than slipping through.
 * Integers are accepted as numbers or as digit strings (recordings made by ccxt store them as strings).
 */
import type { Balance } from '../../model/balance.js';
import { ExchangeRejection } from '../../model/errors.js';
import type { CancelReplaceResult } from '../../ports/broker.js';
import type { Candle } from '../../model/candle.js';
import type { Fill } from '../../model/fill.js';
import { isStopOrderType } from '../../model/filters.js';
import type { FeeRates, LotSizeFilter, Market, SymbolFee, SymbolFilters, SymbolStatus } from '../../model/market.js';
import type {
  AveragePrice,
  BookTicker,
  OrderBook,
  PriceTick,
  Ticker24h,
  TradeTick,
} from '../../model/market-snapshot.js';
import { isDecimal, isZero, mul, type Decimal } from '../../model/money.js';
import {
  SELF_TRADE_PREVENTION_MODES,
  type Order,
  type OrderStatus,
  type OrderType,
  type SelfTradePreventionMode,
  type Side,
  type TimeInForce,
} from '../../model/order.js';
import type { ContingencyType, ListOrderStatus, ListStatusType, OrderList } from '../../model/order-list.js';
import type {
  AccountRaw,
  AggTradeRaw,
  AvgPriceRaw,
  BalanceRaw,
  BookTickerEventRaw,
  BookTickerRaw,
  CancelOcoRaw,
  CancelOrderRaw,
  CancelReplaceRaw,
  ErrorRaw,
  DepthRaw,
  ExecutionReportRaw,
  KlineEventRaw,
  KlineRaw,
  ListStatusEventRaw,
  MyTradeRaw,
  NewOcoRaw,
  NewOrderRaw,
  OrderListRaw,
  PriceTickerRaw,
  QueryOrderRaw,
  RateLimitRaw,
  SymbolFilterRaw,
  SymbolRaw,
  Ticker24hRaw,
  TradeEventRaw,
  TradeRaw,
  TradingFeeRaw,
} from './raw-types.js';

/** Binance.US sent something this adapter does not understand. */
export class UnexpectedWireValue extends Error {
  constructor(field: string, value: unknown, known?: readonly string[]) {
    super(
      `Binance.US sent an unexpected ${field}: ${JSON.stringify(value)}${known ? ` (known: ${known.join(', ')})` : ''}`,
    );
    this.name = 'UnexpectedWireValue';
  }
}

function mapEnum<T extends string>(field: string, table: Record<string, T>, value: unknown): T {
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(table, value)) return table[value];
  throw new UnexpectedWireValue(field, value, Object.keys(table));
}

const SIDE: Record<string, Side> = { BUY: 'BUY', SELL: 'SELL' };
const ORDER_TYPE: Record<string, OrderType> = {
  MARKET: 'MARKET',
  LIMIT: 'LIMIT',
  LIMIT_MAKER: 'LIMIT_MAKER',
  STOP_LOSS_LIMIT: 'STOP_LOSS_LIMIT',
  TAKE_PROFIT_LIMIT: 'TAKE_PROFIT_LIMIT',
};
const ORDER_STATUS: Record<string, OrderStatus> = {
  NEW: 'NEW',
  PARTIALLY_FILLED: 'PARTIALLY_FILLED',
  FILLED: 'FILLED',
  CANCELED: 'CANCELED',
  REJECTED: 'REJECTED',
  EXPIRED: 'EXPIRED',
  EXPIRED_IN_MATCH: 'EXPIRED_IN_MATCH',
};
const TIME_IN_FORCE: Record<string, TimeInForce> = { GTC: 'GTC', IOC: 'IOC', FOK: 'FOK' };
const SYMBOL_STATUS: Record<string, SymbolStatus> = {
  TRADING: 'TRADING',
  HALT: 'HALT',
  BREAK: 'BREAK',
  PRE_TRADING: 'PRE_TRADING',
  POST_TRADING: 'POST_TRADING',
  END_OF_DAY: 'END_OF_DAY',
  AUCTION_MATCH: 'AUCTION_MATCH',
};
/** Execution types of the user-data `executionReport` event. */
export type ExecutionType = 'NEW' | 'CANCELED' | 'REPLACED' | 'REJECTED' | 'TRADE' | 'EXPIRED' | 'TRADE_PREVENTION';
const EXECUTION_TYPE: Record<string, ExecutionType> = {
  NEW: 'NEW',
  CANCELED: 'CANCELED',
  REPLACED: 'REPLACED',
  REJECTED: 'REJECTED',
  TRADE: 'TRADE',
  EXPIRED: 'EXPIRED',
  TRADE_PREVENTION: 'TRADE_PREVENTION',
};

const CONTINGENCY_TYPE: Record<string, ContingencyType> = { OCO: 'OCO' };
const LIST_STATUS_TYPE: Record<string, ListStatusType> = {
  RESPONSE: 'RESPONSE',
  EXEC_STARTED: 'EXEC_STARTED',
  ALL_DONE: 'ALL_DONE',
};
const LIST_ORDER_STATUS: Record<string, ListOrderStatus> = {
  EXECUTING: 'EXECUTING',
  ALL_DONE: 'ALL_DONE',
  REJECT: 'REJECT',
};

export const parseSide = (v: unknown): Side => mapEnum('side', SIDE, v);
export const parseOrderType = (v: unknown): OrderType => mapEnum('order type', ORDER_TYPE, v);
export const parseOrderStatus = (v: unknown): OrderStatus => mapEnum('order status', ORDER_STATUS, v);
export const parseTimeInForce = (v: unknown): TimeInForce => mapEnum('timeInForce', TIME_IN_FORCE, v);
export const parseSymbolStatus = (v: unknown): SymbolStatus => mapEnum('symbol status', SYMBOL_STATUS, v);
export const parseExecutionType = (v: unknown): ExecutionType => mapEnum('execution type', EXECUTION_TYPE, v);

export function int(value: number | string, field = 'integer'): number {
  const n = typeof value === 'number' ? value : /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new UnexpectedWireValue(field, value);
  return n;
}

export function decimal(value: string, field = 'decimal'): Decimal {
  if (typeof value !== 'string' || !isDecimal(value)) throw new UnexpectedWireValue(field, value);
  return value;
}

/** Binance sends "0.00000000" for a price or stop price that does not apply. */
function optionalPrice(value: string | undefined, field: string): Decimal | undefined {
  if (value === undefined || value === '') return undefined;
  const d = decimal(value, field);
  return isZero(d) ? undefined : d;
}

function lotSize(f: { minQty: string; maxQty: string; stepSize: string }): LotSizeFilter {
  return { minQty: decimal(f.minQty), maxQty: decimal(f.maxQty), stepSize: decimal(f.stepSize) };
}

/** Filters we do not model (ICEBERG_PARTS, MAX_POSITION, ...) are accepted and left out. */
export function parseFilters(symbol: string, raws: SymbolFilterRaw[]): SymbolFilters {
  const out: Partial<SymbolFilters> = {};
  for (const f of raws) {
    switch (f.filterType) {
      case 'PRICE_FILTER':
        out.price = { minPrice: decimal(f.minPrice), maxPrice: decimal(f.maxPrice), tickSize: decimal(f.tickSize) };
        break;
      case 'LOT_SIZE':
        out.lotSize = lotSize(f);
        break;
      case 'MARKET_LOT_SIZE':
        out.marketLotSize = lotSize(f);
        break;
      case 'MIN_NOTIONAL':
        out.minNotional = {
          minNotional: decimal(f.minNotional),
          applyToMarket: f.applyToMarket,
          avgPriceMins: int(f.avgPriceMins),
        };
        break;
      case 'NOTIONAL':
        out.notional = {
          minNotional: decimal(f.minNotional),
          applyMinToMarket: f.applyMinToMarket,
          maxNotional: decimal(f.maxNotional),
          applyMaxToMarket: f.applyMaxToMarket,
          avgPriceMins: int(f.avgPriceMins),
        };
        break;
      case 'PERCENT_PRICE':
        out.percentPrice = {
          multiplierUp: decimal(f.multiplierUp),
          multiplierDown: decimal(f.multiplierDown),
          avgPriceMins: int(f.avgPriceMins),
        };
        break;
      case 'PERCENT_PRICE_BY_SIDE':
        out.percentPriceBySide = {
          bidMultiplierUp: decimal(f.bidMultiplierUp),
          bidMultiplierDown: decimal(f.bidMultiplierDown),
          askMultiplierUp: decimal(f.askMultiplierUp),
          askMultiplierDown: decimal(f.askMultiplierDown),
          avgPriceMins: int(f.avgPriceMins),
        };
        break;
      case 'MAX_NUM_ORDERS':
        out.maxNumOrders = int(f.maxNumOrders);
        break;
      case 'MAX_NUM_ALGO_ORDERS':
        out.maxNumAlgoOrders = int(f.maxNumAlgoOrders);
        break;
      case 'TRAILING_DELTA':
        out.trailingDelta = {
          minTrailingAboveDelta: int(f.minTrailingAboveDelta),
          maxTrailingAboveDelta: int(f.maxTrailingAboveDelta),
          minTrailingBelowDelta: int(f.minTrailingBelowDelta),
          maxTrailingBelowDelta: int(f.maxTrailingBelowDelta),
        };
        break;
      default:
        break;
    }
  }
  if (!out.price || !out.lotSize)
    throw new UnexpectedWireValue(
      `filters of ${symbol} (PRICE_FILTER and LOT_SIZE are required)`,
      raws.map((f) => f.filterType),
    );
  return out as SymbolFilters;
}

/** Binance order types that exist on binance.com but that this adapter never offers (Binance.US has no plain stop orders). */
const MARKET_ORDER_TYPES_NOT_OFFERED: readonly string[] = ['STOP_LOSS', 'TAKE_PROFIT'];

/** exchangeInfo carries no fees: `fees` is the venue's published schedule, supplied by the caller. */
export function parseMarket(raw: SymbolRaw, fees: FeeRates): Market {
  return {
    symbol: raw.symbol,
    baseAsset: raw.baseAsset,
    quoteAsset: raw.quoteAsset,
    status: parseSymbolStatus(raw.status),
    baseAssetPrecision: int(raw.baseAssetPrecision),
    quoteAssetPrecision: int(raw.quoteAssetPrecision),
    orderTypes: raw.orderTypes.filter((t) => !MARKET_ORDER_TYPES_NOT_OFFERED.includes(t)).map(parseOrderType),
    filters: parseFilters(raw.symbol, raw.filters),
    fees,
    ...stpModes(raw),
  };
}

function stpMode(value: string): SelfTradePreventionMode | undefined {
  return (SELF_TRADE_PREVENTION_MODES as readonly string[]).includes(value)
    ? (value as SelfTradePreventionMode)
    : undefined;
}

/** The symbol's STP default and allowed modes; NONE (binance.com only) is not a mode this adapter sends. */
function stpModes(raw: SymbolRaw): Pick<Market, 'defaultSelfTradePreventionMode' | 'allowedSelfTradePreventionModes'> {
  const out: Pick<Market, 'defaultSelfTradePreventionMode' | 'allowedSelfTradePreventionModes'> = {};
  const fallback = raw.defaultSelfTradePreventionMode && stpMode(raw.defaultSelfTradePreventionMode);
  if (fallback) out.defaultSelfTradePreventionMode = fallback;
  if (raw.allowedSelfTradePreventionModes) {
    out.allowedSelfTradePreventionModes = raw.allowedSelfTradePreventionModes
      .map(stpMode)
      .filter((m): m is SelfTradePreventionMode => m !== undefined);
  }
  return out;
}

export function parseAveragePrice(raw: AvgPriceRaw, symbol: string): AveragePrice {
  return {
    symbol,
    mins: int(raw.mins, 'mins'),
    price: decimal(raw.price, 'price'),
    closeTime: raw.closeTime === undefined ? 0 : int(raw.closeTime, 'closeTime'),
  };
}

/** One ORDERS limit of exchangeInfo.rateLimits: at most `limit` new orders per fixed window of `intervalMs`. */
export interface OrderLimit {
  intervalMs: number;
  limit: number;
}

export interface RateLimits {
  /** Request weight allowed per minute. */
  weightPerMinute: number;
  /** Every ORDERS limit, shortest window first (Binance.US: per 10 s and per day). */
  orders?: OrderLimit[] | undefined;
}

const INTERVAL_MS = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 } as const;

export function parseRateLimits(raws: RateLimitRaw[]): RateLimits {
  const windowMs = (r: RateLimitRaw): number =>
    int(r.intervalNum) * (INTERVAL_MS[r.interval as keyof typeof INTERVAL_MS] ?? NaN);
  const weight = raws.find((r) => r.rateLimitType === 'REQUEST_WEIGHT' && windowMs(r) === 60_000);
  const orders = raws
    .filter((r) => r.rateLimitType === 'ORDERS' && Number.isFinite(windowMs(r)))
    .map((r) => ({ intervalMs: windowMs(r), limit: int(r.limit) }))
    .sort((a, b) => a.intervalMs - b.intervalMs);
  return { weightPerMinute: weight ? int(weight.limit) : 1200, ...(orders.length > 0 ? { orders } : {}) };
}

export function parseTicker24h(raw: Ticker24hRaw): Ticker24h {
  return {
    symbol: raw.symbol,
    priceChange: decimal(raw.priceChange),
    priceChangePercent: decimal(raw.priceChangePercent),
    weightedAvgPrice: decimal(raw.weightedAvgPrice),
    prevClosePrice: decimal(raw.prevClosePrice),
    lastPrice: decimal(raw.lastPrice),
    lastQty: decimal(raw.lastQty),
    bidPrice: decimal(raw.bidPrice),
    bidQty: decimal(raw.bidQty),
    askPrice: decimal(raw.askPrice),
    askQty: decimal(raw.askQty),
    openPrice: decimal(raw.openPrice),
    highPrice: decimal(raw.highPrice),
    lowPrice: decimal(raw.lowPrice),
    volume: decimal(raw.volume),
    quoteVolume: decimal(raw.quoteVolume),
    openTime: int(raw.openTime),
    closeTime: int(raw.closeTime),
    count: int(raw.count),
  };
}

export function parsePriceTick(raw: PriceTickerRaw, time: number): PriceTick {
  return { symbol: raw.symbol, price: decimal(raw.price), time };
}

export function parseBookTicker(raw: BookTickerRaw): BookTicker {
  return {
    symbol: raw.symbol,
    bidPrice: decimal(raw.bidPrice),
    bidQty: decimal(raw.bidQty),
    askPrice: decimal(raw.askPrice),
    askQty: decimal(raw.askQty),
  };
}

export function parseBookTickerEvent(raw: BookTickerEventRaw): BookTicker {
  return {
    symbol: raw.s,
    bidPrice: decimal(raw.b),
    bidQty: decimal(raw.B),
    askPrice: decimal(raw.a),
    askQty: decimal(raw.A),
  };
}

const level = ([p, q]: [string, string]): [Decimal, Decimal] => [decimal(p), decimal(q)];

export function parseOrderBook(raw: DepthRaw, symbol: string, time: number): OrderBook {
  return { symbol, lastUpdateId: int(raw.lastUpdateId), bids: raw.bids.map(level), asks: raw.asks.map(level), time };
}

export function parseCandle(raw: KlineRaw): Candle {
  return {
    openTime: int(raw[0]),
    open: decimal(raw[1]),
    high: decimal(raw[2]),
    low: decimal(raw[3]),
    close: decimal(raw[4]),
    volume: decimal(raw[5]),
    closeTime: int(raw[6]),
    quoteVolume: decimal(raw[7]),
    trades: int(raw[8]),
    takerBuyBaseVolume: decimal(raw[9]),
    takerBuyQuoteVolume: decimal(raw[10]),
  };
}

export function parseKlineEvent(raw: KlineEventRaw): {
  symbol: string;
  interval: string;
  closed: boolean;
  candle: Candle;
} {
  const k = raw.k;
  return {
    symbol: raw.s,
    interval: k.i,
    closed: k.x,
    candle: {
      openTime: int(k.t),
      open: decimal(k.o),
      high: decimal(k.h),
      low: decimal(k.l),
      close: decimal(k.c),
      volume: decimal(k.v),
      closeTime: int(k.T),
      quoteVolume: decimal(k.q),
      trades: int(k.n),
      takerBuyBaseVolume: decimal(k.V),
      takerBuyQuoteVolume: decimal(k.Q),
    },
  };
}

export function parseTrade(raw: TradeRaw, symbol: string): TradeTick {
  return {
    symbol,
    price: decimal(raw.price),
    qty: decimal(raw.qty),
    time: int(raw.time),
    buyerIsMaker: raw.isBuyerMaker,
  };
}

export function parseAggTrade(raw: AggTradeRaw, symbol: string): TradeTick {
  return { symbol, price: decimal(raw.p), qty: decimal(raw.q), time: int(raw.T), buyerIsMaker: raw.m };
}

export function parseTradeEvent(raw: TradeEventRaw): TradeTick {
  return { symbol: raw.s, price: decimal(raw.p), qty: decimal(raw.q), time: int(raw.T), buyerIsMaker: raw.m };
}

/** The fields every order answer shares (query, FULL/RESULT placement, cancel), read the same way. */
interface OrderAnswerRaw {
  orderId: number | string;
  symbol: string;
  side: string;
  type: string;
  timeInForce?: string;
  price?: string;
  stopPrice?: string;
  origQty: string;
  origQuoteOrderQty?: string;
  executedQty?: string;
  cummulativeQuoteQty?: string;
  status: string;
  orderListId?: number | string;
  trailingDelta?: number | string;
  /** When a trailing stop began tracking; -1 before (rest-api.md "Conditional fields in Order Responses"). */
  trailingTime?: number | string;
}

/** Binance sends orderListId -1 for an order that is no list's leg. */
function listIdOf(value: number | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const id = int(value, 'orderListId');
  return id === -1 ? undefined : String(id);
}

function orderFrom(raw: OrderAnswerRaw, clientOrderId: string, createdAt: number, updatedAt: number): Order {
  const type = parseOrderType(raw.type);
  const orderListId = listIdOf(raw.orderListId);
  return {
    ...(orderListId !== undefined ? { orderListId } : {}),
    ...(raw.trailingDelta !== undefined ? { trailingDelta: int(raw.trailingDelta, 'trailingDelta') } : {}),
    ...(raw.trailingTime !== undefined && int(raw.trailingTime, 'trailingTime') >= 0
      ? { trailingTime: int(raw.trailingTime, 'trailingTime') }
      : {}),
    orderId: String(int(raw.orderId)),
    clientOrderId,
    symbol: raw.symbol,
    side: parseSide(raw.side),
    type,
    timeInForce:
      raw.timeInForce === undefined || type === 'MARKET' || type === 'LIMIT_MAKER'
        ? undefined
        : parseTimeInForce(raw.timeInForce),
    price: optionalPrice(raw.price, 'price'),
    stopPrice: optionalPrice(raw.stopPrice, 'stopPrice'),
    origQty: decimal(raw.origQty),
    origQuoteOrderQty: optionalPrice(raw.origQuoteOrderQty, 'origQuoteOrderQty'),
    executedQty: decimal(raw.executedQty ?? '0'),
    cummulativeQuoteQty: decimal(raw.cummulativeQuoteQty ?? '0'),
    status: parseOrderStatus(raw.status),
    createdAt,
    updatedAt,
  };
}

export function parseQueryOrder(raw: QueryOrderRaw): Order {
  const order = orderFrom(raw, raw.clientOrderId, int(raw.time), int(raw.updateTime));
  return { ...order, triggered: isStopOrderType(order.type) ? raw.isWorking : undefined };
}

/** A FULL response; `fills` are the taker fills of this call. */
export function parseNewOrder(raw: NewOrderRaw): { order: Order; fills: Fill[] } {
  if (raw.status === undefined || raw.type === undefined || raw.side === undefined || raw.origQty === undefined) {
    throw new UnexpectedWireValue('order response (newOrderRespType FULL or RESULT expected)', Object.keys(raw));
  }
  const time = int(raw.transactTime);
  const base = orderFrom(raw as OrderAnswerRaw, raw.clientOrderId, time, time);
  const order: Order = { ...base, triggered: isStopOrderType(base.type) ? (raw.workingTime ?? -1) > 0 : undefined };
  const side = order.side;
  const fills = (raw.fills ?? []).map((f): Fill => ({
    tradeId: String(int(f.tradeId)),
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side,
    price: decimal(f.price),
    qty: decimal(f.qty),
    quoteQty: mul(f.price, f.qty),
    commission: decimal(f.commission),
    commissionAsset: f.commissionAsset,
    isMaker: false,
    time,
  }));
  return { order, fills };
}

export function parseCancelOrder(raw: CancelOrderRaw, time: number): Order {
  const at = raw.transactTime === undefined ? time : int(raw.transactTime);
  return orderFrom(raw, raw.origClientOrderId, at, at);
}

/** myTrades does not carry the client order id: the caller supplies it from the order. */
export function parseMyTrade(raw: MyTradeRaw, clientOrderId: string): Fill {
  return {
    tradeId: String(int(raw.id)),
    orderId: String(int(raw.orderId)),
    clientOrderId,
    symbol: raw.symbol,
    side: raw.isBuyer ? 'BUY' : 'SELL',
    price: decimal(raw.price),
    qty: decimal(raw.qty),
    quoteQty: decimal(raw.quoteQty),
    commission: decimal(raw.commission),
    commissionAsset: raw.commissionAsset,
    isMaker: raw.isMaker,
    time: int(raw.time),
  };
}

export function parseBalance(raw: BalanceRaw): Balance {
  return { asset: raw.asset, free: decimal(raw.free), locked: decimal(raw.locked) };
}

/** The account's own rates: `commissionRates` when present, else the legacy integer basis points (10 = 0.1 %). */
export function parseAccountFeeRates(raw: AccountRaw): FeeRates {
  if (raw.commissionRates)
    return { maker: decimal(raw.commissionRates.maker), taker: decimal(raw.commissionRates.taker) };
  const bp = (n: number): Decimal => mul(String(int(n)), '0.0001');
  return { maker: bp(raw.makerCommission), taker: bp(raw.takerCommission) };
}

export function parseTradingFee(raw: TradingFeeRaw): SymbolFee {
  return { symbol: raw.symbol, maker: decimal(raw.makerCommission), taker: decimal(raw.takerCommission) };
}

export interface ExecutionReport {
  executionType: ExecutionType;
  order: Order;
  /** Present when executionType is TRADE. */
  fill?: Fill | undefined;
  rejectReason: string;
}

export function parseExecutionReport(raw: ExecutionReportRaw): ExecutionReport {
  const executionType = parseExecutionType(raw.x);
  const type = parseOrderType(raw.o);
  const side = parseSide(raw.S);
  // On a cancel, `c` is the cancel request's id and `C` the order's own client id.
  const clientOrderId = raw.C ? raw.C : raw.c;
  const orderListId = listIdOf(raw.g);
  const order: Order = {
    ...(orderListId !== undefined ? { orderListId } : {}),
    ...(raw.d !== undefined ? { trailingDelta: int(raw.d, 'trailingDelta') } : {}),
    orderId: String(int(raw.i)),
    clientOrderId,
    symbol: raw.s,
    side,
    type,
    timeInForce: type === 'MARKET' || type === 'LIMIT_MAKER' ? undefined : parseTimeInForce(raw.f),
    price: optionalPrice(raw.p, 'price'),
    stopPrice: optionalPrice(raw.P, 'stopPrice'),
    origQty: decimal(raw.q),
    origQuoteOrderQty: optionalPrice(raw.Q, 'origQuoteOrderQty'),
    executedQty: decimal(raw.z),
    cummulativeQuoteQty: decimal(raw.Z),
    status: parseOrderStatus(raw.X),
    triggered: isStopOrderType(type) ? raw.w : undefined,
    createdAt: int(raw.O),
    updatedAt: int(raw.T ?? raw.E),
  };
  const fill: Fill | undefined =
    executionType === 'TRADE'
      ? {
          tradeId: String(int(raw.t)),
          orderId: order.orderId,
          clientOrderId,
          symbol: raw.s,
          side,
          price: decimal(raw.L),
          qty: decimal(raw.l),
          quoteQty: decimal(raw.Y),
          commission: decimal(raw.n),
          commissionAsset: raw.N ?? '',
          isMaker: raw.m,
          time: int(raw.T),
        }
      : undefined;
  return { executionType, order, fill, rejectReason: raw.r };
}

/** The list's own fields; `legs` are its orders as the caller read them (placement reports, cancel reports, queries). */
export function parseOrderList(raw: OrderListRaw, legs: Order[]): OrderList {
  const orderListId = String(int(raw.orderListId));
  const time = int(raw.transactionTime);
  const wanted = raw.orders.map((o) => String(int(o.orderId)));
  const orders = wanted.map((id) => {
    const leg = legs.find((o) => o.orderId === id);
    if (!leg) throw new UnexpectedWireValue(`leg ${id} of order list ${orderListId}`, 'missing');
    return { ...leg, orderListId };
  });
  // The model lists the limit leg first; Binance numbers (and lists) the stop leg first.
  orders.sort((a, b) => (a.type === 'LIMIT_MAKER' ? -1 : b.type === 'LIMIT_MAKER' ? 1 : 0));
  return {
    orderListId,
    listClientOrderId: raw.listClientOrderId,
    symbol: raw.symbol,
    contingencyType: mapEnum('contingencyType', CONTINGENCY_TYPE, raw.contingencyType),
    listStatusType: mapEnum('listStatusType', LIST_STATUS_TYPE, raw.listStatusType),
    listOrderStatus: mapEnum('listOrderStatus', LIST_ORDER_STATUS, raw.listOrderStatus),
    orders,
    createdAt: Math.min(time, ...orders.map((o) => o.createdAt)),
    updatedAt: time,
  };
}

/** POST /api/v3/order/oco: neither leg can trade at placement (LIMIT_MAKER, an untriggered stop). */
export function parseNewOco(raw: NewOcoRaw): OrderList {
  return parseOrderList(
    raw,
    raw.orderReports.map((report) => parseNewOrder(report).order),
  );
}

export function parseCancelOco(raw: CancelOcoRaw, time: number): OrderList {
  return parseOrderList(
    raw,
    raw.orderReports.map((report) => parseCancelOrder(report, time)),
  );
}

/** The legs an order-list answer names, for a caller that reads them itself. */
export function orderListLegs(raw: OrderListRaw): { symbol: string; orderId: string; clientOrderId: string }[] {
  return raw.orders.map((o) => ({ symbol: o.symbol, orderId: String(int(o.orderId)), clientOrderId: o.clientOrderId }));
}

export interface ListStatusReport {
  orderListId: string;
  listClientOrderId: string;
  symbol: string;
  listStatusType: ListStatusType;
  listOrderStatus: ListOrderStatus;
  rejectReason: string;
  time: number;
  legs: { orderId: string; clientOrderId: string }[];
}

export function parseListStatus(raw: ListStatusEventRaw): ListStatusReport {
  mapEnum('contingencyType', CONTINGENCY_TYPE, raw.c);
  return {
    orderListId: String(int(raw.g)),
    listClientOrderId: raw.C,
    symbol: raw.s,
    listStatusType: mapEnum('listStatusType', LIST_STATUS_TYPE, raw.l),
    listOrderStatus: mapEnum('listOrderStatus', LIST_ORDER_STATUS, raw.L),
    rejectReason: raw.r,
    time: int(raw.T),
    legs: raw.O.map((o) => ({ orderId: String(int(o.i)), clientOrderId: o.c })),
  };
}

function isErrorRaw(value: unknown): value is ErrorRaw {
  return typeof value === 'object' && value !== null && typeof (value as ErrorRaw).code === 'number';
}

/**
 * POST /api/v3/order/cancelReplace, from a 200 or from the `data` of -2021 / -2022. A new order
 * answered in ACK shape (no status) comes back as `ack`: the caller reads the order itself.
 */
export function parseCancelReplace(
  raw: CancelReplaceRaw,
  time: number,
): { cancel: CancelReplaceResult['cancel']; placed?: CancelReplaceResult['placed']; ack?: NewOrderRaw } {
  const cancel: CancelReplaceResult['cancel'] = isErrorRaw(raw.cancelResponse)
    ? { ok: false, error: new ExchangeRejection(raw.cancelResponse.code, raw.cancelResponse.msg) }
    : { ok: true, order: parseCancelOrder(raw.cancelResponse, time) };
  const answer = raw.newOrderResponse;
  if (raw.newOrderResult === 'NOT_ATTEMPTED' || answer === null) return { cancel };
  if (isErrorRaw(answer))
    return { cancel, placed: { ok: false, error: new ExchangeRejection(answer.code, answer.msg) } };
  if (answer.status === undefined) return { cancel, ack: answer };
  return { cancel, placed: { ok: true, result: parseNewOrder(answer) } };
}
