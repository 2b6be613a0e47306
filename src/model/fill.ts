import type { Decimal } from './money.js';
import type { Side } from './order.js';

/** One execution of (part of) an order. Commission is charged in the asset received, as Binance does. */
export interface Fill {
  tradeId: string;
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  price: Decimal;
  qty: Decimal;
  quoteQty: Decimal;
  commission: Decimal;
  commissionAsset: string;
  isMaker: boolean;
  time: number;
}
