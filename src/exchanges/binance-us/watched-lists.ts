/**
 * The order lists whose legs the order watch reports: each leg update carries its list as now
 * known. Binance sends a `listStatus` event beside the legs' executionReports, in no promised
 * order, and polling sees no list at all, so the list's status also follows from its legs: an
 * OCO is over once a leg is done, the limit leg executed or the stop triggered (rest-api.md "New OCO").
 */
import { isZero } from '../../model/money.js';
import { isOpenStatus, type Order } from '../../model/order.js';
import type { OrderList } from '../../model/order-list.js';
import type { ListStatusReport } from './parse.js';

const KEPT = 1000;

function over(list: OrderList): boolean {
  if (list.orders.length < 2) return false;
  return list.orders.some(
    (o) => !isOpenStatus(o.status) || (o.type === 'LIMIT_MAKER' ? !isZero(o.executedQty) : o.triggered === true),
  );
}

/** An OCO as its legs show it, when the list itself cannot be read (its query lags): over once a leg is done. */
export function listOfLegs(listClientOrderId: string, legs: Order[]): OrderList {
  const orders = [...legs].sort((a, b) => (a.type === 'LIMIT_MAKER' ? -1 : b.type === 'LIMIT_MAKER' ? 1 : 0));
  const first = orders[0];
  if (!first) throw new Error(`order list ${listClientOrderId}: no leg to read it from`);
  const list: OrderList = {
    orderListId: first.orderListId ?? '',
    listClientOrderId,
    symbol: first.symbol,
    contingencyType: 'OCO',
    listStatusType: 'EXEC_STARTED',
    listOrderStatus: 'EXECUTING',
    orders,
    createdAt: Math.min(...orders.map((o) => o.createdAt)),
    updatedAt: Math.max(...orders.map((o) => o.updatedAt)),
  };
  return over(list) ? { ...list, listStatusType: 'ALL_DONE', listOrderStatus: 'ALL_DONE' } : list;
}

export class WatchedLists {
  private readonly lists = new Map<string, OrderList>();

  track(list: OrderList): void {
    this.lists.set(list.orderListId, list);
    if (this.lists.size > KEPT) this.lists.delete(this.lists.keys().next().value as string);
  }

  /** A leg changed: its list with the leg as it is now, or undefined when the order is no watched list's leg. */
  withLeg(order: Order): OrderList | undefined {
    if (order.orderListId === undefined) return undefined;
    const known = this.lists.get(order.orderListId);
    if (!known) return undefined;
    const orders = known.orders.some((o) => o.orderId === order.orderId)
      ? known.orders.map((o) => (o.orderId === order.orderId ? order : o))
      : [...known.orders, order];
    orders.sort((a, b) => (a.type === 'LIMIT_MAKER' ? -1 : b.type === 'LIMIT_MAKER' ? 1 : 0));
    let list: OrderList = { ...known, orders, updatedAt: Math.max(known.updatedAt, order.updatedAt) };
    if (list.listOrderStatus === 'EXECUTING' && over(list))
      list = { ...list, listStatusType: 'ALL_DONE', listOrderStatus: 'ALL_DONE' };
    this.track(list);
    return list;
  }

  /** A `listStatus` event: the list's own status, kept for the legs' next updates. */
  onStatus(report: ListStatusReport): void {
    const known = this.lists.get(report.orderListId);
    if (!known) {
      this.track({
        orderListId: report.orderListId,
        listClientOrderId: report.listClientOrderId,
        symbol: report.symbol,
        contingencyType: 'OCO',
        listStatusType: report.listStatusType,
        listOrderStatus: report.listOrderStatus,
        orders: [],
        createdAt: report.time,
        updatedAt: report.time,
      });
      return;
    }
    if (known.listOrderStatus !== 'EXECUTING') return;
    this.track({
      ...known,
      listStatusType: report.listStatusType,
      listOrderStatus: report.listOrderStatus,
      updatedAt: Math.max(known.updatedAt, report.time),
    });
  }
}
