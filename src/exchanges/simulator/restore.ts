import type { Order } from '../../model/order.js';
import { toAtto, toUnits } from './fixed-point.js';
import type { SymbolScale } from './symbol-scale.js';
import { StopKind, stopKindOf, WorkingOrder } from './working-order.js';

/** An open order as stored, back into the engine; the funds it holds are re-derived from its remaining quantity. */
export function restoreWorkingOrder(stored: Order, scale: SymbolScale, seq: number): WorkingOrder {
  if (stored.price === undefined)
    throw new Error(`cannot restore order ${stored.orderId}: an open order needs a price`);
  // The trail is the engine's to report from here on (trailing.ts), not a frozen copy in the view.
  const { trailingTime: _since, trailingExtreme: _extreme, ...order }: Order = { ...stored };
  const limit = toUnits(stored.price, scale.priceDecimals);
  const origQty = toUnits(stored.origQty, scale.qtyDecimals);
  const executed = toUnits(stored.executedQty, scale.qtyDecimals);
  const stopKind = stopKindOf(order.type);
  const stop =
    stopKind !== StopKind.None && stored.stopPrice !== undefined ? toUnits(stored.stopPrice, scale.priceDecimals) : 0;
  if (stopKind !== StopKind.None && order.triggered === undefined) order.triggered = false;
  const wo = new WorkingOrder(
    {
      orderId: order.orderId,
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      timeInForce: order.timeInForce,
      price: order.price,
      stopPrice: order.stopPrice,
      origQty: order.origQty,
      origQuoteOrderQty: order.origQuoteOrderQty,
      createdAt: order.createdAt,
      trailingDelta: order.trailingDelta,
      orderListId: order.orderListId,
    },
    scale,
    seq,
    limit,
    stop,
    stopKind,
    origQty - executed,
    order,
  );
  // An open order holds limit × remaining of quote (BUY) or its remaining base (SELL), whatever its type.
  wo.holdsLock = true;
  wo.restoreQuote(toAtto(stored.cummulativeQuoteQty), executed);
  return wo;
}
