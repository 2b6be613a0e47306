import { FIAT_USD, STABLECOINS } from '../model/market.js';
import { Big, str, type Decimal } from '../model/money.js';
import type { Side } from '../model/order.js';

/**
 * Exposure is what the account holds in assets other than USD and the stablecoins: those are cash
 * (valued 1:1 or at their USD market), never a position, so the position limits and the total cap
 * count every other asset. An order adds to the asset it receives: its base for a BUY, its quote for
 * a SELL (so selling ETH for BTC on ETHBTC adds BTC), and gives up the other.
 */
export function isCash(asset: string): boolean {
  return asset === FIAT_USD || STABLECOINS.includes(asset);
}

/**
 * Whether an order can only shrink exposure: a SELL of at most the base quantity held, into USD or
 * a stablecoin. Selling one volatile asset for another (ETHBTC) swaps exposure rather than reducing
 * it, and a BUY always adds, so neither counts as reducing.
 */
export function reducesExposure(order: {
  side: Side;
  quoteAsset: string;
  quantity: Decimal;
  heldBaseQuantity: Decimal;
}): boolean {
  if (order.side !== 'SELL') return false;
  if (!isCash(order.quoteAsset)) return false;
  const qty = new Big(order.quantity);
  return qty.gt(0) && qty.lte(order.heldBaseQuantity);
}

/** What an order (or the unfilled part of one) moves when it fills: `inQty` of `inAsset` received, `outQty` of `outAsset` given. */
export interface Flow {
  inAsset: string;
  inQty: Decimal;
  outAsset: string;
  outQty: Decimal;
}

/** The flow of `quantity` base at `price` quote per base (quoteQuantity when the quote amount is known instead). */
export function flowOf(order: {
  side: Side;
  baseAsset: string;
  quoteAsset: string;
  quantity: Decimal;
  quoteQuantity: Decimal;
}): Flow {
  return order.side === 'BUY'
    ? { inAsset: order.baseAsset, inQty: order.quantity, outAsset: order.quoteAsset, outQty: order.quoteQuantity }
    : { inAsset: order.quoteAsset, inQty: order.quoteQuantity, outAsset: order.baseAsset, outQty: order.quantity };
}

/** The flow of the unfilled part of an open order, at its limit price (or `fallbackPrice` when it has none). */
export function openOrderFlow(
  order: { side: Side; origQty: Decimal; executedQty: Decimal; price?: Decimal | undefined },
  market: { baseAsset: string; quoteAsset: string },
  fallbackPrice = '0',
): Flow {
  const remaining = new Big(order.origQty).minus(order.executedQty);
  const quantity = remaining.gt(0) ? remaining : new Big(0);
  return flowOf({
    side: order.side,
    ...market,
    quantity: str(quantity),
    quoteQuantity: str(quantity.times(order.price ?? fallbackPrice)),
  });
}

/** Whether filling it can make any position grow: it receives something other than cash. */
export function addsExposure(flow: Flow): boolean {
  return !isCash(flow.inAsset);
}

/** The account as exposure is measured from it. */
export interface ExposureView {
  /** Each asset's total (free + locked). */
  holdings: ReadonlyMap<string, Decimal>;
  /** The unfilled parts of the open orders. */
  open: readonly Flow[];
  /** USD per unit, null when the asset has no route to USD. */
  priceUsd(asset: string): Decimal | null;
}

export interface ExposureAfter {
  /** The non-cash asset the order adds to and what that position would be worth (null: no USD price); null when it receives cash. */
  addsTo: { asset: string; valueAfterUsd: Decimal | null } | null;
  totalBeforeUsd: Decimal;
  /** Null when the order receives a non-cash asset that has no USD price. */
  totalAfterUsd: Decimal | null;
}

/**
 * Worst case at current prices, open orders counted as filling whenever that is worse:
 * - an asset's position is what is held plus what every open order would still bring in of it
 *   (what orders would take out of it may never happen, so it is not subtracted);
 * - the total is the value of every non-cash holding plus, for each open order, what it would bring
 *   in minus the non-cash value it would give up, when that is positive (a swap at a fair price
 *   adds about nothing; a BUY with USD adds all of it). Assets with no USD price count as 0 in holdings.
 */
export function exposureAfter(view: ExposureView, order: Flow): ExposureAfter {
  let total = new Big(0);
  for (const [asset, quantity] of view.holdings) {
    if (isCash(asset)) continue;
    const price = view.priceUsd(asset);
    if (price !== null) total = total.plus(new Big(quantity).times(price));
  }
  for (const flow of view.open) total = total.plus(worsening(flow, view));
  const totalBeforeUsd = str(total);
  if (!addsExposure(order))
    return { addsTo: null, totalBeforeUsd, totalAfterUsd: str(total.plus(worsening(order, view))) };

  const asset = order.inAsset;
  const price = view.priceUsd(asset);
  if (price === null) return { addsTo: { asset, valueAfterUsd: null }, totalBeforeUsd, totalAfterUsd: null };
  let quantity = new Big(view.holdings.get(asset) ?? '0').plus(order.inQty);
  for (const flow of view.open) if (flow.inAsset === asset) quantity = quantity.plus(flow.inQty);
  return {
    addsTo: { asset, valueAfterUsd: str(quantity.times(price)) },
    totalBeforeUsd,
    totalAfterUsd: str(total.plus(worsening(order, view))),
  };
}

/** How much a fill of `flow` can raise the total: non-cash value in minus non-cash value out, never below 0. */
function worsening(flow: Flow, view: ExposureView): Big {
  const value = (asset: string, quantity: Decimal) => {
    if (isCash(asset)) return new Big(0);
    const price = view.priceUsd(asset);
    return price === null ? new Big(0) : new Big(quantity).times(price);
  };
  const delta = value(flow.inAsset, flow.inQty).minus(value(flow.outAsset, flow.outQty));
  return delta.gt(0) ? delta : new Big(0);
}
