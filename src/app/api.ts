/**
 * The application's use cases, as the interfaces (MCP tools, REST API, CLI) see them.
 * Implemented in trading-service.ts, context-service.ts and account-service.ts; wired in compose/app.ts.
 */
import type { Candle, Interval } from '../model/candle.js';
import type { Fill } from '../model/fill.js';
import type { Market, SymbolFee } from '../model/market.js';
import type { OrderBook, Ticker24h } from '../model/market-snapshot.js';
import type { Decimal } from '../model/money.js';
import type { OrderType, Side, TimeInForce } from '../model/order.js';
import type { CandleQuery, MarketDataStatus } from '../ports/market-data.js';
import type { OrderListRecord } from '../ports/order-list-journal.js';
import type { OrderRecord, TradingMode } from '../ports/store.js';
import type { IndicatorReport } from '../indicators/report.js';
import type { AccountState } from '../ledger/account-state.js';
import type { RiskDenial } from '../risk/attempt.js';
import type { RiskStatus } from '../risk/risk-status.js';

// The domain's result types, re-exported for the interfaces: each lives in its own layer.
export type { IndicatorReport } from '../indicators/report.js';
export type { Signal } from '../indicators/signals.js';
export type { AccountState, Position } from '../ledger/account-state.js';
export type { RiskDenial } from '../risk/attempt.js';
export type { RiskLimitsView } from '../risk/limits.js';
export type { RiskStatus } from '../risk/risk-status.js';

/** Order types as callers name them: STOP is Binance's STOP_LOSS_LIMIT, TAKE_PROFIT is TAKE_PROFIT_LIMIT. */
/** Binance's order types, plus `STOP`: the original description's name, an alias of STOP_LOSS_LIMIT. */
export type RequestedOrderType = OrderType | 'STOP';

export interface PlaceOrderInput {
  symbol: string;
  side: Side;
  orderType: RequestedOrderType;
  /** Base quantity; or quoteQuantity (MARKET only) to spend/receive an amount of the quote asset. */
  quantity?: Decimal | undefined;
  quoteQuantity?: Decimal | undefined;
  price?: Decimal | undefined;
  stopPrice?: Decimal | undefined;
  timeInForce?: TimeInForce | undefined;
  /**
   * Caller's idempotency key; becomes the client order id (client-order-id.ts). The same key with the
   * same order returns the first outcome; with a different order it is refused, naming the first.
   */
  actionId?: string | undefined;
  /** Milliseconds the caller will wait for the order to be sent; at most ORDER_DEADLINE_MS (the default). */
  deadlineMs?: number | undefined;
  rationale?: string | undefined;
  /** STOP_LOSS_LIMIT / TAKE_PROFIT_LIMIT: trail by this many basis points (TRAILING_DELTA filter). */
  trailingDelta?: number | undefined;
  /** 'mcp', 'rest', 'cli', 'demo' */
  origin: string;
}

/**
 * An OCO: a LIMIT_MAKER take-profit at `price` and a STOP_LOSS_LIMIT at `stopPrice` / `stopLimitPrice`
 * (trailing by `trailingDelta` from there when given), both for `quantity`; one filling cancels the other.
 * SELL: price > last > stop_price; BUY: price < last < stop_price.
 */
export interface PlaceOcoInput {
  symbol: string;
  side: Side;
  quantity: Decimal;
  price: Decimal;
  stopPrice: Decimal;
  /** Default: stopPrice. */
  stopLimitPrice?: Decimal | undefined;
  trailingDelta?: number | undefined;
  actionId?: string | undefined;
  deadlineMs?: number | undefined;
  rationale?: string | undefined;
  origin: string;
}

/**
 * A bracket: an entry (MARKET, or LIMIT at `price`) and, for whatever of it fills, an OCO on the other
 * side: take-profit LIMIT_MAKER at `takeProfitPrice`, stop STOP_LOSS_LIMIT at `stopPrice` /
 * `stopLimitPrice` (optionally trailing). Emulated by the server (see brackets.ts).
 */
export interface PlaceBracketInput {
  symbol: string;
  side: Side;
  quantity: Decimal;
  orderType?: 'MARKET' | 'LIMIT' | undefined;
  price?: Decimal | undefined;
  takeProfitPrice: Decimal;
  stopPrice: Decimal;
  stopLimitPrice?: Decimal | undefined;
  trailingDelta?: number | undefined;
  actionId?: string | undefined;
  deadlineMs?: number | undefined;
  rationale?: string | undefined;
  origin: string;
}

/** What happened to an OCO or a bracket; the statuses mean what they mean for one order. */
export interface OrderListOutcome {
  status: PlaceOrderStatus;
  mode: TradingMode;
  duplicate: boolean;
  listClientOrderId: string;
  list?: OrderListRecord;
  /** The legs (an OCO) or the entry and the legs of its OCOs (a bracket), as journaled. */
  orders: OrderRecord[];
  fills: Fill[];
  adjustments: string[];
  denial?: RiskDenial;
  rejection?: VenueRejection;
  error?: { field: string; message: string };
  reason?: string;
}

export interface CancelOrderListInput {
  symbol: string;
  /** The venue's order list id (an OCO) ... */
  orderListId?: string | undefined;
  /** ... or the list client order id (an OCO or a bracket). */
  listClientOrderId?: string | undefined;
  origin: string;
}

export interface CancelOrderListOutcome {
  status: 'canceled' | 'rejected' | 'invalid';
  mode: TradingMode;
  list?: OrderListRecord;
  orders: OrderRecord[];
  rejection?: VenueRejection;
  error?: { field: string; message: string };
  /** What the cancel leaves behind, in words (a bracket's filled part is no longer protected). */
  note?: string;
}

/** A journaled list with its orders. */
export interface OrderListView {
  list: OrderListRecord;
  orders: OrderRecord[];
}

export interface VenueRejection {
  code: number;
  msg: string;
  /** The numbers behind it and how to fix it, in words (the code and msg stay as the venue sent them). */
  explanation?: string;
}

/** 'expired': the order never reached the venue (its deadline passed first, or the process stopped before the venue answered): nothing was executed. */
export type PlaceOrderStatus = 'placed' | 'denied' | 'rejected' | 'unknown' | 'invalid' | 'expired';

export interface PlaceOrderOutcome {
  status: PlaceOrderStatus;
  mode: TradingMode;
  /** True when this actionId had been seen before and the first outcome is returned. */
  duplicate: boolean;
  clientOrderId: string;
  order?: OrderRecord;
  fills: Fill[];
  /** What rounding to the symbol's filters changed, in words. */
  adjustments: string[];
  denial?: RiskDenial;
  rejection?: VenueRejection;
  /** For 'invalid': the field at fault and what is allowed. */
  error?: { field: string; message: string };
  /** For 'expired': why the order was not sent, saying nothing was executed. */
  reason?: string;
}

/** What an order is expected to cost, priced against the current book and fees (order-pricer.ts). */
export interface OrderEstimate {
  /** Base quantity (estimated from the book for an order by quote amount). */
  quantity: Decimal;
  /** Quote amount the order is expected to trade. */
  notional: Decimal;
  notionalUsd: Decimal;
  estimatedFee: Decimal;
  feeAsset: string;
  feeRate: Decimal;
  /** From walking the current book (MARKET and marketable LIMIT); absent when it would rest. */
  expectedAveragePrice?: Decimal;
  slippageBps?: string;
  wouldRest: boolean;
}

export interface OrderPreview extends OrderEstimate {
  mode: TradingMode;
  symbol: string;
  side: Side;
  type: OrderType;
  price?: Decimal;
  stopPrice?: Decimal;
  adjustments: string[];
  risk: { allowed: true } | { allowed: false; denial: RiskDenial };
  /** Set when the venue's rules would refuse it (Binance code and message). */
  wouldBeRejected?: VenueRejection;
}

export interface CancelOrderInput {
  symbol: string;
  orderId?: string | undefined;
  clientOrderId?: string | undefined;
  origin: string;
}

export interface CancelOrderOutcome {
  status: 'canceled' | 'rejected' | 'invalid';
  mode: TradingMode;
  order?: OrderRecord;
  rejection?: VenueRejection;
  error?: { field: string; message: string };
}

/** POST /api/v3/order/cancelReplace's modes (ports/broker.ts). */
export type ReplaceMode = 'STOP_ON_FAILURE' | 'ALLOW_FAILURE';

/**
 * Binance's cancelReplace: cancel one open order and place a new one on the same symbol in one request.
 * STOP_ON_FAILURE (the default) places the new order only if the cancel succeeded; ALLOW_FAILURE places
 * it anyway, so both may end up open. The new order is an order like any other (its action id is its
 * idempotency key); the order to cancel is named by its venue id or its client order id.
 */
export interface ReplaceOrderInput extends Omit<PlaceOrderInput, 'side' | 'orderType'> {
  /**
   * What the new order leaves out is the old order's: side, type, time in force, trailing delta,
   * price, stop price, and as quantity its unfilled part (a plain reprice or resize names only what changes).
   */
  side?: Side | undefined;
  orderType?: RequestedOrderType | undefined;
  cancelOrderId?: string | undefined;
  cancelClientOrderId?: string | undefined;
  replaceMode?: ReplaceMode | undefined;
}

/** What happened to the order to cancel: 'not_attempted' when nothing was sent (refused before, or the new order's filters failed). */
export interface ReplacedOrder {
  status: 'canceled' | 'rejected' | 'unknown' | 'not_attempted';
  order?: OrderRecord;
  rejection?: VenueRejection;
}

/** The new order's outcome (as placeOrder's) and the cancel's. */
export interface ReplaceOrderOutcome extends PlaceOrderOutcome {
  replaceMode: ReplaceMode;
  canceled: ReplacedOrder;
}

export interface TradingDesk {
  readonly mode: TradingMode;
  placeOrder(input: PlaceOrderInput): Promise<PlaceOrderOutcome>;
  previewOrder(input: PlaceOrderInput): Promise<OrderPreview>;
  cancelOrder(input: CancelOrderInput): Promise<CancelOrderOutcome>;
  /** Binance's cancelReplace on the one road (replace-order.ts). */
  replaceOrder(input: ReplaceOrderInput): Promise<ReplaceOrderOutcome>;
  placeOco(input: PlaceOcoInput): Promise<OrderListOutcome>;
  placeBracket(input: PlaceBracketInput): Promise<OrderListOutcome>;
  cancelOrderList(input: CancelOrderListInput): Promise<CancelOrderListOutcome>;
  /** Journaled lists, newest first, each with its orders. */
  orderLists(query: {
    symbol?: string | undefined;
    openOnly?: boolean | undefined;
    limit?: number | undefined;
  }): Promise<OrderListView[]>;
  orders(query: {
    symbol?: string | undefined;
    /** Only the order with this client order id, however old. */
    clientOrderId?: string | undefined;
    openOnly?: boolean | undefined;
    limit?: number | undefined;
  }): Promise<OrderRecord[]>;
  tradeHistory(query: {
    symbol?: string | undefined;
    /** Only the fills of this order. */
    clientOrderId?: string | undefined;
    limit?: number | undefined;
  }): Promise<Fill[]>;
  account(): Promise<AccountState>;
  riskStatus(): Promise<RiskStatus>;
}

export interface MarketSummary {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  status: string;
  price: Decimal | null;
  volume24h: Decimal | null;
  quoteVolume24h: Decimal | null;
  spotTradingAllowed: boolean;
  marginTradingAllowed: boolean;
}

export interface MarketQuote {
  symbol: string;
  price: Decimal;
  bidPrice: Decimal;
  askPrice: Decimal;
  spread: Decimal;
  volume24h: Decimal;
  high24h: Decimal;
  low24h: Decimal;
  priceChange24h: Decimal;
  priceChangePercent24h: Decimal;
  time: number;
}

export interface BookSummary {
  symbol: string;
  bestBid: Decimal | null;
  bestAsk: Decimal | null;
  spread: Decimal | null;
  spreadBps: string | null;
  midPrice: Decimal | null;
  /** Base quantity and quote value within ±1% and ±5% of the mid price. */
  depth: {
    withinPercent: number;
    bidQty: Decimal;
    askQty: Decimal;
    bidNotional: Decimal;
    askNotional: Decimal;
    complete: boolean;
  }[];
  levels: number;
  /** What the depth bands cover, in words: a band is incomplete when the fetched levels end inside it. */
  coverage: string;
  topBids: [Decimal, Decimal][];
  topAsks: [Decimal, Decimal][];
}

/** Read-only views of the market; mode-independent. */
export interface MarketContext {
  readonly source: string;
  status(): MarketDataStatus;
  listMarkets(query: {
    quoteAsset?: string | undefined;
    status?: string | undefined;
    search?: string | undefined;
    cursor?: number | undefined;
    limit?: number | undefined;
  }): Promise<{ markets: MarketSummary[]; total: number; nextCursor: number | null }>;
  market(symbol: string): Promise<Market>;
  quotes(symbols: string[]): Promise<MarketQuote[]>;
  tickers24h(symbols?: string[]): Promise<Ticker24h[]>;
  orderBook(symbol: string, limit?: number): Promise<{ summary: BookSummary; book: OrderBook }>;
  candles(symbol: string, interval: Interval, query: CandleQuery): Promise<Candle[]>;
  /** Fees for symbols (all when omitted), from the account when the desk's broker knows them. */
  fees(symbols?: string[]): Promise<SymbolFee[]>;
  indicators(symbol: string, interval: Interval): Promise<IndicatorReport>;
}
