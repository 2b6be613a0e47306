import type { CallToolResult } from '@modelcontextprotocol/server';
import type { OrderListOutcome, OrderListView } from '../../app/api.js';
import type { OrderRecord } from '../../ports/store.js';
import type { OrderListRecord } from '../../ports/order-list-journal.js';
import { invalid, ok } from '../results.js';

/** A leg in one line: what it is and where it stands. */
function leg(o: OrderRecord): string {
  const price = o.stopPrice ? `stop ${o.stopPrice} limit ${o.price ?? ''}` : (o.price ?? 'market');
  return `${o.type} ${o.side} ${o.origQty} @ ${price} ${o.status} (filled ${o.executedQty}, order ${o.orderId ?? '-'})`;
}

/** A list and its orders, compactly, for the model. */
export function compactList(list: OrderListRecord, orders: OrderRecord[]) {
  return {
    id: list.listClientOrderId,
    orderListId: list.orderListId,
    kind: list.kind,
    symbol: list.symbol,
    status: list.status,
    exit: `${list.side} ${list.quantity} tp ${list.price} stop ${list.stopPrice ?? ''}${list.trailingDelta !== undefined ? ` trail ${list.trailingDelta}bps` : ''}`,
    ...(list.reason ? { reason: list.reason } : {}),
    orders: orders.map(leg),
  };
}

export function compactViews(views: OrderListView[]) {
  return views.map((v) => compactList(v.list, v.orders));
}

/** One line saying what happened to an OCO or a bracket. */
export function describeListOutcome(kind: string, outcome: OrderListOutcome): string {
  const mode = outcome.mode.toUpperCase();
  const again = outcome.duplicate ? ' (repeated action_id: the first outcome, nothing new was placed)' : '';
  switch (outcome.status) {
    case 'placed':
      return `${mode}: ${kind} ${outcome.list?.listClientOrderId ?? ''} ${outcome.list?.status ?? ''}${again}`;
    case 'denied':
      return `${mode}: ${kind} denied by the risk limits: ${outcome.denial?.code} ${outcome.denial?.message ?? ''}${again}`;
    case 'rejected':
      return `${mode}: ${kind} rejected: ${outcome.rejection?.msg ?? outcome.reason ?? ''} (code ${outcome.rejection?.code ?? '-'})${again}`;
    case 'unknown':
      return `${mode}: ${kind} outcome unknown (the venue's answer was lost); check get_orders and retry only with the same action_id${again}`;
    case 'invalid':
      return `${mode}: invalid ${outcome.error?.field}: ${outcome.error?.message}`;
    case 'expired':
      return `${mode}: ${kind} expired, not sent: ${outcome.reason ?? 'nothing was executed'}${again}`;
  }
}

/** The tool result of placing an OCO or a bracket: an invalid input as an error, anything else compact. */
export function listPlacementResult(kind: string, outcome: OrderListOutcome): CallToolResult {
  if (outcome.status === 'invalid' && outcome.error)
    return invalid(outcome.mode, outcome.error.field, outcome.error.message);
  return ok(outcome.mode, {
    status: outcome.status,
    duplicate: outcome.duplicate,
    ...(outcome.list ? { list: compactList(outcome.list, outcome.orders) } : {}),
    ...(outcome.denial ? { denial: outcome.denial } : {}),
    ...(outcome.rejection ? { rejection: outcome.rejection } : {}),
    adjustments: outcome.adjustments,
    summary: describeListOutcome(kind, outcome),
  });
}
