/** The dashboard's read-only views of one account and of the market source. */
import type { App } from '../app/app.js';
import type { AccountState, RiskStatus, TradingDesk } from '../app/api.js';
import type { DailyPnl, FillRecord, OrderRecord, RiskEvent, TradingMode } from '../ports/store.js';
import type { MarketDataStatus } from '../ports/market-data.js';
import { INTERVALS, type Interval } from '../model/candle.js';
import { TRADING_MODES } from '../model/trading-mode.js';
import { allMarkets } from './markets.js';

export interface Overview {
  version: string;
  now: number;
  startedAt: number;
  /** Accounts the dashboard can show: paper always, live when the operator enabled it. */
  modes: TradingMode[];
  live: { available: boolean; reason: string };
  market: { source: string; status: MarketDataStatus };
}

export function overview(app: App): Overview {
  return {
    version: app.version,
    now: app.clock.now(),
    startedAt: app.startedAt,
    modes: app.desks.live ? [...TRADING_MODES] : ['paper'],
    live: { available: app.live.available, reason: app.live.reason },
    market: { source: app.market.source, status: app.market.status() },
  };
}

export interface MarketList {
  symbols: { symbol: string; baseAsset: string; quoteAsset: string; status: string; price: string | null }[];
  intervals: readonly Interval[];
}

export async function marketList(app: App): Promise<MarketList> {
  const markets = await allMarkets(app);
  return {
    symbols: markets.map(({ symbol, baseAsset, quoteAsset, status, price }) => ({
      symbol,
      baseAsset,
      quoteAsset,
      status,
      price,
    })),
    intervals: INTERVALS,
  };
}

export interface AccountSummary extends AccountState {
  /** The journal's daily P&L rows (start and last equity of each UTC day), newest first. */
  days: DailyPnl[];
}

export async function accountSummary(app: App, desk: TradingDesk): Promise<AccountSummary> {
  const [account, days] = await Promise.all([desk.account(), app.history.dailyPnl(desk.mode, 30)]);
  return { ...account, days };
}

/** One order list (OCO or bracket) and its legs, as the orders view shows it. */
export interface ListRow {
  id: string;
  kind: string;
  symbol: string;
  status: string;
  exit: string;
  legs: string[];
}

export async function openOrders(
  desk: TradingDesk,
): Promise<{ mode: TradingMode; orders: OrderRecord[]; lists: ListRow[] }> {
  const [orders, lists] = await Promise.all([
    desk.orders({ openOnly: true, limit: 200 }),
    desk.orderLists({ openOnly: true, limit: 50 }),
  ]);
  return {
    mode: desk.mode,
    orders,
    lists: lists.map(({ list, orders: legs }) => ({
      id: list.listClientOrderId,
      kind: list.kind,
      symbol: list.symbol,
      status: list.status,
      exit: `${list.side} ${list.quantity} TP ${list.price} stop ${list.stopPrice ?? ''}${list.trailingDelta !== undefined ? ` trail ${list.trailingDelta} bps` : ''}`,
      legs: legs.map((o) => `${o.type} ${o.side} ${o.origQty} ${o.status} (filled ${o.executedQty})`),
    })),
  };
}

export async function recentFills(
  app: App,
  mode: TradingMode,
  limit: number,
): Promise<{ mode: TradingMode; fills: FillRecord[] }> {
  return { mode, fills: await app.history.fills({ mode, limit }) };
}

export interface RiskPanel extends RiskStatus {
  events: RiskEvent[];
}

export async function riskPanel(app: App, desk: TradingDesk): Promise<RiskPanel> {
  const [status, events] = await Promise.all([desk.riskStatus(), app.history.riskEvents(desk.mode, 20)]);
  return { ...status, events };
}
