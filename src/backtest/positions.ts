/**
 * Entries ("lots") and the round trips they become. A lot is the base bought by one entry (net of
 * the commission Binance takes in the asset received); it closes when what was sold of it leaves
 * less than one lot step. Amounts here are floats for statistics; the orders themselves are exact.
 */
import type { Fill } from '../model/fill.js';
import type { ClosedTrade } from '../metrics/index.js';

export interface Lot {
  id: number;
  symbol: string;
  /** Net base received. */
  qty: number;
  /** Quote spent. */
  cost: number;
  entryPrice: number;
  entryTime: number;
  entryBar: number;
  entryFees: number;
  /** Fixed stop-loss price (0 when none). */
  stop: number;
  /** Trailing stop fraction (0 when none) and the highest print since entry. */
  trail: number;
  high: number;
  /** Resting take-profit order's client id, when one rests. */
  takeProfitId: string | null;
  soldQty: number;
  proceeds: number;
  exitFees: number;
  lastExitPrice: number;
  closing: string | null;
  /** Time of the last sell the venue or the risk limits refused (retried at the next bar at the earliest). */
  refusedAt: number;
  /** Grid level that bought it. */
  level?: number;
}

export interface FillSummary {
  qty: number;
  quote: number;
  /** Commission valued in quote. */
  fees: number;
  /** Base received net of a base commission (buys). */
  netBase: number;
  avgPrice: number;
  lastTime: number;
}

export function summarizeFills(fills: readonly Fill[], baseAsset: string): FillSummary {
  let qty = 0;
  let quote = 0;
  let fees = 0;
  let baseFee = 0;
  let lastTime = 0;
  for (const f of fills) {
    const q = Number(f.qty);
    const price = Number(f.price);
    qty += q;
    quote += Number(f.quoteQty);
    const commission = Number(f.commission);
    if (f.commissionAsset === baseAsset) {
      baseFee += commission;
      fees += commission * price;
    } else fees += commission;
    lastTime = Math.max(lastTime, f.time);
  }
  return { qty, quote, fees, netBase: qty - baseFee, avgPrice: qty > 0 ? quote / qty : 0, lastTime };
}

export class Positions {
  readonly open: Lot[] = [];
  readonly closed: ClosedTrade[] = [];
  private nextId = 1;

  openLot(symbol: string, buy: FillSummary, bar: number, protect: { stop: number; trail: number }): Lot {
    const lot: Lot = {
      id: this.nextId++,
      symbol,
      qty: buy.netBase,
      cost: buy.quote,
      entryPrice: buy.avgPrice,
      entryTime: buy.lastTime,
      entryBar: bar,
      entryFees: buy.fees,
      stop: protect.stop,
      trail: protect.trail,
      high: buy.avgPrice,
      takeProfitId: null,
      soldQty: 0,
      proceeds: 0,
      exitFees: 0,
      lastExitPrice: 0,
      closing: null,
      refusedAt: -Infinity,
    };
    this.open.push(lot);
    return lot;
  }

  /** Adds a later partial fill of the same entry order to its lot. */
  addToLot(lot: Lot, buy: FillSummary): void {
    const qty = lot.qty + buy.netBase;
    lot.entryPrice = (lot.entryPrice * lot.qty + buy.avgPrice * buy.netBase) / qty;
    lot.qty = qty;
    lot.cost += buy.quote;
    lot.entryFees += buy.fees;
    lot.entryTime = buy.lastTime;
  }

  /** Whether a lot of `symbol` is open (without building the list). */
  holds(symbol: string): boolean {
    for (const lot of this.open) if (lot.symbol === symbol) return true;
    return false;
  }

  of(symbol: string): Lot[] {
    return this.open.filter((l) => l.symbol === symbol);
  }

  /** Books a sell's fills against a lot; closes it (returns true) when less than `step` of it is left. */
  recordSell(lot: Lot, sell: FillSummary, step: number, reason: string): boolean {
    lot.soldQty += sell.qty;
    lot.proceeds += sell.quote - sell.fees;
    lot.exitFees += sell.fees;
    if (sell.qty > 0) lot.lastExitPrice = sell.avgPrice;
    if (lot.qty - lot.soldQty >= step * 0.999999) return false;
    this.close(lot, reason, sell.lastTime);
    return true;
  }

  /** Lots still open at the end, marked at the last close without an exit fee. */
  markAtEnd(closeOf: (symbol: string) => number, time: number): void {
    for (const lot of [...this.open]) {
      const left = lot.qty - lot.soldQty;
      const price = closeOf(lot.symbol);
      lot.proceeds += left * price;
      lot.lastExitPrice = price;
      this.close(lot, 'end of data (marked to the last close, not sold)', time);
    }
  }

  private close(lot: Lot, reason: string, time: number): void {
    const index = this.open.indexOf(lot);
    if (index >= 0) this.open.splice(index, 1);
    const pnl = lot.proceeds - lot.cost;
    this.closed.push({
      symbol: lot.symbol,
      entryTime: lot.entryTime,
      exitTime: time,
      entryPrice: lot.entryPrice,
      exitPrice: lot.lastExitPrice,
      quantity: lot.qty,
      pnl,
      returnPct: lot.cost > 0 ? pnl / lot.cost : 0,
      fees: lot.entryFees + lot.exitFees,
      exitReason: reason,
    });
  }
}
