import { Mutex } from 'async-mutex';
import { Migrator, sql, type Kysely } from 'kysely';
import type { Balance } from '../model/balance.js';
import { cmp } from '../model/money.js';
import type { Order, OrderTrail } from '../model/order.js';
import {
  DuplicateClientOrderId,
  type AuditEntry,
  type ContextSnapshot,
  type DailyPnl,
  type Decision,
  type Execution,
  type JournalFillQuery,
  type FillRecord,
  type OrderQuery,
  type OrderRecord,
  type RiskEvent,
  type Store,
  type TradingMode,
} from '../ports/store.js';
import type { IdSequence } from '../ports/id-sequence.js';
import { JournalConflict } from '../ports/journal-conflict.js';
import type { LimitsInForce, LimitsJournal } from '../ports/limits-in-force.js';
import type { SnapshotRetention } from '../ports/snapshot-retention.js';
import type {
  OrderListChange,
  OrderListJournal,
  OrderListQuery,
  OrderListRecord,
} from '../ports/order-list-journal.js';
import { changeList, findList, insertList, listLists } from './order-list-journal.js';
import { checkOrderIdentity, insertFills } from './conflicts.js';
import type { Lease, LeaseHolder, LeaseStore } from '../ports/lease-store.js';
import { checkFence, readLease, releaseLease, renewLease, takeLease, type WriteFence } from './leases.js';
import { journalMigrations, type StoreDialect } from './migrations.js';
import {
  auditFromRow,
  balanceFromRow,
  canonical,
  balanceRow,
  dailyPnlFromRow,
  dailyPnlRow,
  decimalOut,
  decisionFromRow,
  fillFromRow,
  limitsInForceFromRow,
  jsonIn,
  orderColumns,
  orderFromRow,
  riskEventFromRow,
} from './rows.js';
import type { JournalDatabase } from './schema.js';

type Db = Kysely<JournalDatabase>;

/** Statuses under which an order may still be working on the venue. */
const MAYBE_OPEN = ['NEW', 'PARTIALLY_FILLED', 'PENDING', 'UNKNOWN'];
const VENUE_OPEN = ['NEW', 'PARTIALLY_FILLED'];

/**
 * The journal on Kysely, one implementation for SQLite and PostgreSQL.
 * Writes from this process are serialised by one mutex and each runs in one transaction
 * (SQLite: BEGIN IMMEDIATE, so a second process waits for the lock instead of failing mid-way).
 */
export class KyselyStore implements Store, IdSequence, LimitsJournal, SnapshotRetention, LeaseStore, OrderListJournal {
  private readonly writer = new Mutex();

  /** `database` is exposed for inspection in tests and tools; write through the methods. A fenced store (fencedTo) shares it. */
  constructor(
    readonly dialect: StoreDialect,
    readonly database: Db,
    private readonly fence?: WriteFence,
  ) {}

  async migrate(): Promise<void> {
    await this.writer.runExclusive(async () => {
      // Each migration stands alone, so a journal that already ran a later-numbered one still takes an earlier one added since.
      const migrator = new Migrator({
        db: this.database,
        provider: journalMigrations(this.dialect),
        allowUnorderedMigrations: true,
      });
      // Several processes may open a new journal at once; on SQLite nothing locks the migrations
      // across processes, so the loser of a race runs them again (every statement is IF NOT EXISTS).
      for (let attempt = 1; ; attempt++) {
        const { error } = await migrator.migrateToLatest();
        if (!error) return;
        if (this.dialect !== 'sqlite' || attempt === 5)
          throw error instanceof Error ? error : new Error(`journal migration failed: ${String(error)}`);
      }
    });
  }

  async recordIntent(intent: OrderRecord): Promise<void> {
    await this.write(async (tx) => {
      const inserted = await tx
        .insertInto('orders')
        .values({
          mode: intent.mode,
          client_order_id: intent.clientOrderId,
          ...orderColumns(intent),
          reason: intent.reason ?? null,
          origin: intent.origin,
          created_at: intent.createdAt,
        })
        .onConflict((oc) => oc.columns(['mode', 'client_order_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) throw new DuplicateClientOrderId(intent.clientOrderId);
    });
  }

  async recordExecution({ mode, order, fills, balances, origin }: Execution): Promise<void> {
    await this.write(async (tx) => {
      await this.upsertOrder(tx, mode, order, origin ?? 'venue');
      await insertFills(tx, mode, fills);
      if (balances) await replaceBalances(tx, mode, balances, order.updatedAt);
    }).catch(async (error: unknown) => {
      // Rolled back; the clash and the whole report are kept in the audit log so nothing is lost.
      if (error instanceof JournalConflict) {
        const detail = {
          table: error.table,
          identity: error.identity,
          fields: error.fields,
          journaled: error.journaled,
          reported: error.reported,
          order,
          fills,
        };
        await this.audit({ mode, time: order.updatedAt, actor: 'system', action: 'journal_conflict', detail }).catch(
          () => undefined,
        );
      }
      throw error;
    });
  }

  async markOrder(
    mode: TradingMode,
    clientOrderId: string,
    status: OrderRecord['status'],
    reason: string,
    time: number,
  ): Promise<void> {
    await this.write(async (tx) => {
      const result = await tx
        .updateTable('orders')
        .set({ status, reason, updated_at: time })
        .where('mode', '=', mode)
        .where('client_order_id', '=', clientOrderId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0)
        throw new Error(`no journaled ${mode} order with client order id ${clientOrderId}`);
    });
  }

  async recordTrails(mode: TradingMode, trails: OrderTrail[]): Promise<void> {
    if (trails.length === 0) return;
    await this.write(async (tx) => {
      for (const trail of trails)
        await tx
          .updateTable('orders')
          .set({
            trailing_time: trail.trailingTime,
            trailing_extreme: canonical(trail.trailingExtreme, 'trailingExtreme'),
          })
          .where('mode', '=', mode)
          .where('client_order_id', '=', trail.clientOrderId)
          .execute();
    });
  }

  async findOrder(mode: TradingMode, clientOrderId: string): Promise<OrderRecord | undefined> {
    const row = await this.database
      .selectFrom('orders')
      .selectAll()
      .where('mode', '=', mode)
      .where('client_order_id', '=', clientOrderId)
      .executeTakeFirst();
    return row && orderFromRow(row);
  }

  /** Binance numbers orders per symbol; when two symbols share an id the newest order wins. */
  async findOrderByOrderId(mode: TradingMode, orderId: string): Promise<OrderRecord | undefined> {
    const row = await this.database
      .selectFrom('orders')
      .selectAll()
      .where('mode', '=', mode)
      .where('order_id', '=', orderId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && orderFromRow(row);
  }

  async listOrders(query: OrderQuery): Promise<OrderRecord[]> {
    const rows = await this.database
      .selectFrom('orders')
      .selectAll()
      .where('mode', '=', query.mode)
      .$if(query.symbol !== undefined, (q) => q.where('symbol', '=', query.symbol!))
      .$if(query.clientOrderId !== undefined, (q) => q.where('client_order_id', '=', query.clientOrderId!))
      .$if(query.openOnly === true, (q) => q.where('status', 'in', MAYBE_OPEN))
      .$if(query.before !== undefined, (q) => q.where('created_at', '<', query.before!))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limitOf(query.limit, 100))
      .execute();
    return rows.map(orderFromRow);
  }

  /** `since` is inclusive. */
  async listFills(query: JournalFillQuery): Promise<FillRecord[]> {
    const direction = query.since !== undefined ? 'asc' : 'desc';
    const rows = await this.database
      .selectFrom('trade_logs')
      .selectAll()
      .where('mode', '=', query.mode)
      .$if(query.symbol !== undefined, (q) => q.where('symbol', '=', query.symbol!))
      .$if(query.clientOrderId !== undefined, (q) => q.where('client_order_id', '=', query.clientOrderId!))
      .$if(query.since !== undefined, (q) => q.where('time', '>=', query.since!))
      .orderBy('time', direction)
      .orderBy('id', direction)
      .limit(limitOf(query.limit, 500))
      .execute();
    return rows.map(fillFromRow);
  }

  async loadBalances(mode: TradingMode): Promise<Balance[] | undefined> {
    const account = await this.database
      .selectFrom('accounts')
      .select('mode')
      .where('mode', '=', mode)
      .executeTakeFirst();
    if (!account) return undefined;
    const rows = await this.database
      .selectFrom('balances')
      .select(['asset', 'free', 'locked'])
      .where('mode', '=', mode)
      .orderBy('asset')
      .execute();
    return rows.map(balanceFromRow);
  }

  async saveBalances(mode: TradingMode, balances: Balance[], time: number): Promise<void> {
    await this.write((tx) => replaceBalances(tx, mode, balances, time));
  }

  async resetPaperAccount(balances: Balance[], time: number): Promise<void> {
    await this.write(async (tx) => {
      const canceled = await tx
        .updateTable('orders')
        .set({ status: 'CANCELED', reason: 'paper account reset by the operator', updated_at: time })
        .where('mode', '=', 'paper')
        .where('status', 'in', MAYBE_OPEN)
        .executeTakeFirst();
      await replaceBalances(tx, 'paper', balances, time);
      const detail = { canceledOrders: Number(canceled.numUpdatedRows), balances };
      await tx
        .insertInto('audit_log')
        .values({ mode: 'paper', time, actor: 'operator', action: 'paper_reset', detail: jsonIn(detail) })
        .execute();
    });
  }

  async getDailyPnl(mode: TradingMode, day: string): Promise<DailyPnl | undefined> {
    const row = await this.database
      .selectFrom('daily_pnl')
      .selectAll()
      .where('mode', '=', mode)
      .where('day', '=', day)
      .executeTakeFirst();
    return row && dailyPnlFromRow(row);
  }

  async putDailyPnl(row: DailyPnl): Promise<void> {
    const values = dailyPnlRow(row);
    await this.write(async (tx) => {
      await tx
        .insertInto('daily_pnl')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['mode', 'day']).doUpdateSet({
            start_equity: values.start_equity,
            last_equity: values.last_equity,
            realized_pnl: values.realized_pnl,
            breaker_tripped_at: values.breaker_tripped_at,
            breaker_reset_at: values.breaker_reset_at,
            updated_at: values.updated_at,
          }),
        )
        .execute();
    });
  }

  /** Newest day first. */
  async listDailyPnl(mode: TradingMode, limit?: number): Promise<DailyPnl[]> {
    const rows = await this.database
      .selectFrom('daily_pnl')
      .selectAll()
      .where('mode', '=', mode)
      .orderBy('day', 'desc')
      .limit(limitOf(limit, 100))
      .execute();
    return rows.map(dailyPnlFromRow);
  }

  async recordRiskEvent(event: RiskEvent): Promise<void> {
    await this.write(async (tx) => {
      await tx
        .insertInto('risk_events')
        .values({
          mode: event.mode,
          time: event.time,
          kind: event.kind,
          code: event.code,
          message: event.message,
          detail: jsonIn(event.detail),
        })
        .execute();
    });
  }

  /** Newest first. */
  async listRiskEvents(mode: TradingMode, limit?: number): Promise<RiskEvent[]> {
    const rows = await this.database
      .selectFrom('risk_events')
      .selectAll()
      .where('mode', '=', mode)
      .orderBy('time', 'desc')
      .orderBy('id', 'desc')
      .limit(limitOf(limit, 100))
      .execute();
    return rows.map(riskEventFromRow);
  }

  /** One rationale per order: recording again replaces it. */
  async recordDecision(decision: Decision): Promise<void> {
    await this.write(async (tx) => {
      await tx
        .insertInto('decisions')
        .values({
          mode: decision.mode,
          time: decision.time,
          client_order_id: decision.clientOrderId,
          rationale: decision.rationale,
        })
        .onConflict((oc) =>
          oc.columns(['mode', 'client_order_id']).doUpdateSet({ time: decision.time, rationale: decision.rationale }),
        )
        .execute();
    });
  }

  async findDecision(mode: TradingMode, clientOrderId: string): Promise<Decision | undefined> {
    const row = await this.database
      .selectFrom('decisions')
      .selectAll()
      .where('mode', '=', mode)
      .where('client_order_id', '=', clientOrderId)
      .executeTakeFirst();
    return row && decisionFromRow(row);
  }

  async recordContextSnapshot(snapshot: ContextSnapshot): Promise<void> {
    await this.write(async (tx) => {
      await tx
        .insertInto('context_snapshots')
        .values({
          mode: snapshot.mode,
          time: snapshot.time,
          context_types: JSON.stringify(snapshot.contextTypes),
          symbols: JSON.stringify(snapshot.symbols),
          summary: snapshot.summary,
          payload_sha256: snapshot.sha256,
          payload_bytes: snapshot.bytes,
          payload: snapshot.payload ?? null,
        })
        .execute();
    });
  }

  async pruneContextSnapshots(time: number): Promise<number> {
    const result = await this.write((tx) =>
      tx.deleteFrom('context_snapshots').where('time', '<', time).executeTakeFirst(),
    );
    return Number(result.numDeletedRows);
  }

  /** One statement, atomic on both dialects: another process reserving at the same time gets the next range. */
  async reserve(name: string, count: number): Promise<number> {
    if (!Number.isSafeInteger(count) || count < 1)
      throw new Error(`cannot reserve ${count} numbers of ${name}: a whole number of at least 1 is needed`);
    const row = await this.write((tx) =>
      tx
        .insertInto('sequences')
        .values({ name, value: count })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet((eb) => ({ value: eb(eb.ref('sequences.value'), '+', eb.ref('excluded.value')) })),
        )
        .returning('value')
        .executeTakeFirstOrThrow(),
    );
    const last = Number(row.value);
    if (!Number.isSafeInteger(last))
      throw new Error(`sequence ${name} is at ${String(row.value)}, beyond the numbers it can hand out`);
    return last - count + 1;
  }

  async putLimitsInForce(entry: LimitsInForce): Promise<void> {
    const limits = JSON.stringify(entry.limits);
    await this.write(async (tx) => {
      const before = await tx
        .selectFrom('limits_in_force')
        .select('limits')
        .where('mode', '=', entry.mode)
        .executeTakeFirst();
      await tx
        .insertInto('limits_in_force')
        .values({ mode: entry.mode, limits, writer: JSON.stringify(entry.writer), since: entry.since })
        .onConflict((oc) =>
          oc.column('mode').doUpdateSet({ limits, writer: JSON.stringify(entry.writer), since: entry.since }),
        )
        .execute();
      if (before && before.limits !== limits) {
        await tx
          .insertInto('risk_events')
          .values({
            mode: entry.mode,
            time: entry.since,
            kind: 'limits_changed',
            code: 'LIMITS_CHANGED',
            message: `the server (pid ${entry.writer.pid} on ${entry.writer.host}) runs with other limits than the one before it`,
            detail: jsonIn({ from: JSON.parse(before.limits) as unknown, to: entry.limits }),
          })
          .execute();
      }
    });
  }

  async getLimitsInForce(mode: TradingMode): Promise<LimitsInForce | undefined> {
    const row = await this.database
      .selectFrom('limits_in_force')
      .selectAll()
      .where('mode', '=', mode)
      .executeTakeFirst();
    return row && limitsInForceFromRow(row);
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.write(async (tx) => {
      await tx
        .insertInto('audit_log')
        .values({
          mode: entry.mode,
          time: entry.time,
          actor: entry.actor,
          action: entry.action,
          detail: jsonIn(entry.detail),
        })
        .execute();
    });
  }

  /** Both modes, newest first. */
  async listAudit(limit?: number): Promise<AuditEntry[]> {
    const rows = await this.database
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('time', 'desc')
      .orderBy('id', 'desc')
      .limit(limitOf(limit, 100))
      .execute();
    return rows.map(auditFromRow);
  }

  async recordList(list: OrderListRecord): Promise<void> {
    await this.write((tx) => insertList(tx, list));
  }

  changeList(mode: TradingMode, listClientOrderId: string, change: OrderListChange): Promise<boolean> {
    return this.write((tx) => changeList(tx, mode, listClientOrderId, change));
  }

  findList(mode: TradingMode, listClientOrderId: string): Promise<OrderListRecord | undefined> {
    return findList(this.database, mode, { listClientOrderId });
  }

  findListByOrderListId(mode: TradingMode, orderListId: string): Promise<OrderListRecord | undefined> {
    return findList(this.database, mode, { orderListId });
  }

  listLists(query: OrderListQuery): Promise<OrderListRecord[]> {
    return listLists(this.database, query);
  }

  readLease(account: TradingMode): Promise<Lease | undefined> {
    return readLease(this.database, account);
  }

  takeLease(
    account: TradingMode,
    holder: LeaseHolder,
    expected: Lease | undefined,
    now: number,
    ttlMs: number,
  ): Promise<Lease | undefined> {
    return this.write((tx) => takeLease(tx, account, holder, expected, now, ttlMs), false);
  }

  renewLease(
    account: TradingMode,
    holder: LeaseHolder,
    epoch: number,
    now: number,
    ttlMs: number,
  ): Promise<Lease | undefined> {
    return this.write((tx) => renewLease(tx, account, holder, epoch, now, ttlMs), false);
  }

  releaseLease(account: TradingMode, ownerId: string, epoch: number, now: number): Promise<void> {
    return this.write((tx) => releaseLease(tx, account, ownerId, epoch, now), false);
  }

  fencedTo(account: TradingMode, ownerId: string, epoch: number): KyselyStore {
    return new KyselyStore(this.dialect, this.database, { account, ownerId, epoch });
  }

  /** Waits for writes already queued, then closes the connection(s); a fenced store leaves them to the store it came from. */
  async close(): Promise<void> {
    await this.writer.runExclusive(() => (this.fence ? undefined : this.database.destroy()));
  }

  private write<T>(work: (tx: Db) => Promise<T>, fenced = true): Promise<T> {
    return this.writer.runExclusive(() =>
      this.database.connection().execute(async (connection) => {
        await sql.raw(this.dialect === 'sqlite' ? 'begin immediate' : 'begin').execute(connection);
        try {
          if (fenced && this.fence) await checkFence(connection, this.fence, this.dialect === 'postgres');
          const result = await work(connection);
          await sql.raw('commit').execute(connection);
          return result;
        } catch (error) {
          await sql
            .raw('rollback')
            .execute(connection)
            .catch(() => undefined);
          throw error;
        }
      }),
    );
  }

  /**
   * Inserts the order if it was never journaled, else updates it with the venue's view, unless
   * that view is older than what the venue already told us (see isStale). A view of another
   * order under the same ids throws JournalConflict.
   */
  private async upsertOrder(tx: Db, mode: TradingMode, order: Order, origin: string): Promise<void> {
    const columns = orderColumns(order);
    const inserted = await tx
      .insertInto('orders')
      .values({
        mode,
        client_order_id: order.clientOrderId,
        ...columns,
        reason: null,
        origin,
        created_at: order.createdAt,
      })
      .onConflict((oc) => oc.columns(['mode', 'client_order_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      await checkOrderIdentity(tx, mode, order, undefined);
      return;
    }
    const existing = await tx
      .selectFrom('orders')
      .select(['id', 'order_id', 'status', 'executed_qty', 'symbol', 'side', 'type'])
      .where('mode', '=', mode)
      .where('client_order_id', '=', order.clientOrderId)
      .$if(this.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirstOrThrow();
    await checkOrderIdentity(tx, mode, order, existing);
    if (isStale(existing, order)) return;
    await tx.updateTable('orders').set(columns).where('id', '=', existing.id).execute();
  }
}

/**
 * Venue reports can arrive out of order (a websocket update after the REST answer). Once the venue
 * has reported an order, a report with less executed quantity, or one that reopens a finished
 * order, is older news and must not move the order backwards. Journal-only states (PENDING,
 * UNKNOWN, or a status set by markOrder before the venue ever answered) always give way.
 */
function isStale(
  existing: { order_id: string | null; status: string; executed_qty: unknown },
  incoming: Order,
): boolean {
  if (existing.order_id === null || existing.status === 'PENDING' || existing.status === 'UNKNOWN') return false;
  if (cmp(incoming.executedQty, decimalOut(existing.executed_qty)) < 0) return true;
  return !VENUE_OPEN.includes(existing.status) && VENUE_OPEN.includes(incoming.status);
}

async function replaceBalances(tx: Db, mode: TradingMode, balances: Balance[], time: number): Promise<void> {
  const assets = balances.map((b) => b.asset);
  const repeated = assets.find((asset, i) => assets.indexOf(asset) !== i);
  if (repeated !== undefined) throw new Error(`balances list ${repeated} twice`);
  await tx
    .deleteFrom('balances')
    .where('mode', '=', mode)
    .$if(assets.length > 0, (q) => q.where('asset', 'not in', assets))
    .execute();
  if (balances.length > 0) {
    await tx
      .insertInto('balances')
      .values(balances.map((b) => balanceRow(mode, b, time)))
      .onConflict((oc) =>
        oc.columns(['mode', 'asset']).doUpdateSet((eb) => ({
          free: eb.ref('excluded.free'),
          locked: eb.ref('excluded.locked'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  await tx
    .insertInto('accounts')
    .values({ mode, balances_updated_at: time })
    .onConflict((oc) => oc.column('mode').doUpdateSet({ balances_updated_at: time }))
    .execute();
}

function limitOf(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  return Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : fallback;
}
