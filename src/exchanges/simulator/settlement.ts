import type { Fill } from '../../model/fill.js';
import type { Account } from './account.js';
import { ATTO, fromAtto, fromUnits } from './fixed-point.js';
import type { WorkingOrder } from './working-order.js';

export interface FillStamp {
  tradeId: string;
  time: number;
  /** The price as canonical text (the book level's or the order's). */
  priceText: string;
}

/**
 * One execution of `qty` at `price` (engine units): moves the money, releasing the order's lock
 * at its limit price and paying the actual price, and charges the commission in the asset
 * received (BUY → base, SELL → quote), as Binance does. Updates the order's integers.
 */
export function settleFill(account: Account, wo: WorkingOrder, price: number, qty: number, maker: boolean, stamp: FillStamp): Fill {
  const s = wo.scale;
  const q = BigInt(qty);
  // price × qty in engine units; a double is exact while the product stays a safe integer.
  const product = price * qty;
  const notional = product <= Number.MAX_SAFE_INTEGER ? BigInt(product) : BigInt(price) * q;
  const quote = notional * s.notionalAtto;
  const base = q * s.qtyAtto;
  const rate = maker ? s.makerRate : s.takerRate;
  // MARKET orders (limit 0) hold no lock; every other order locked its funds when placed.
  const holdsLock = wo.limit > 0;
  const quoteHolding = account.holding(s.quoteAsset);
  const baseHolding = account.holding(s.baseAsset);
  let commission: bigint;
  if (wo.buy) {
    const release = holdsLock ? BigInt(wo.limit) * q * s.notionalAtto : 0n;
    quoteHolding.locked -= release;
    quoteHolding.free += release - quote;
    wo.lockedAtto -= release;
    commission = (base * rate) / ATTO;
    baseHolding.free += base - commission;
  } else {
    const release = holdsLock ? base : 0n;
    baseHolding.locked -= release;
    baseHolding.free += release - base;
    wo.lockedAtto -= release;
    commission = (quote * rate) / ATTO;
    quoteHolding.free += quote - commission;
  }
  wo.remaining -= qty;
  wo.executed += qty;
  wo.quoteAtto += quote;
  const o = wo.order;
  return {
    tradeId: stamp.tradeId,
    orderId: o.orderId,
    clientOrderId: o.clientOrderId,
    symbol: o.symbol,
    side: o.side,
    price: stamp.priceText,
    qty: fromUnits(qty, s.qtyDecimals),
    quoteQty: fromUnits(notional, s.priceDecimals + s.qtyDecimals),
    commission: fromAtto(commission),
    commissionAsset: wo.buy ? s.baseAsset : s.quoteAsset,
    isMaker: maker,
    time: stamp.time,
  };
}
