/**
 * An account's performance over a range: the equity curve reconstructed from the journal since the
 * account's start, its drawdown and exposure, daily and monthly returns, the closed trades (average
 * cost, as the account view), and the ratios of the one metrics module the backtests use. Every
 * interface (dashboard, MCP, REST, the daily summary) reads it from here, never from the journal.
 */
import { INTERVAL_MS, intervalStart, nextIntervalStart, type Interval } from '../model/candle.js';
import { Big, str, type Decimal } from '../model/money.js';
import type { TradingMode } from '../model/trading-mode.js';
import { accountTrades, type AccountTrade } from '../ledger/closed-trades.js';
import {
  holdingsBefore,
  reconstructEquity,
  valuationSymbols,
  type PairAssets,
} from '../ledger/equity-reconstruction.js';
import { MapPriceBook } from '../ledger/usd-valuation.js';
import {
  bySymbol,
  dailyReturns,
  drawdowns,
  histogram,
  monthlyReturns,
  performanceMetrics,
  type ClosedTrade,
  type Histogram,
  type PerformanceMetrics,
  type PeriodReturn,
  type SymbolBreakdown,
} from '../metrics/index.js';
import type { Clock } from '../ports/clock.js';
import type { DecisionJournal } from '../ports/decision-journal.js';
import type { OrderHistory, OrderRecord } from '../ports/order-journal.js';
import type { MarketContext, TradingDesk } from './api.js';

/** What the service reads of the journal. */
export type PerformanceJournal = Pick<OrderHistory, 'listFills' | 'listOrders'> & Pick<DecisionJournal, 'findDecision'>;

export interface PerformanceQuery {
  /** Range start (ms); the account's start when absent or earlier. */
  from?: number | undefined;
  /** Range end (ms); now when absent or later. */
  to?: number | undefined;
  /** Finest bar size wanted; a coarser one is used when the range would need more than maxPoints bars. */
  interval?: Interval | undefined;
  /** At most this many curve points (default 500, at most 1000). */
  maxPoints?: number | undefined;
}

export interface CurvePoint {
  /** Open time of the bar (ms); valued at its close. */
  time: number;
  equityUsd: Decimal;
  exposureUsd: Decimal;
  /** Fraction below the running peak (0 at a peak). */
  drawdown: number;
}

export interface PerformanceReport {
  mode: TradingMode;
  /** When the account's history starts (paper: opened or last reset; live: its first journaled fill). Null: nothing journaled yet. */
  accountSince: number | null;
  range: { from: number; to: number };
  interval: Interval;
  curve: CurvePoint[];
  metrics: PerformanceMetrics;
  /** Exact figures for the range, USD. */
  startEquityUsd: Decimal;
  endEquityUsd: Decimal;
  pnlUsd: Decimal;
  realizedPnlUsd: Decimal;
  feesPaidUsd: Decimal;
  fills: number;
  daily: PeriodReturn[];
  monthly: PeriodReturn[];
  trades: AccountTrade[];
  /** Histogram of the closed trades' P&L (USD). */
  tradePnl: Histogram;
  bySymbol: SymbolBreakdown[];
  unpriced: string[];
  method: string;
  notes: string[];
}

export interface OrderWithRationale extends OrderRecord {
  /** The model's journaled reason for the order (decisions table), or null. */
  rationale: string | null;
}

const METHOD =
  "Equity reconstructed from the journal: today's balances walked back through every journaled fill since the account's start, " +
  "valued at each bar's closing prices (USD markets, or via a stablecoin). Deposits, withdrawals and transfers are not fills and do not appear. " +
  'Closed trades by average cost: an order that gives a coin away closes a trade; its P&L is after the closing fee (entry fees are in the cost basis).';

const RESOLUTIONS: readonly Interval[] = ['1m', '5m', '15m', '1h', '4h', '1d', '1w'];
const MAX_FILLS = 200_000;

export interface PerformanceServiceOptions {
  mode: TradingMode;
  journal: PerformanceJournal;
  market: MarketContext;
  desk: TradingDesk;
  clock: Clock;
  /** When the account's history starts; the composition root picks how for each mode. Null: no history yet. */
  accountStart: () => Promise<number | null>;
}

export class PerformanceService {
  constructor(private readonly options: PerformanceServiceOptions) {}

  get mode(): TradingMode {
    return this.options.mode;
  }

  async report(query: PerformanceQuery = {}): Promise<PerformanceReport> {
    const { journal, market, desk, clock, mode } = this.options;
    const now = clock.now();
    const since = (await this.options.accountStart()) ?? now;
    const to = Math.min(query.to ?? now, now);
    const from = Math.min(Math.max(query.from ?? since, since), to);
    const maxPoints = Math.min(Math.max(query.maxPoints ?? 500, 2), 1000);
    const interval = resolution(from, to, maxPoints, query.interval);
    const barTimes: number[] = [];
    for (let t = intervalStart(interval, from); t <= to; t = nextIntervalStart(interval, t)) barTimes.push(t);

    const fills = (await journal.listFills({ mode, since, limit: MAX_FILLS })).filter((f) => f.time >= since);
    const account = await desk.account();
    const holdingsNow = new Map<string, Decimal>(account.balances.map((b) => [b.asset, b.total]));
    const pairs = new Map<string, PairAssets>();
    for (const symbol of new Set(fills.map((f) => f.symbol))) {
      const m = await market.market(symbol);
      pairs.set(symbol, { baseAsset: m.baseAsset, quoteAsset: m.quoteAsset });
    }
    const opening = holdingsBefore(holdingsNow, fills, pairs);
    const assets = new Set([
      ...holdingsNow.keys(),
      ...opening.keys(),
      ...[...pairs.values()].flatMap((p) => [p.baseAsset, p.quoteAsset]),
      ...fills.map((f) => f.commissionAsset),
    ]);
    const known = await knownSymbols(market);
    const symbols = [...new Set([...assets].flatMap(valuationSymbols))].filter((s) => known.has(s));
    const closes = new Map<string, Map<number, Decimal>>();
    await Promise.all(
      symbols.map(async (symbol) => {
        const candles = await market.candles(symbol, interval, { startTime: barTimes[0]!, limit: barTimes.length });
        closes.set(symbol, new Map(candles.map((c) => [c.openTime, c.close])));
      }),
    );
    const inRange = fills.filter((f) => f.time >= barTimes[0]!);
    const { points, unpriced } = reconstructEquity({ holdingsNow, fills: inRange, pairs, barTimes, closes, interval });

    const lookup = priceLookup(closes);
    const run = accountTrades({
      opening,
      fills: fills.filter((f) => f.time <= to),
      pairs,
      pricesAt: (time) => lookup(intervalStart(interval, time)),
      openedAt: since,
      from,
    });
    const trades = run.trades.filter((t) => t.exitTime >= from && t.exitTime <= to);
    const curve = points.map((p) => ({ time: p.time, equity: Number(p.valueUsd), exposure: Number(p.exposureUsd) }));
    const closed = trades.map(toClosedTrade);
    const metrics = performanceMetrics(curve, closed, Number(run.feesUsd));
    const dd = drawdowns(curve);
    const start = points[0]?.valueUsd ?? '0';
    const end = points.at(-1)?.valueUsd ?? '0';
    return {
      mode,
      accountSince: since < now || fills.length > 0 ? since : null,
      range: { from, to },
      interval,
      curve: points.map((p, i) => ({
        time: p.time,
        equityUsd: p.valueUsd,
        exposureUsd: p.exposureUsd,
        drawdown: dd.series[i]!,
      })),
      metrics,
      startEquityUsd: start,
      endEquityUsd: end,
      pnlUsd: str(new Big(end).minus(start)),
      realizedPnlUsd: run.realizedUsd,
      feesPaidUsd: run.feesUsd,
      fills: fills.filter((f) => f.time >= from && f.time <= to).length,
      daily: dailyReturns(curve),
      monthly: monthlyReturns(curve),
      trades,
      tradePnl: histogram(
        closed.map((t) => t.pnl),
        Math.min(20, Math.max(1, closed.length)),
      ),
      bySymbol: bySymbol(closed),
      unpriced,
      method: METHOD,
      notes: run.notes,
    };
  }

  /** The account's orders created in the range, newest first, each with the model's journaled rationale. */
  async orders(
    query: { from?: number | undefined; to?: number | undefined; limit?: number | undefined } = {},
  ): Promise<OrderWithRationale[]> {
    const { journal, mode } = this.options;
    const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
    const orders = await journal.listOrders({
      mode,
      limit,
      ...(query.to !== undefined ? { before: query.to + 1 } : {}),
    });
    const wanted = orders.filter((o) => o.createdAt >= (query.from ?? 0));
    return Promise.all(
      wanted.map(async (o) => ({
        ...o,
        rationale: (await journal.findDecision(mode, o.clientOrderId))?.rationale ?? null,
      })),
    );
  }
}

/** The finest of RESOLUTIONS, not finer than `wanted`, that covers the range in at most maxPoints bars. */
function resolution(from: number, to: number, maxPoints: number, wanted?: Interval): Interval {
  const floor = wanted && wanted !== '1M' ? INTERVAL_MS[wanted] : 0;
  for (const interval of RESOLUTIONS) {
    const ms = INTERVAL_MS[interval as Exclude<Interval, '1M'>];
    if (ms < floor) continue;
    if (Math.floor(to / ms) - Math.floor(from / ms) + 1 <= maxPoints) return interval;
  }
  return '1w';
}

async function knownSymbols(market: MarketContext): Promise<Set<string>> {
  const known = new Set<string>();
  let cursor: number | null = 0;
  while (cursor !== null) {
    const page: Awaited<ReturnType<MarketContext['listMarkets']>> = await market.listMarkets({ cursor, limit: 1000 });
    for (const m of page.markets) known.add(m.symbol);
    if (page.markets.length === 0) break;
    cursor = page.nextCursor;
  }
  return known;
}

/** Each symbol's close at the bar (the latest before it, else its first), for valuing a fill in USD. */
function priceLookup(closes: ReadonlyMap<string, ReadonlyMap<number, Decimal>>): (barTime: number) => MapPriceBook {
  const series = [...closes].map(([symbol, byBar]) => ({
    symbol,
    bars: [...byBar].sort((a, b) => a[0] - b[0]),
  }));
  return (barTime) => {
    const book = new MapPriceBook();
    for (const { symbol, bars } of series) {
      let lo = 0;
      let hi = bars.length - 1;
      let best = 0;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (bars[mid]![0] <= barTime) {
          best = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      const close = bars[best]?.[1];
      if (close !== undefined) book.set(symbol, close);
    }
    return book;
  };
}

function toClosedTrade(t: AccountTrade): ClosedTrade {
  return {
    symbol: t.symbol,
    entryTime: t.entryTime,
    exitTime: t.exitTime,
    entryPrice: Number(t.entryPrice),
    exitPrice: Number(t.exitPrice),
    quantity: Number(t.quantity),
    pnl: Number(t.pnlUsd),
    returnPct: t.returnPct,
    fees: Number(t.feesUsd),
    exitReason: t.clientOrderId,
  };
}
