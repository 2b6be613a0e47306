/**
 * A small in-memory App for tests of the interface layer alone (MCP tools, REST routes), where the
 * real composition cannot give what a test needs (e.g. a live desk without a network). The desks
 * fill MARKET orders at a fixed price and remember them; repeated action ids return the first outcome.
 * End-to-end tests use the real createApp instead.
 */
import type {
  AccountState,
  CancelOrderInput,
  CancelOrderOutcome,
  IndicatorReport,
  MarketContext,
  OrderPreview,
  PlaceOrderInput,
  PlaceOrderOutcome,
  RiskStatus,
  TradingDesk,
} from '../../src/app/api.js';
import type { App, LivePolicy } from '../../src/app/app.js';
import { MemoryBacktestJournal } from '../../src/backtest/memory-journal.js';
import { BacktestService } from '../../src/backtest/service.js';
import { StrategyRuns } from '../../src/app/strategy-runs.js';
import { MemoryStrategyRunJournal } from '../../src/strategy/run/memory-run-journal.js';
import { PerformanceService } from '../../src/app/performance-service.js';
import { clientOrderIdFor } from '../../src/app/client-order-id.js';
import { ConsentKeeper } from '../../src/app/live-consent.js';
import { ModeSwitches } from '../../src/app/mode-switches.js';
import { accountHistory } from '../../src/compose/account-history.js';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { silentLogger } from '../../src/log.js';
import type { Candle } from '../../src/model/candle.js';
import { ExchangeRejection } from '../../src/model/errors.js';
import type { Fill } from '../../src/model/fill.js';
import type { Market } from '../../src/model/market.js';
import { mul } from '../../src/model/money.js';
import { MemoryConsentJournal } from './memory-consent-journal.js';
import type { AuditEntry, OrderRecord, Store, TradingMode } from '../../src/ports/store.js';

/** A context snapshot as the app was asked to journal it (the payload as given). */
interface ContextSnapshot {
  mode: TradingMode;
  time: number;
  contextTypes: string[];
  symbols: string[];
  payload: unknown;
}

const PRICES: Record<string, string> = { BTCUSD: '50000', ETHUSD: '3000' };

function marketOf(symbol: string): Market {
  const price = PRICES[symbol];
  if (!price) throw new ExchangeRejection(-1121, 'Invalid symbol.');
  return {
    symbol,
    baseAsset: symbol.replace(/USD$/, ''),
    quoteAsset: 'USD',
    status: 'TRADING',
    baseAssetPrecision: 8,
    quoteAssetPrecision: 2,
    orderTypes: ['MARKET', 'LIMIT'],
    fees: { maker: '0.001', taker: '0.002' },
    filters: {
      price: { minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' },
      lotSize: { minQty: '0.00001', maxQty: '1000', stepSize: '0.00001' },
    },
  };
}

function candles(n: number): Candle[] {
  return Array.from({ length: n }, (_, i) => ({
    openTime: i * 3_600_000,
    open: '100',
    high: '110',
    low: '90',
    close: String(100 + (i % 5)),
    volume: '1',
    closeTime: (i + 1) * 3_600_000 - 1,
    quoteVolume: '100',
    trades: 3,
    takerBuyBaseVolume: '0.5',
    takerBuyQuoteVolume: '50',
  }));
}

export class FakeMarket implements MarketContext {
  readonly source = 'fake';
  status() {
    return { state: 'open' as const, message: 'fake market open' };
  }
  async listMarkets(q: { cursor?: number; limit?: number }) {
    const all = Object.keys(PRICES).map((s) => ({
      symbol: s,
      baseAsset: marketOf(s).baseAsset,
      quoteAsset: 'USD',
      status: 'TRADING',
      price: PRICES[s]!,
      volume24h: '10',
      quoteVolume24h: '100',
      spotTradingAllowed: true,
      marginTradingAllowed: false,
    }));
    const start = q.cursor ?? 0;
    const page = all.slice(start, start + (q.limit ?? 50));
    return {
      markets: page,
      total: all.length,
      nextCursor: start + page.length < all.length ? start + page.length : null,
    };
  }
  async market(symbol: string) {
    return marketOf(symbol);
  }
  async quotes(symbols: string[]) {
    return symbols.map((s) => {
      marketOf(s);
      const p = PRICES[s]!;
      return {
        symbol: s,
        price: p,
        bidPrice: p,
        askPrice: p,
        spread: '0',
        volume24h: '10',
        high24h: p,
        low24h: p,
        priceChange24h: '0',
        priceChangePercent24h: '0',
        time: 0,
      };
    });
  }
  async tickers24h(symbols?: string[]) {
    return (symbols ?? Object.keys(PRICES)).map((s) => {
      marketOf(s);
      const p = PRICES[s]!;
      return {
        symbol: s,
        priceChange: '0',
        priceChangePercent: '0',
        weightedAvgPrice: p,
        prevClosePrice: p,
        lastPrice: p,
        lastQty: '1',
        bidPrice: p,
        bidQty: '1',
        askPrice: p,
        askQty: '1',
        openPrice: p,
        highPrice: p,
        lowPrice: p,
        volume: '10',
        quoteVolume: '100',
        openTime: 0,
        closeTime: 1,
        count: 5,
      };
    });
  }
  async orderBook(symbol: string, limit = 100) {
    marketOf(symbol);
    const bids = Array.from({ length: limit }, (_, i) => [String(49_999 - i), '1.5'] as [string, string]);
    const asks = Array.from({ length: limit }, (_, i) => [String(50_001 + i), '1.5'] as [string, string]);
    return {
      summary: {
        symbol,
        bestBid: '49999',
        bestAsk: '50001',
        spread: '2',
        spreadBps: '0.4',
        midPrice: '50000',
        depth: [],
        levels: limit,
        coverage: 'a fake book',
        topBids: bids.slice(0, 5),
        topAsks: asks.slice(0, 5),
      },
      book: { symbol, lastUpdateId: 1, bids, asks, time: 0 },
    };
  }
  async candles(symbol: string, _i: unknown, q: { limit?: number }) {
    marketOf(symbol);
    return candles(q.limit ?? 500);
  }
  async fees(symbols?: string[]) {
    return (symbols ?? Object.keys(PRICES)).map((s) => ({ symbol: s, ...marketOf(s).fees }));
  }
  async indicators(symbol: string, interval: IndicatorReport['interval']): Promise<IndicatorReport> {
    marketOf(symbol);
    return {
      symbol,
      interval,
      barsUsed: 100,
      asOf: 0,
      lastClose: 100,
      values: {
        sma20: 100,
        sma50: null,
        ema12: 100,
        ema26: 100,
        rsi14: 50,
        macd: { macd: 0, signal: 0, histogram: 0 },
        bollinger: { upper: 110, middle: 100, lower: 90 },
      },
      signals: { rsi: 'NEUTRAL', macd: 'NEUTRAL', sma: 'NEUTRAL', bollinger: 'NEUTRAL' },
      summary: { overall: 'NEUTRAL', buy: 0, sell: 0, neutral: 4, explanation: 'flat' },
      warnings: [],
    };
  }
}

export class FakeDesk implements TradingDesk {
  readonly orders_: OrderRecord[] = [];
  readonly fills_: Fill[] = [];
  private readonly outcomes = new Map<string, PlaceOrderOutcome>();
  constructor(readonly mode: TradingMode) {}
  // Order lists need a venue that runs them: tests of lists use the real paper desk (test/app/desk-app.ts).
  placeOco(): Promise<never> {
    return Promise.reject(new Error('the fake desk has no order lists'));
  }
  placeBracket(): Promise<never> {
    return Promise.reject(new Error('the fake desk has no order lists'));
  }
  cancelOrderList(): Promise<never> {
    return Promise.reject(new Error('the fake desk has no order lists'));
  }
  // Cancel-replace needs a venue with open orders: its tests use the real paper desk (test/app/desk-app.ts).
  replaceOrder(): Promise<never> {
    return Promise.reject(new Error('the fake desk has no cancel-replace'));
  }
  async orderLists(): Promise<[]> {
    return [];
  }
  async placeOrder(input: PlaceOrderInput): Promise<PlaceOrderOutcome> {
    const clientOrderId = clientOrderIdFor(input.actionId);
    const earlier = this.outcomes.get(clientOrderId);
    if (earlier) return { ...earlier, duplicate: true };
    const price = PRICES[input.symbol];
    if (!price)
      return {
        status: 'rejected',
        mode: this.mode,
        duplicate: false,
        clientOrderId,
        fills: [],
        adjustments: [],
        rejection: { code: -1121, msg: 'Invalid symbol.' },
      };
    if (!input.quantity)
      return {
        status: 'invalid',
        mode: this.mode,
        duplicate: false,
        clientOrderId,
        fills: [],
        adjustments: [],
        error: { field: 'quantity', message: 'required (allowed: a positive amount)' },
      };
    const order: OrderRecord = {
      mode: this.mode,
      orderId: String(this.orders_.length + 1),
      clientOrderId,
      symbol: input.symbol,
      side: input.side,
      type: 'MARKET',
      origQty: input.quantity,
      executedQty: input.quantity,
      cummulativeQuoteQty: mul(input.quantity, price),
      status: 'FILLED',
      createdAt: 0,
      updatedAt: 0,
      origin: input.origin,
    };
    const fill: Fill = {
      tradeId: order.orderId!,
      orderId: order.orderId!,
      clientOrderId,
      symbol: input.symbol,
      side: input.side,
      price,
      qty: input.quantity,
      quoteQty: order.cummulativeQuoteQty,
      commission: '0',
      commissionAsset: 'USD',
      isMaker: false,
      time: 0,
    };
    this.orders_.push(order);
    this.fills_.push(fill);
    const outcome: PlaceOrderOutcome = {
      status: 'placed',
      mode: this.mode,
      duplicate: false,
      clientOrderId,
      order,
      fills: [fill],
      adjustments: [],
    };
    this.outcomes.set(clientOrderId, outcome);
    return outcome;
  }
  async previewOrder(input: PlaceOrderInput): Promise<OrderPreview> {
    const price = PRICES[input.symbol] ?? '0';
    const quantity = input.quantity ?? '0';
    return {
      mode: this.mode,
      symbol: input.symbol,
      side: input.side,
      type: 'MARKET',
      quantity,
      notional: mul(quantity, price),
      notionalUsd: mul(quantity, price),
      estimatedFee: '0',
      feeAsset: 'USD',
      feeRate: '0.002',
      wouldRest: false,
      adjustments: [],
      risk: { allowed: true },
    };
  }
  async cancelOrder(input: CancelOrderInput): Promise<CancelOrderOutcome> {
    const order = this.orders_.find((o) => o.orderId === input.orderId || o.clientOrderId === input.clientOrderId);
    if (!order || order.status !== 'NEW')
      return { status: 'rejected', mode: this.mode, rejection: { code: -2011, msg: 'Unknown order sent.' } };
    order.status = 'CANCELED';
    return { status: 'canceled', mode: this.mode, order };
  }
  async orders() {
    return [...this.orders_].reverse();
  }
  async tradeHistory() {
    return [...this.fills_].reverse();
  }
  async account(): Promise<AccountState> {
    return {
      mode: this.mode,
      balances: [{ asset: 'USD', free: '10000', locked: '0', total: '10000' }],
      positions: [],
      portfolioValueUsd: '10000',
      realizedPnlUsd: '0',
      unrealizedPnlUsd: '0',
      dailyPnlUsd: '0',
      valuationNotes: [],
    };
  }
  async riskStatus(): Promise<RiskStatus> {
    return {
      mode: this.mode,
      limits: {
        maxTradeSizeUsd: null,
        maxPositionSizeUsd: null,
        maxDailyLossUsd: null,
        maxOrdersPerMinute: null,
        allowedSymbols: null,
        deniedSymbols: [],
      },
      dailyLossUsd: '0',
      breaker: { tripped: false, trippedAt: null, reason: null, resetsAt: null },
      ordersInLastMinute: 0,
    };
  }
}

export interface FakeApp extends App {
  audits: AuditEntry[];
  snapshots: ContextSnapshot[];
  desks: { paper: FakeDesk; live?: FakeDesk };
  /** The wall clock of live consent (requests and grants expire on it) and its journal. */
  consentClock: ManualClock;
  consentJournal: MemoryConsentJournal;
}

export function fakeApp(live: Partial<LivePolicy> & { available?: boolean } = {}): FakeApp {
  const audits: AuditEntry[] = [];
  const snapshots: ContextSnapshot[] = [];
  const available = live.available ?? false;
  const store = {
    audit: async (e: AuditEntry) => {
      audits.push(e);
    },
  } as unknown as Store;
  const consentClock = new ManualClock(1_700_000_000_000);
  const consentJournal = new MemoryConsentJournal();
  const consent = new ConsentKeeper({ journal: consentJournal, clock: consentClock, logger: silentLogger() });
  const market = new FakeMarket();
  const desks = { paper: new FakeDesk('paper'), ...(available ? { live: new FakeDesk('live') } : {}) };
  const requiresConfirmation = live.requiresConfirmation ?? true;
  const performanceOf = (desk: FakeDesk) =>
    new PerformanceService({
      mode: desk.mode,
      journal: {
        listFills: async () => desk.fills_.map((f) => ({ ...f, mode: desk.mode })),
        listOrders: async () => [...desk.orders_].reverse(),
        findDecision: async () => undefined,
      },
      market,
      desk,
      clock: { now: () => 1_000 },
      accountStart: async () => null,
    });
  return {
    version: '0.0.0-test',
    startedAt: 0,
    clock: { now: () => 1_000 },
    logger: silentLogger(),
    history: accountHistory(store),
    modeSwitches: new ModeSwitches(store, { now: () => 1_000 }),
    market,
    desks,
    performance: { paper: performanceOf(desks.paper), ...(desks.live ? { live: performanceOf(desks.live) } : {}) },
    live: {
      available,
      requiresConfirmation,
      confirmation: live.confirmation,
      consent,
      reason: live.reason ?? (available ? '' : 'the operator configured paper trading only (TRADING_MODE=paper)'),
    },
    operator: { resetBreaker: async () => {}, resetPaperAccount: async () => {} },
    backtests: new BacktestService(new MemoryBacktestJournal(), {
      riskLimits: {},
      clock: { now: () => Date.UTC(2025, 6, 1) },
    }),
    strategyRuns: new StrategyRuns({
      desks,
      market,
      // No prints here: the fake's runs are started and stopped, not driven.
      trades: { subscribeTrades: () => () => undefined },
      clock: { now: () => 1_000 },
      journal: new MemoryStrategyRunJournal(),
      live: { requiresConfirmation, consent },
      logger: silentLogger(),
    }),
    audits,
    snapshots,
    consentClock,
    consentJournal,
    snapshotContext: async (mode, contextTypes, symbols, payload) => {
      snapshots.push({ mode, time: 1_000, contextTypes, symbols, payload });
    },
    close: async () => {},
  };
}
