import { FIAT_USD, STABLECOINS } from '../model/market.js';
import { Big, str, type Decimal } from '../model/money.js';
import type { Side } from '../model/order.js';

/**
 * Whether an order can only shrink exposure: a SELL of at most the base quantity held, into USD or
 * a stablecoin. Selling one volatile asset for another (ETHBTC) swaps exposure rather than reducing
 * it, and a BUY always adds, so neither counts as reducing.
 */
export function reducesExposure(order: { side: Side; quoteAsset: string; quantity: Decimal; heldBaseQuantity: Decimal }): boolean {
  if (order.side !== 'SELL') return false;
  if (order.quoteAsset !== FIAT_USD && !STABLECOINS.includes(order.quoteAsset)) return false;
  const qty = new Big(order.quantity);
  return qty.gt(0) && qty.lte(order.heldBaseQuantity);
}

/** USD value of the base-asset position after the order fully fills (never below zero). */
export function positionValueAfterUsd(order: { side: Side; quantity: Decimal; heldBaseQuantity: Decimal; basePriceUsd: Decimal }): Decimal {
  const held = new Big(order.heldBaseQuantity);
  const after = order.side === 'BUY' ? held.plus(order.quantity) : held.minus(order.quantity);
  return after.gt(0) ? str(after.times(order.basePriceUsd)) : '0';
}
