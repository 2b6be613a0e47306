/**
 * The equity curve: the account's portfolio value at the close of each bar, reconstructed from the
 * journal. Start from today's balances, walk back through the journaled fills (undoing each), and
 * value the holdings of each bar at that bar's closing prices, with the same USD routes the account
 * uses (usd-valuation.ts). Balance changes the journal never saw (deposits, withdrawals, transfers
 * on the live account) are not in it.
 */
import { Big, str, type Decimal } from '../model/money.js';
import { nextIntervalStart, type Interval } from '../model/candle.js';
import type { Fill } from '../model/fill.js';
import { FIAT_USD, STABLECOINS } from '../model/market.js';
import { MapPriceBook, usdPriceOf } from '../ledger/usd-valuation.js';

export interface EquityPoint {
  /** Open time of the bar (ms); the value is at the bar's close (or the latest price for the bar in progress). */
  time: number;
  valueUsd: Decimal;
  /** Value held in assets other than USD and stablecoins (0 when flat). */
  exposureUsd: Decimal;
}

export interface PairAssets {
  baseAsset: string;
  quoteAsset: string;
}

export interface ReconstructionInput {
  /** Balances now (free + locked) by asset. */
  holdingsNow: ReadonlyMap<string, Decimal>;
  /** The fills after the first bar opened, in any order. */
  fills: readonly Fill[];
  /** Base and quote asset of every symbol a fill names. */
  pairs: ReadonlyMap<string, PairAssets>;
  /** Bar open times, ascending, to value the account at. */
  barTimes: readonly number[];
  /** Closing price by symbol, by bar open time. A missing bar keeps the previous close. */
  closes: ReadonlyMap<string, ReadonlyMap<number, Decimal>>;
  /** A fill belongs to the bar whose [open, next open) holds its time. */
  interval: Interval;
}

export interface Reconstruction {
  points: EquityPoint[];
  /** Assets held at some point that had no price route to USD; they add nothing to the value. */
  unpriced: string[];
}

/** Symbols whose prices value `asset` in USD, as usdPriceOf looks for them. */
export function valuationSymbols(asset: string): string[] {
  if (asset === FIAT_USD) return [];
  if (STABLECOINS.includes(asset)) return [asset + FIAT_USD];
  return [asset + FIAT_USD, ...STABLECOINS.flatMap((stable) => [asset + stable, stable + FIAT_USD])];
}

export function reconstructEquity(input: ReconstructionInput): Reconstruction {
  const holdings = new Map<string, Big>([...input.holdingsNow].map(([asset, qty]) => [asset, new Big(qty)]));
  const fills = [...input.fills].sort((a, b) => b.time - a.time);
  const unpriced = new Set<string>();
  const valued: EquityPoint[] = [];
  let next = 0;
  for (let i = input.barTimes.length - 1; i >= 0; i--) {
    const barTime = input.barTimes[i]!;
    const barEnd = nextIntervalStart(input.interval, barTime);
    while (next < fills.length && fills[next]!.time >= barEnd) undo(holdings, fills[next++]!, input.pairs);
    const prices = pricesAt(input.closes, barTime);
    let total = new Big(0);
    let exposure = new Big(0);
    for (const [asset, qty] of holdings) {
      if (qty.eq(0)) continue;
      const price = usdPriceOf(asset, prices).priceUsd;
      if (price === null) unpriced.add(asset);
      else {
        const value = qty.times(price);
        total = total.plus(value);
        if (asset !== FIAT_USD && !STABLECOINS.includes(asset)) exposure = exposure.plus(value);
      }
    }
    valued.push({ time: barTime, valueUsd: str(total), exposureUsd: str(exposure) });
  }
  return { points: valued.reverse(), unpriced: [...unpriced].sort() };
}

/** The holdings before `fills` happened: today's balances with every fill undone. */
export function holdingsBefore(
  holdingsNow: ReadonlyMap<string, Decimal>,
  fills: readonly Fill[],
  pairs: ReadonlyMap<string, PairAssets>,
): Map<string, Decimal> {
  const holdings = new Map<string, Big>([...holdingsNow].map(([asset, qty]) => [asset, new Big(qty)]));
  for (const fill of fills) undo(holdings, fill, pairs);
  return new Map([...holdings].map(([asset, qty]) => [asset, str(qty)]));
}

function undo(holdings: Map<string, Big>, fill: Fill, pairs: ReadonlyMap<string, PairAssets>): void {
  const pair = pairs.get(fill.symbol);
  if (!pair) throw new Error(`no base/quote assets known for ${fill.symbol}`);
  const change = (asset: string, delta: Big) => holdings.set(asset, (holdings.get(asset) ?? new Big(0)).plus(delta));
  const sign = fill.side === 'BUY' ? 1 : -1;
  change(pair.baseAsset, new Big(fill.qty).times(-sign));
  change(pair.quoteAsset, new Big(fill.quoteQty).times(sign));
  change(fill.commissionAsset, new Big(fill.commission));
}

function pricesAt(closes: ReadonlyMap<string, ReadonlyMap<number, Decimal>>, barTime: number): MapPriceBook {
  const book = new MapPriceBook();
  for (const [symbol, byBar] of closes) {
    const close = byBar.get(barTime) ?? latestBefore(byBar, barTime);
    if (close !== undefined) book.set(symbol, close);
  }
  return book;
}

function latestBefore(byBar: ReadonlyMap<number, Decimal>, barTime: number): Decimal | undefined {
  let best: number | undefined;
  for (const time of byBar.keys()) if (time <= barTime && (best === undefined || time > best)) best = time;
  return best === undefined ? undefined : byBar.get(best);
}
