/**
 * The application's use cases, as the interfaces (MCP tools, REST API, CLI) see them.
 * Implemented in trading-service.ts, context-service.ts and account-service.ts; wired in compose.ts.
 */
import type { Balance } from '../model/balance.js';
import type { Candle, Interval } from '../model/candle.js';
import type { Fill } from '../model/fill.js';
import type { Market, SymbolFee } from '../model/market.js';
import type { OrderBook, Ticker24h } from '../model/market-snapshot.js';
import type { Decimal } from '../model/money.js';
import type { OrderType, Side, TimeInForce } from '../model/order.js';
import type { MarketDataStatus } from '../ports/market-data.js';
import type { OrderRecord, TradingMode } from '../ports/store.js';

/** Order types as callers name them: STOP is Binance's STOP_LOSS_LIMIT, TAKE_PROFIT is TAKE_PROFIT_LIMIT. */
export type RequestedOrderType = OrderType | 'STOP' | 'TAKE_PROFIT';

export interface PlaceOrderInput {
  symbol: string;
  side: Side;
  orderType: RequestedOrderType;
  /** Base quantity; or quoteQuantity (MARKET only) to spend/receive an amount of the quote asset. */
  quantity?: Decimal;
  quoteQuantity?: Decimal;
  price?: Decimal;
  stopPrice?: Decimal;
  timeInForce?: TimeInForce;
  /**
   * Caller's idempotency key; becomes the client order id (client-order-id.ts). The same key with the
   * same order returns the first outcome; with a different order it is refused, naming the first.
   */
  actionId?: string;
  /** Milliseconds the caller will wait for the order to be sent; at most ORDER_DEADLINE_MS (the default). */
  deadlineMs?: number;
  rationale?: string;
  /** 'mcp', 'rest', 'cli', 'demo' */
  origin: string;
}

export interface RiskDenial {
  /** Stable code, e.g. MAX_TRADE_SIZE_EXCEEDED, DAILY_LOSS_BREAKER_TRIPPED. */
  code: string;
  message: string;
  limit: string;
  limitValue: string;
  attempted: string;
}

export interface VenueRejection { code: number; msg: string }

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

export interface OrderPreview {
  mode: TradingMode;
  symbol: string;
  side: Side;
  type: OrderType;
  quantity: Decimal;
  price?: Decimal;
  stopPrice?: Decimal;
  notional: Decimal;
  notionalUsd: Decimal;
  estimatedFee: Decimal;
  feeAsset: string;
  feeRate: Decimal;
  /** From walking the current book (MARKET and marketable LIMIT); absent when it would rest. */
  expectedAveragePrice?: Decimal;
  slippageBps?: string;
  wouldRest: boolean;
  adjustments: string[];
  risk: { allowed: true } | { allowed: false; denial: RiskDenial };
  /** Set when the venue's rules would refuse it (Binance code and message). */
  wouldBeRejected?: VenueRejection;
}

export interface CancelOrderInput {
  symbol: string;
  orderId?: string;
  clientOrderId?: string;
  origin: string;
}

export interface CancelOrderOutcome {
  status: 'canceled' | 'rejected' | 'invalid';
  mode: TradingMode;
  order?: OrderRecord;
  rejection?: VenueRejection;
  error?: { field: string; message: string };
}

export interface TradingDesk {
  readonly mode: TradingMode;
  placeOrder(input: PlaceOrderInput): Promise<PlaceOrderOutcome>;
  previewOrder(input: PlaceOrderInput): Promise<OrderPreview>;
  cancelOrder(input: CancelOrderInput): Promise<CancelOrderOutcome>;
  orders(query: { symbol?: string; openOnly?: boolean; limit?: number }): Promise<OrderRecord[]>;
  tradeHistory(query: { symbol?: string; limit?: number }): Promise<Fill[]>;
  account(): Promise<AccountState>;
  riskStatus(): Promise<RiskStatus>;
}

export interface Position {
  asset: string;
  quantity: Decimal;
  averageCost: Decimal;
  costBasisUsd: Decimal;
  marketPrice: Decimal;
  marketValueUsd: Decimal;
  unrealizedPnlUsd: Decimal;
  realizedPnlUsd: Decimal;
  /** How the asset was valued: 'BTCUSD last price', 'USDT at 1:1 (no USD market)', ... */
  valuation: string;
}

export interface AccountState {
  mode: TradingMode;
  balances: (Balance & { total: Decimal })[];
  positions: Position[];
  portfolioValueUsd: Decimal;
  realizedPnlUsd: Decimal;
  unrealizedPnlUsd: Decimal;
  /** Equity change since 00:00 UTC. */
  dailyPnlUsd: Decimal;
  valuationNotes: string[];
}

export interface RiskLimitsView {
  maxTradeSizeUsd: string | null;
  maxPositionSizeUsd: string | null;
  maxDailyLossUsd: string | null;
  maxOrdersPerMinute: number | null;
  allowedSymbols: string[] | null;
  deniedSymbols: string[];
  /** MAX_TOTAL_EXPOSURE_USD; absent from desks that predate it. */
  maxTotalExposureUsd?: string | null;
}

export interface RiskStatus {
  mode: TradingMode;
  limits: RiskLimitsView;
  dailyLossUsd: Decimal;
  breaker: { tripped: boolean; trippedAt: number | null; reason: string | null; resetsAt: number | null };
  ordersInLastMinute: number;
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
  depth: { withinPercent: number; bidQty: Decimal; askQty: Decimal; bidNotional: Decimal; askNotional: Decimal }[];
  levels: number;
  topBids: [Decimal, Decimal][];
  topAsks: [Decimal, Decimal][];
}

/** Read-only views of the market; mode-independent. */
export interface MarketContext {
  readonly source: string;
  status(): MarketDataStatus;
  listMarkets(query: { quoteAsset?: string; status?: string; search?: string; cursor?: number; limit?: number }):
    Promise<{ markets: MarketSummary[]; total: number; nextCursor: number | null }>;
  market(symbol: string): Promise<Market>;
  quotes(symbols: string[]): Promise<MarketQuote[]>;
  tickers24h(symbols?: string[]): Promise<Ticker24h[]>;
  orderBook(symbol: string, limit?: number): Promise<{ summary: BookSummary; book: OrderBook }>;
  candles(symbol: string, interval: Interval, query: { limit?: number; startTime?: number; endTime?: number }): Promise<Candle[]>;
  /** Fees for symbols (all when omitted), from the account when the desk's broker knows them. */
  fees(symbols?: string[]): Promise<SymbolFee[]>;
  indicators(symbol: string, interval: Interval): Promise<IndicatorReport>;
}

export type Signal = 'BUY' | 'SELL' | 'NEUTRAL';

/** What get_indicators returns for one symbol and interval (computed by indicators/report.ts). */
export interface IndicatorReport {
  symbol: string;
  interval: Interval;
  /** Candles the values were computed from, and the close time of the newest. */
  barsUsed: number;
  asOf: number;
  lastClose: number;
  values: {
    sma20: number | null;
    sma50: number | null;
    ema12: number | null;
    ema26: number | null;
    rsi14: number | null;
    macd: { macd: number | null; signal: number | null; histogram: number | null };
    bollinger: { upper: number | null; middle: number | null; lower: number | null };
  };
  signals: { rsi: Signal; macd: Signal; sma: Signal; bollinger: Signal };
  summary: { overall: Signal; buy: number; sell: number; neutral: number; explanation: string };
  /** E.g. 'only 40 candles of history: SMA50 needs 50', 'EMA26 has not settled (fewer than 250 bars)'. */
  warnings: string[];
}
