import type { Kysely, Selectable } from 'kysely';
import type { Side, TimeInForce } from '../model/order.js';
import {
  isOpenListStatus,
  OPEN_LIST_STATUSES,
  type OrderListChange,
  type OrderListKind,
  type OrderListQuery,
  type OrderListRecord,
  type OrderListStatus,
} from '../ports/order-list-journal.js';
import { DuplicateClientOrderId, type TradingMode } from '../ports/store.js';
import { canonical, decimalOut, msOut } from './rows.js';
import type { JournalDatabase, OrderListsTable } from './schema.js';

type Db = Kysely<JournalDatabase>;

/** Journal-only states: they always give way to what the venue (or the service) says next. */
const PROVISIONAL: readonly OrderListStatus[] = ['PENDING', 'UNKNOWN'];

export async function insertList(tx: Db, list: OrderListRecord): Promise<void> {
  const inserted = await tx
    .insertInto('order_lists')
    .values({
      mode: list.mode,
      list_client_order_id: list.listClientOrderId,
      order_list_id: list.orderListId,
      kind: list.kind,
      symbol: list.symbol,
      side: list.side,
      quantity: canonical(list.quantity, 'quantity'),
      status: list.status,
      price: canonical(list.price, 'price'),
      stop_price: list.stopPrice !== undefined ? canonical(list.stopPrice, 'stopPrice') : null,
      stop_limit_price: canonical(list.stopLimitPrice, 'stopLimitPrice'),
      stop_limit_time_in_force: list.stopLimitTimeInForce ?? null,
      trailing_delta: list.trailingDelta ?? null,
      limit_client_order_id: list.limitClientOrderId ?? null,
      stop_client_order_id: list.stopClientOrderId ?? null,
      entry_client_order_id: list.entryClientOrderId ?? null,
      parent_list_client_order_id: list.parentListClientOrderId ?? null,
      reason: list.reason ?? null,
      origin: list.origin,
      created_at: list.createdAt,
      updated_at: list.updatedAt,
    })
    .onConflict((oc) => oc.columns(['mode', 'list_client_order_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw new DuplicateClientOrderId(list.listClientOrderId);
}

export async function changeList(
  tx: Db,
  mode: TradingMode,
  listClientOrderId: string,
  change: OrderListChange,
): Promise<boolean> {
  const row = await tx
    .selectFrom('order_lists')
    .select(['id', 'status'])
    .where('mode', '=', mode)
    .where('list_client_order_id', '=', listClientOrderId)
    .executeTakeFirst();
  if (!row) throw new Error(`no journaled ${mode} order list with list client order id ${listClientOrderId}`);
  const current = row.status as OrderListStatus;
  const ended = !isOpenListStatus(current);
  if (ended && isOpenListStatus(change.status)) return false;
  if (ended && current === change.status && change.reason === undefined && change.orderListId === undefined)
    return false;
  if (!PROVISIONAL.includes(current) && PROVISIONAL.includes(change.status) && change.status !== current) return false;
  await tx
    .updateTable('order_lists')
    .set({
      status: change.status,
      updated_at: change.time,
      ...(change.orderListId !== undefined ? { order_list_id: change.orderListId } : {}),
      ...(change.reason !== undefined ? { reason: change.reason } : {}),
    })
    .where('id', '=', row.id)
    .execute();
  return true;
}

export async function findList(
  db: Db,
  mode: TradingMode,
  by: { listClientOrderId: string } | { orderListId: string },
): Promise<OrderListRecord | undefined> {
  const row = await db
    .selectFrom('order_lists')
    .selectAll()
    .where('mode', '=', mode)
    .$if('listClientOrderId' in by, (q) =>
      q.where('list_client_order_id', '=', (by as { listClientOrderId: string }).listClientOrderId),
    )
    .$if('orderListId' in by, (q) => q.where('order_list_id', '=', (by as { orderListId: string }).orderListId))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && listFromRow(row);
}

export async function listLists(db: Db, query: OrderListQuery): Promise<OrderListRecord[]> {
  const limit = query.limit === undefined || !Number.isFinite(query.limit) ? 100 : Math.max(0, Math.floor(query.limit));
  const rows = await db
    .selectFrom('order_lists')
    .selectAll()
    .where('mode', '=', query.mode)
    .$if(query.symbol !== undefined, (q) => q.where('symbol', '=', query.symbol!))
    .$if(query.kind !== undefined, (q) => q.where('kind', '=', query.kind!))
    .$if(query.openOnly === true, (q) => q.where('status', 'in', [...OPEN_LIST_STATUSES]))
    .$if(query.entryClientOrderId !== undefined, (q) =>
      q.where('entry_client_order_id', '=', query.entryClientOrderId!),
    )
    .$if(query.parentListClientOrderId !== undefined, (q) =>
      q.where('parent_list_client_order_id', '=', query.parentListClientOrderId!),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(listFromRow);
}

function listFromRow(row: Selectable<OrderListsTable>): OrderListRecord {
  return {
    mode: row.mode as TradingMode,
    listClientOrderId: row.list_client_order_id,
    orderListId: row.order_list_id,
    kind: row.kind as OrderListKind,
    symbol: row.symbol,
    side: row.side as Side,
    quantity: decimalOut(row.quantity),
    status: row.status as OrderListStatus,
    price: decimalOut(row.price),
    ...(row.stop_price !== null ? { stopPrice: decimalOut(row.stop_price) } : {}),
    stopLimitPrice: decimalOut(row.stop_limit_price),
    ...(row.stop_limit_time_in_force !== null
      ? { stopLimitTimeInForce: row.stop_limit_time_in_force as TimeInForce }
      : {}),
    ...(row.trailing_delta !== null ? { trailingDelta: Number(row.trailing_delta) } : {}),
    ...(row.limit_client_order_id !== null ? { limitClientOrderId: row.limit_client_order_id } : {}),
    ...(row.stop_client_order_id !== null ? { stopClientOrderId: row.stop_client_order_id } : {}),
    ...(row.entry_client_order_id !== null ? { entryClientOrderId: row.entry_client_order_id } : {}),
    ...(row.parent_list_client_order_id !== null ? { parentListClientOrderId: row.parent_list_client_order_id } : {}),
    ...(row.reason !== null ? { reason: row.reason } : {}),
    origin: row.origin,
    createdAt: msOut(row.created_at),
    updatedAt: msOut(row.updated_at),
  };
}
