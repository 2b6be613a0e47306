/**
 * Positions and P&L by the AVERAGE COST method, in USD, with exact decimals.
 *
 * Every fill is a swap: the account gives one asset and receives another. Per asset (USD is cash
 * and carries no position) the ledger keeps quantity, cost basis in USD and realized P&L:
 * - Acquiring q units at a USD cost C: quantity += q, cost += C. Average cost = cost / quantity.
 * - Disposing of q units for USD proceeds P: the cost leaving is cost x q / quantity (all of it when
 *   the whole position goes), realized += P - that cost, quantity -= q. The average cost of what is
 *   left does not change.
 * - A fill's value in USD is V = quoteQty x the quote asset's USD price (usd-valuation.ts).
 *   BUY:  the quote asset is disposed of for V; the base asset is acquired for V.
 *   SELL: the base asset is disposed of for V; the quote asset is acquired for V.
 * - Commission (Binance charges it in the asset received):
 *   in the base asset on a BUY: fewer units arrive for the same cost (the fee raises the average cost);
 *   in the quote asset on a SELL: proceeds are V - fee, and the quote received costs V - fee;
 *   in the base asset on a SELL / quote asset on a BUY: that many more units are disposed of;
 *   in a third asset (BNB): valued in USD at its last price and disposed of for that value; the fee is
 *   added to the BUY's cost or taken from the SELL's proceeds. With no price for it, it is valued at
 *   its own average cost; when the ledger holds none of it, the fee is ignored and a note says so.
 * - Starting balances that did not come from fills (10,000 USD, or 0.5 BTC given at the start) take
 *   their market value when first seen as cost basis, so P&L counts from then. With no price at that
 *   moment, the basis is set at the first price the ledger sees for the asset.
 * Because each fill's proceeds equal its acquisition costs, realized + unrealized P&L equals the
 * change in equity since the opening balances (fees included, as losses), exactly.
 */
import type { Fill } from '../model/fill.js';
import { FIAT_USD } from '../model/market.js';
import { Big, str, type Decimal } from '../model/money.js';
import { usdPriceOf, type PriceBook } from './usd-valuation.js';

export interface Holding {
  asset: string;
  quantity: Decimal;
  costBasisUsd: Decimal;
  realizedPnlUsd: Decimal;
  /** Quantity whose cost basis is not known yet (an opening balance seen before any price). */
  pendingBasisQuantity: Decimal;
}

export interface FillEffect {
  /** Realized P&L this fill produced, over all assets it touched. */
  realizedPnlUsd: Decimal;
  /** The commission in USD, or null when it could not be valued. */
  feeUsd: Decimal | null;
  notes: string[];
}

interface Position {
  quantity: Big;
  cost: Big;
  realized: Big;
  pending: Big;
}

const COST_DP = 18;
const ZERO = new Big(0);

export class AverageCostLedger {
  private readonly positions = new Map<string, Position>();

  /** A balance that did not come from a fill: its cost basis is its market value now (see the top of the file). */
  openingBalance(asset: string, quantity: Decimal, prices: PriceBook): string {
    if (asset === FIAT_USD || new Big(quantity).lte(0)) return `${asset}: cash, no position`;
    const position = this.position(asset);
    const price = usdPriceOf(asset, prices).priceUsd;
    if (price === null) {
      position.quantity = position.quantity.plus(quantity);
      position.pending = position.pending.plus(quantity);
      return `${quantity} ${asset} has no cost basis on record and no price yet: its basis will be its value at the first price seen`;
    }
    const value = new Big(quantity).times(price);
    position.quantity = position.quantity.plus(quantity);
    position.cost = position.cost.plus(value);
    return `${quantity} ${asset} has no cost basis on record: basis set to its market value when first seen, ${str(value)} USD`;
  }

  applyFill(fill: Fill, market: { baseAsset: string; quoteAsset: string }, prices: PriceBook): FillEffect {
    const { baseAsset: base, quoteAsset: quote } = market;
    const notes: string[] = [];
    const quoteQty = new Big(fill.quoteQty);
    const qty = new Big(fill.qty);
    const value = this.tradeValueUsd(fill, base, quote, prices, notes);
    this.settlePending(base, qty.gt(0) ? value.div(qty) : null, prices);
    this.settlePending(quote, quoteQty.gt(0) ? value.div(quoteQty) : null, prices);

    const c = new Big(fill.commission);
    const feeAsset = c.gt(0) ? fill.commissionAsset : '';
    const feeUsd = this.feeUsd(feeAsset, c, fill, base, quote, value, prices, notes);
    const fee = feeUsd ?? ZERO;
    const third = feeAsset !== '' && feeAsset !== base && feeAsset !== quote;
    let realized = ZERO;
    if (third && feeUsd !== null) realized = realized.plus(this.dispose(feeAsset, c, fee, notes));

    if (fill.side === 'BUY') {
      const extraQuote = feeAsset === quote ? c : ZERO;
      realized = realized.plus(
        this.dispose(quote, quoteQty.plus(extraQuote), value.plus(feeAsset === quote ? fee : ZERO), notes),
      );
      const received = qty.minus(feeAsset === base ? c : ZERO);
      this.acquire(base, received, value.plus(feeAsset === base ? ZERO : fee));
    } else {
      const extraBase = feeAsset === base ? c : ZERO;
      realized = realized.plus(
        this.dispose(base, qty.plus(extraBase), value.minus(feeAsset === base ? ZERO : fee), notes),
      );
      const received = quoteQty.minus(feeAsset === quote ? c : ZERO);
      this.acquire(quote, received, value.minus(feeAsset === quote ? fee : ZERO));
    }
    return { realizedPnlUsd: str(realized), feeUsd: feeUsd === null ? null : str(feeUsd), notes };
  }

  /**
   * Brings quantities in line with the venue's balances (totals, free + locked) after fills were applied:
   * more than the ledger holds is an unrecorded deposit (opening balance at market value); less is a
   * withdrawal at average cost (no P&L). Returns what it changed, in words.
   */
  reconcile(balances: readonly { asset: string; total: Decimal }[], prices: PriceBook): string[] {
    const notes: string[] = [];
    const seen = new Set<string>();
    for (const balance of balances) {
      if (balance.asset === FIAT_USD) continue;
      seen.add(balance.asset);
      const held = this.positions.get(balance.asset)?.quantity ?? ZERO;
      const diff = new Big(balance.total).minus(held);
      if (diff.gt(0)) notes.push(this.openingBalance(balance.asset, str(diff), prices));
      else if (diff.lt(0)) notes.push(this.withdraw(balance.asset, diff.neg()));
    }
    for (const [asset, position] of this.positions) {
      if (!seen.has(asset) && position.quantity.gt(0)) notes.push(this.withdraw(asset, position.quantity));
    }
    return notes;
  }

  /** Sets the basis of opening balances seen before any price, where a price now exists. */
  settlePendingBases(prices: PriceBook): void {
    for (const asset of this.positions.keys()) this.settlePending(asset, null, prices);
  }

  holdings(): Holding[] {
    return [...this.positions].map(([asset, p]) => ({
      asset,
      quantity: str(p.quantity),
      costBasisUsd: str(p.cost),
      realizedPnlUsd: str(p.realized),
      pendingBasisQuantity: str(p.pending),
    }));
  }

  holding(asset: string): Holding | undefined {
    return this.holdings().find((h) => h.asset === asset);
  }

  totalRealizedPnlUsd(): Decimal {
    let total = ZERO;
    for (const p of this.positions.values()) total = total.plus(p.realized);
    return str(total);
  }

  private tradeValueUsd(fill: Fill, base: string, quote: string, prices: PriceBook, notes: string[]): Big {
    const quotePrice = usdPriceOf(quote, prices).priceUsd;
    if (quotePrice !== null) return new Big(fill.quoteQty).times(quotePrice);
    const basePrice = usdPriceOf(base, prices).priceUsd;
    if (basePrice !== null) {
      notes.push(`${quote} has no USD price: the fill was valued at ${base}'s USD price instead`);
      return new Big(fill.qty).times(basePrice);
    }
    const position = this.positions.get(quote);
    if (position && position.quantity.gt(0)) {
      notes.push(`neither ${base} nor ${quote} has a USD price: the fill was valued at ${quote}'s average cost`);
      return new Big(fill.quoteQty).times(position.cost).div(position.quantity).round(COST_DP, Big.roundHalfUp);
    }
    notes.push(
      `neither ${base} nor ${quote} has a USD price and ${quote} has no cost basis: the fill was valued at 0 USD`,
    );
    return ZERO;
  }

  private feeUsd(
    feeAsset: string,
    c: Big,
    fill: Fill,
    base: string,
    quote: string,
    value: Big,
    prices: PriceBook,
    notes: string[],
  ): Big | null {
    if (feeAsset === '') return ZERO;
    if (feeAsset === base)
      return new Big(fill.qty).gt(0) ? c.times(value).div(fill.qty).round(COST_DP, Big.roundHalfUp) : ZERO;
    if (feeAsset === quote)
      return new Big(fill.quoteQty).gt(0) ? c.times(value).div(fill.quoteQty).round(COST_DP, Big.roundHalfUp) : ZERO;
    const price = usdPriceOf(feeAsset, prices);
    if (price.priceUsd !== null) return c.times(price.priceUsd);
    const position = this.positions.get(feeAsset);
    if (position && position.quantity.gt(0)) {
      notes.push(`commission in ${feeAsset} valued at its average cost (${price.note})`);
      return c.times(position.cost).div(position.quantity).round(COST_DP, Big.roundHalfUp);
    }
    notes.push(
      `commission of ${fill.commission} ${feeAsset} ignored in P&L: ${price.note} and the ledger holds no ${feeAsset}`,
    );
    return null;
  }

  private acquire(asset: string, quantity: Big, costUsd: Big): void {
    if (asset === FIAT_USD || quantity.lte(0)) return;
    const position = this.position(asset);
    position.quantity = position.quantity.plus(quantity);
    position.cost = position.cost.plus(costUsd);
  }

  /** Returns the realized P&L of the disposal. */
  private dispose(asset: string, quantity: Big, proceedsUsd: Big, notes: string[]): Big {
    if (asset === FIAT_USD || quantity.lte(0)) return ZERO;
    const position = this.position(asset);
    let proceeds = proceedsUsd;
    let q = quantity;
    if (q.gt(position.quantity)) {
      const excess = q.minus(position.quantity);
      notes.push(
        `${str(excess)} ${asset} more was disposed of than the ledger holds: the excess has no cost basis on record and realizes nothing`,
      );
      proceeds = position.quantity.gt(0)
        ? proceeds.times(position.quantity).div(q).round(COST_DP, Big.roundHalfUp)
        : ZERO;
      q = position.quantity;
    }
    const costOut = this.removeCost(position, q);
    const realized = q.gt(0) ? proceeds.minus(costOut) : ZERO;
    position.realized = position.realized.plus(realized);
    return realized;
  }

  private withdraw(asset: string, quantity: Big): string {
    const position = this.position(asset);
    const q = quantity.gt(position.quantity) ? position.quantity : quantity;
    const costOut = this.removeCost(position, q);
    return `${str(q)} ${asset} left the account without a fill on record: removed at average cost (${str(costOut)} USD), no P&L`;
  }

  /** Takes q units out at average cost; returns the cost removed. The last unit takes all that is left. */
  private removeCost(position: Position, q: Big): Big {
    const costOut = q.eq(position.quantity)
      ? position.cost
      : position.cost.times(q).div(position.quantity).round(COST_DP, Big.roundHalfUp);
    position.pending = position.pending.gt(position.quantity.minus(q)) ? position.quantity.minus(q) : position.pending;
    position.quantity = position.quantity.minus(q);
    position.cost = position.cost.minus(costOut);
    return costOut;
  }

  private settlePending(asset: string, impliedPriceUsd: Big | null, prices: PriceBook): void {
    const position = this.positions.get(asset);
    if (!position || position.pending.eq(0)) return;
    const listed = usdPriceOf(asset, prices).priceUsd;
    const price = listed !== null ? new Big(listed) : impliedPriceUsd;
    if (price === null) return;
    position.cost = position.cost.plus(position.pending.times(price).round(COST_DP, Big.roundHalfUp));
    position.pending = ZERO;
  }

  private position(asset: string): Position {
    let position = this.positions.get(asset);
    if (!position) {
      position = { quantity: ZERO, cost: ZERO, realized: ZERO, pending: ZERO };
      this.positions.set(asset, position);
    }
    return position;
  }
}
