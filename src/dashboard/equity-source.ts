/** Loads what reconstructEquity needs from the app: balances, journaled fills, and the closes of every pricing symbol. */
import type { App } from '../app/app.js';
import type { TradingDesk } from '../app/api.js';
import { nextIntervalStart, type Interval } from '../model/candle.js';
import type { Decimal } from '../model/money.js';
import type { TradingMode } from '../ports/store.js';
import { barOpenTimes } from './chart-data.js';
import { allMarkets } from './markets.js';
import { reconstructEquity, valuationSymbols, type EquityPoint, type PairAssets } from './equity-curve.js';

export interface EquityCurve {
  mode: TradingMode;
  interval: Interval;
  points: EquityPoint[];
  /** Portfolio value now, as the account reports it (last prices). */
  currentValueUsd: Decimal;
  /** When the account's journal starts (paper: opened or last reset), ms; no bar before it is valued. Null for live. */
  accountSince: number | null;
  unpriced: string[];
  method: string;
}

const METHOD =
  "Reconstructed from the journal: today's balances walked back through every journaled fill, " +
  "valued at each bar's closing prices (USD markets, or via a stablecoin as the account values them). " +
  'Balance changes that are not fills (deposits, withdrawals, transfers) are not in the journal and do not appear.';

const MAX_FILLS = 200_000;

export async function equityCurve(
  app: App,
  desk: TradingDesk,
  interval: Interval,
  limit: number,
): Promise<EquityCurve> {
  const now = app.clock.now();
  const accountSince = (await app.history.accountSince(desk.mode)) ?? 0;
  const barTimes = barOpenTimes(interval, now, limit).filter(
    (open) => nextIntervalStart(interval, open) > accountSince,
  );
  const first = barTimes[0] ?? now;
  const fills = await app.history.fills({ mode: desk.mode, since: first, limit: MAX_FILLS });
  const account = await desk.account();
  const holdingsNow = new Map<string, Decimal>(account.balances.map((b) => [b.asset, b.total]));

  const pairs = new Map<string, PairAssets>();
  for (const symbol of new Set(fills.map((f) => f.symbol))) {
    const market = await app.market.market(symbol);
    pairs.set(symbol, { baseAsset: market.baseAsset, quoteAsset: market.quoteAsset });
  }
  const assets = new Set([
    ...holdingsNow.keys(),
    ...[...pairs.values()].flatMap((p) => [p.baseAsset, p.quoteAsset]),
    ...fills.map((f) => f.commissionAsset),
  ]);
  const known = new Set((await allMarkets(app)).map((m) => m.symbol));
  const symbols = [...new Set([...assets].flatMap(valuationSymbols))].filter((s) => known.has(s));
  const closes = new Map<string, Map<number, Decimal>>();
  if (barTimes.length > 0) {
    await Promise.all(
      symbols.map(async (symbol) => {
        const candles = await app.market.candles(symbol, interval, { startTime: first, limit: barTimes.length });
        closes.set(symbol, new Map(candles.map((c) => [c.openTime, c.close])));
      }),
    );
  }
  const { points, unpriced } = reconstructEquity({ holdingsNow, fills, pairs, barTimes, closes, interval });
  return {
    mode: desk.mode,
    interval,
    points,
    currentValueUsd: account.portfolioValueUsd,
    accountSince: accountSince > 0 ? accountSince : null,
    unpriced,
    method: METHOD,
  };
}
