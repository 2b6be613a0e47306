import type { OrderRequest } from '../model/order.js';
import type { TradingMode } from '../model/trading-mode.js';
import type { OrderRecord } from '../ports/order-journal.js';

/** The intent journaled (PENDING) before an order goes to the venue, on every road that sends one. */
export function intentRecord(mode: TradingMode, request: OrderRequest, now: number, origin: string): OrderRecord {
  return {
    mode,
    orderId: null,
    clientOrderId: request.clientOrderId,
    symbol: request.symbol,
    side: request.side,
    type: request.type,
    ...(request.timeInForce ? { timeInForce: request.timeInForce } : {}),
    ...(request.price ? { price: request.price } : {}),
    ...(request.stopPrice ? { stopPrice: request.stopPrice } : {}),
    ...(request.trailingDelta !== undefined ? { trailingDelta: request.trailingDelta } : {}),
    origQty: request.quantity ?? '0',
    ...(request.quoteOrderQty ? { origQuoteOrderQty: request.quoteOrderQty } : {}),
    executedQty: '0',
    cummulativeQuoteQty: '0',
    status: 'PENDING',
    createdAt: now,
    updatedAt: now,
    origin,
  };
}
