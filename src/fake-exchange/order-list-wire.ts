/** Model -> Binance wire shapes of order lists (rest-api.md "New OCO", "Cancel OCO", "Query OCO"; user-data-stream.md "ListStatus"). */
import type { CancelOcoRaw, ListStatusEventRaw, NewOcoRaw, OrderListRaw } from '../exchanges/binance-us/raw-types.js';
import type { Order } from '../model/order.js';
import type { OrderList } from '../model/order-list.js';
import { wireClientOrderId } from './order-registry.js';
import { cancelOrderRaw, newOrderRaw, type NewOrderRespType } from './wire-format.js';
import type { WireIds } from './wire-ids.js';

/** Binance lists the legs by order id: the stop leg, issued first, comes first. */
function legsByWireId(list: OrderList, ids: WireIds): Order[] {
  return [...list.orders].sort((a, b) => ids.wire(a.orderId) - ids.wire(b.orderId));
}

export function orderListRaw(list: OrderList, ids: WireIds): OrderListRaw {
  return {
    orderListId: ids.wire(list.orderListId),
    contingencyType: list.contingencyType,
    listStatusType: list.listStatusType,
    listOrderStatus: list.listOrderStatus,
    listClientOrderId: wireClientOrderId(list.listClientOrderId),
    transactionTime: list.updatedAt,
    symbol: list.symbol,
    orders: legsByWireId(list, ids).map((o) => ({
      symbol: o.symbol,
      orderId: ids.wire(o.orderId),
      clientOrderId: wireClientOrderId(o.clientOrderId),
    })),
  };
}

export function newOcoRaw(list: OrderList, respType: NewOrderRespType, ids: WireIds): NewOcoRaw {
  // Neither leg trades at placement, so FULL has no fills to add: RESULT-shaped reports.
  const reportType = respType === 'ACK' ? 'ACK' : 'RESULT';
  return {
    ...orderListRaw(list, ids),
    orderReports: legsByWireId(list, ids).map((o) => newOrderRaw(o, [], reportType, list.createdAt, ids)),
  };
}

export function cancelOcoRaw(list: OrderList, cancelClientOrderId: string, ids: WireIds): CancelOcoRaw {
  return {
    ...orderListRaw(list, ids),
    orderReports: legsByWireId(list, ids).map((o) => cancelOrderRaw(o, cancelClientOrderId, list.updatedAt, ids)),
  };
}

export function listStatusEventRaw(list: OrderList, eventTime: number, ids: WireIds): ListStatusEventRaw {
  return {
    e: 'listStatus',
    E: eventTime,
    s: list.symbol,
    g: ids.wire(list.orderListId),
    c: list.contingencyType,
    l: list.listStatusType,
    L: list.listOrderStatus,
    r: 'NONE',
    C: wireClientOrderId(list.listClientOrderId),
    T: list.updatedAt,
    O: legsByWireId(list, ids).map((o) => ({
      s: o.symbol,
      i: ids.wire(o.orderId),
      c: wireClientOrderId(o.clientOrderId),
    })),
  };
}
