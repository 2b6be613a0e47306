/**
 * Writes that must not drop a clashing row: an identical repeat is a no-op, a different row under
 * the same identity throws JournalConflict (and the caller's transaction rolls back).
 */
import type { Kysely } from 'kysely';
import type { Fill } from '../model/fill.js';
import type { Order } from '../model/order.js';
import { JournalConflict } from '../ports/journal-conflict.js';
import type { TradingMode } from '../ports/store.js';
import { decimalOut, fillRow } from './rows.js';
import type { JournalDatabase } from './schema.js';

type Db = Kysely<JournalDatabase>;

const FILL_BATCH = 500;
/** What makes a fill that trade: the venue's reports of one trade may differ in time, maker flag or quote rounding, never in these. */
const FILL_IDENTITY = ['order_id', 'client_order_id', 'side', 'price', 'qty', 'commission'] as const;
const DECIMAL_FIELDS = new Set<string>(['price', 'qty', 'commission']);

/** Inserts the fills not journaled yet; a fill under a journaled (mode, symbol, trade id) must be the same trade. */
export async function insertFills(tx: Db, mode: TradingMode, fills: Fill[]): Promise<void> {
  for (let i = 0; i < fills.length; i += FILL_BATCH) {
    const rows = fills.slice(i, i + FILL_BATCH).map((fill) => fillRow(mode, fill));
    const inserted = await tx
      .insertInto('trade_logs')
      .values(rows)
      .onConflict((oc) => oc.columns(['mode', 'trade_id', 'symbol']).doNothing())
      .returning('id')
      .execute();
    if (inserted.length < rows.length) await checkRepeats(tx, mode, rows, inserted.length);
  }
}

async function checkRepeats(
  tx: Db,
  mode: TradingMode,
  rows: ReturnType<typeof fillRow>[],
  insertedCount: number,
): Promise<void> {
  // Which rows were skipped is not returned; every row of the batch is compared with what is stored now.
  const stored = await tx
    .selectFrom('trade_logs')
    .selectAll()
    .where('mode', '=', mode)
    .where('trade_id', 'in', [...new Set(rows.map((r) => r.trade_id))])
    .execute();
  const byKey = new Map(stored.map((s) => [`${s.symbol}\u0000${s.trade_id}`, s]));
  let matched = 0;
  for (const row of rows) {
    const journaled = byKey.get(`${row.symbol}\u0000${row.trade_id}`);
    if (!journaled) continue;
    matched += 1;
    const differing = FILL_IDENTITY.filter((field) => {
      const a = DECIMAL_FIELDS.has(field) ? decimalOut(journaled[field]) : String(journaled[field]);
      return a !== String(row[field]);
    });
    if (differing.length > 0) {
      throw new JournalConflict(
        'trade_logs',
        `${mode} fill ${row.trade_id} on ${row.symbol}`,
        pick(journaled),
        pick(row),
        differing,
      );
    }
  }
  if (matched < rows.length)
    throw new Error(`journal: ${rows.length - insertedCount} fills were neither inserted nor found`);
}

function pick(row: Record<(typeof FILL_IDENTITY)[number] | 'trade_id' | 'symbol', unknown>): Record<string, string> {
  const out: Record<string, string> = { tradeId: String(row.trade_id), symbol: String(row.symbol) };
  for (const field of FILL_IDENTITY)
    out[field] = DECIMAL_FIELDS.has(field) ? decimalOut(row[field]) : String(row[field]);
  return out;
}

/** The journaled row of an order the venue reports on, as far as its identity goes. */
export interface JournaledIdentity {
  order_id: string | null;
  symbol: string;
  side: string;
  type: string;
}

/**
 * The venue's order must be the journaled one: same symbol, side and type, and the same venue id
 * once it has one. The first time an order gets a venue id, no other order of the account may hold it.
 */
export async function checkOrderIdentity(
  tx: Db,
  mode: TradingMode,
  order: Order,
  journaled: JournaledIdentity | undefined,
): Promise<void> {
  const identity = `${mode} order ${order.clientOrderId}`;
  if (journaled) {
    const differing = (['symbol', 'side', 'type'] as const).filter((field) => journaled[field] !== order[field]);
    if (journaled.order_id !== null && journaled.order_id !== order.orderId) differing.unshift('order_id' as never);
    if (differing.length > 0) {
      throw new JournalConflict(
        'orders',
        identity,
        { ...journaled },
        { order_id: order.orderId, symbol: order.symbol, side: order.side, type: order.type },
        differing,
      );
    }
    if (journaled.order_id !== null) return;
  }
  const holder = await tx
    .selectFrom('orders')
    .select(['client_order_id', 'order_id', 'symbol', 'side', 'type'])
    .where('mode', '=', mode)
    .where('order_id', '=', order.orderId)
    .where('symbol', '=', order.symbol)
    .where('client_order_id', '!=', order.clientOrderId)
    .executeTakeFirst();
  if (holder) {
    throw new JournalConflict(
      'orders',
      `${mode} order id ${order.orderId} on ${order.symbol}`,
      holder,
      { client_order_id: order.clientOrderId, order_id: order.orderId },
      ['client_order_id'],
    );
  }
}
