/** The page's equity chart: the account's curve from its start, as the performance service reconstructs it. */
import type { App } from '../app/app.js';
import type { TradingDesk } from '../app/api.js';
import type { Interval } from '../model/candle.js';
import type { Decimal } from '../model/money.js';
import type { TradingMode } from '../ports/store.js';

export interface EquityCurve {
  mode: TradingMode;
  /** The bar size used: the one asked for, or coarser when the account's history needs more than `limit` bars. */
  interval: Interval;
  points: { time: number; valueUsd: Decimal }[];
  /** Portfolio value now, as the account reports it (last prices). */
  currentValueUsd: Decimal;
  /** When the account's history starts (paper: opened or last reset; live: its first journaled fill), ms. */
  accountSince: number | null;
  unpriced: string[];
  method: string;
}

export async function equityCurve(
  app: App,
  desk: TradingDesk,
  interval: Interval,
  limit: number,
): Promise<EquityCurve> {
  const performance = app.performance[desk.mode];
  if (!performance) throw new Error(`no ${desk.mode} performance service`);
  const [report, account] = await Promise.all([performance.report({ interval, maxPoints: limit }), desk.account()]);
  return {
    mode: desk.mode,
    interval: report.interval,
    points: report.curve.map((p) => ({ time: p.time, valueUsd: p.equityUsd })),
    currentValueUsd: account.portfolioValueUsd,
    accountSince: report.accountSince,
    unpriced: report.unpriced,
    method: report.method,
  };
}
