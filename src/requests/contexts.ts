/**
 * The original context types (market_data, all_markets, fee_structure, candlestick_data, order_book,
 * ticker_24h, technical_indicators, account_state, trade_history) and performance, built once for both the
 * get_contexts tool and REST POST /mcp/contexts. Each call is journaled as a context snapshot.
 */
import * as z from 'zod';
import type { MarketSummary, TradingDesk } from '../app/api.js';
import type { App } from '../app/app.js';
import type { Interval } from '../model/candle.js';
import { ExchangeRejection, InvalidInput } from '../model/errors.js';
import type { TradingMode } from '../ports/store.js';
import { eventLoopTurns } from '../app/turns.js';
import { fitToBudget, RESULT_BUDGET_CHARS } from './fit.js';
import { limit, symbols, timeframe } from './schemas.js';
import { compactPerformance } from './performance-result.js';

export const CONTEXT_TYPES = [
  'market_data',
  'all_markets',
  'fee_structure',
  'candlestick_data',
  'order_book',
  'ticker_24h',
  'technical_indicators',
  'account_state',
  'trade_history',
  'performance',
] as const;
export type ContextType = (typeof CONTEXT_TYPES)[number];

/** Context types that are about particular symbols and need `symbols`. */
export const SYMBOL_CONTEXTS: readonly ContextType[] = [
  'market_data',
  'candlestick_data',
  'order_book',
  'technical_indicators',
];

export const contextRequestShape = {
  context_types: z
    .array(z.enum(CONTEXT_TYPES, { error: `must be one of ${CONTEXT_TYPES.join(', ')}` }))
    .min(1, 'give at least one context type')
    .max(CONTEXT_TYPES.length, `at most ${CONTEXT_TYPES.length} context types`),
  symbols: symbols.optional(),
  timeframe: timeframe.default('1h'),
  limit: limit(1, 5000, 100).describe('Candles (max 1000), book levels or trades'),
};

export const contextRequestSchema = z.strictObject(contextRequestShape);
export type ContextRequest = z.output<typeof contextRequestSchema>;

export interface ContextsResult {
  mode: TradingMode;
  timestamp: number;
  context_types: ContextType[];
  symbols: string[];
  contexts: Partial<Record<ContextType, unknown>>;
  notes: string[];
}

export interface BuildOptions {
  /** Keep the answer small enough for a model's context (the tool); REST gets up to REST_BUDGET_CHARS. */
  compact: boolean;
}

/** Characters of JSON a REST context answer may take: its long lists share them, and are cut saying so. */
export const REST_BUDGET_CHARS = 8_000_000;

async function checkSymbols(app: App, request: ContextRequest): Promise<string[]> {
  const wanted = [...new Set(request.symbols ?? [])];
  const needsSymbols = request.context_types.filter((t) => SYMBOL_CONTEXTS.includes(t));
  if (needsSymbols.length > 0 && wanted.length === 0) {
    throw new InvalidInput(
      'symbols',
      `required for ${needsSymbols.join(', ')}`,
      'a list of trading pairs such as ["BTCUSD"]',
    );
  }
  for (const [index, symbol] of wanted.entries()) {
    try {
      await app.market.market(symbol);
    } catch (error) {
      if (error instanceof ExchangeRejection && error.code === -1121) {
        throw new InvalidInput(`symbols[${index}]`, `unknown symbol ${symbol}`, 'a symbol listed by all_markets');
      }
      throw error;
    }
  }
  return wanted;
}

async function allMarkets(app: App): Promise<{ markets: MarketSummary[]; total: number }> {
  const markets: MarketSummary[] = [];
  let cursor: number | null = 0;
  let total = 0;
  while (cursor !== null) {
    const page = await app.market.listMarkets({ cursor, limit: 1000 });
    markets.push(...page.markets);
    total = page.total;
    if (page.markets.length === 0) break;
    cursor = page.nextCursor;
  }
  return { markets, total };
}

/** One symbol per turn of the event loop: a large request never holds the loop for more than one symbol's work. */
async function perSymbol<T>(list: string[], build: (symbol: string) => Promise<T>): Promise<Record<string, T>> {
  const entries = await Promise.all(
    list.map(async (s) => {
      await eventLoopTurns.next();
      return [s, await build(s)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

export async function buildContexts(
  app: App,
  desk: TradingDesk,
  request: ContextRequest,
  options: BuildOptions,
): Promise<ContextsResult> {
  const list = await checkSymbols(app, request);
  const interval: Interval = request.timeframe;
  const notes: string[] = [];
  const contexts: Partial<Record<ContextType, unknown>> = {};
  const types = [...new Set(request.context_types)];
  const budget = options.compact ? RESULT_BUDGET_CHARS : REST_BUDGET_CHARS;
  const slice = Math.floor(budget / Math.max(1, types.length * Math.max(1, list.length)));
  const cut = <T>(items: T[], what: string, fromEnd = false): T[] => {
    const fitted = fitToBudget(items, slice, fromEnd);
    if (fitted.omitted > 0) {
      notes.push(
        options.compact
          ? `${what}: ${fitted.omitted} entries left out to keep the answer small; ask the dedicated tool for more.`
          : `${what}: ${fitted.omitted} entries left out to keep the answer within ${REST_BUDGET_CHARS / 1_000_000} MB; ask for fewer symbols or context types per request for more.`,
      );
    }
    return fitted.items;
  };
  const candleLimit = Math.min(request.limit, 1000);
  if (request.limit > 1000 && types.includes('candlestick_data'))
    notes.push('candlestick_data: at most 1000 candles per symbol; 1000 returned.');

  for (const type of types) {
    await eventLoopTurns.next();
    switch (type) {
      case 'market_data':
        contexts.market_data = await app.market.quotes(list);
        break;
      case 'all_markets': {
        const { markets, total } = await allMarkets(app);
        contexts.all_markets = { markets: cut(markets, 'all_markets'), total };
        break;
      }
      case 'fee_structure':
        contexts.fee_structure = cut(await app.market.fees(list.length > 0 ? list : undefined), 'fee_structure');
        break;
      case 'candlestick_data':
        contexts.candlestick_data = await perSymbol(list, async (s) =>
          cut(await app.market.candles(s, interval, { limit: candleLimit }), `candlestick_data ${s}`, true),
        );
        break;
      case 'order_book':
        contexts.order_book = await perSymbol(list, async (s) => {
          const { summary, book } = await app.market.orderBook(s, request.limit);
          const bids = cut(book.bids, `order_book ${s} bids`);
          await eventLoopTurns.next();
          return { summary, bids, asks: cut(book.asks, `order_book ${s} asks`) };
        });
        break;
      case 'ticker_24h':
        contexts.ticker_24h = cut(await app.market.tickers24h(list.length > 0 ? list : undefined), 'ticker_24h');
        break;
      case 'technical_indicators':
        contexts.technical_indicators = await perSymbol(list, (s) => app.market.indicators(s, interval));
        break;
      case 'account_state':
        contexts.account_state = await desk.account();
        break;
      case 'performance': {
        const performance = app.performance[desk.mode];
        if (!performance) throw new Error(`no ${desk.mode} account is configured`);
        const report = await performance.report();
        contexts.performance = options.compact
          ? compactPerformance(report)
          : { ...report, trades: cut(report.trades, 'performance trades', true) };
        break;
      }
      case 'trade_history': {
        const symbol = list.length === 1 ? list[0] : undefined;
        const [fills, orders] = await Promise.all([
          desk.tradeHistory({ symbol, limit: request.limit }),
          desk.orders({ symbol, limit: Math.min(request.limit, 500) }),
        ]);
        contexts.trade_history = {
          fills: cut(fills, 'trade_history fills'),
          orders: cut(orders, 'trade_history orders'),
        };
        break;
      }
    }
  }
  const result: ContextsResult = {
    mode: desk.mode,
    timestamp: app.clock.now(),
    context_types: types,
    symbols: list,
    contexts,
    notes,
  };
  await app.snapshotContext(desk.mode, types, list, contexts);
  return result;
}
