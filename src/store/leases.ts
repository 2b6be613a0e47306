import type { Kysely } from 'kysely';
import { LeaseLost, type Lease, type LeaseHolder } from '../ports/lease-store.js';
import type { TradingMode } from '../ports/store.js';
import type { JournalDatabase, LeasesTable } from './schema.js';

type Db = Kysely<JournalDatabase>;

/** PostgreSQL returns bigint as a string. */
function leaseFromRow(row: LeasesTable): Lease {
  return {
    account: row.account as TradingMode,
    ownerId: row.owner_id,
    epoch: Number(row.epoch),
    pid: Number(row.pid),
    hostname: row.hostname,
    endpoint: row.endpoint,
    acquiredAt: Number(row.acquired_at),
    renewedAt: Number(row.renewed_at),
    expiresAt: Number(row.expires_at),
  };
}

export async function readLease(db: Db, account: TradingMode): Promise<Lease | undefined> {
  const row = await db.selectFrom('leases').selectAll().where('account', '=', account).executeTakeFirst();
  return row && leaseFromRow(row);
}

export async function takeLease(
  tx: Db,
  account: TradingMode,
  holder: LeaseHolder,
  expected: Lease | undefined,
  now: number,
  ttlMs: number,
): Promise<Lease | undefined> {
  const mine = {
    owner_id: holder.ownerId,
    pid: holder.pid,
    hostname: holder.hostname,
    endpoint: holder.endpoint,
    acquired_at: now,
    renewed_at: now,
    expires_at: now + ttlMs,
  };
  if (expected === undefined) {
    await tx
      .insertInto('leases')
      .values({ account, epoch: 1, ...mine })
      .onConflict((oc) => oc.column('account').doNothing())
      .execute();
  } else {
    await tx
      .updateTable('leases')
      .set((eb) => ({ ...mine, epoch: eb('epoch', '+', 1) }))
      .where('account', '=', account)
      .where('owner_id', '=', expected.ownerId)
      .where('epoch', '=', expected.epoch)
      .where('renewed_at', '=', expected.renewedAt)
      .execute();
  }
  return readLease(tx, account);
}

export async function renewLease(
  tx: Db,
  account: TradingMode,
  holder: LeaseHolder,
  epoch: number,
  now: number,
  ttlMs: number,
): Promise<Lease | undefined> {
  const result = await tx
    .updateTable('leases')
    .set({ renewed_at: now, expires_at: now + ttlMs, endpoint: holder.endpoint })
    .where('account', '=', account)
    .where('owner_id', '=', holder.ownerId)
    .where('epoch', '=', epoch)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return undefined;
  return readLease(tx, account);
}

export async function releaseLease(
  tx: Db,
  account: TradingMode,
  ownerId: string,
  epoch: number,
  now: number,
): Promise<void> {
  await tx
    .updateTable('leases')
    .set({ owner_id: '', renewed_at: now, expires_at: 0 })
    .where('account', '=', account)
    .where('owner_id', '=', ownerId)
    .where('epoch', '=', epoch)
    .execute();
}

export interface WriteFence {
  account: TradingMode;
  ownerId: string;
  epoch: number;
}

/**
 * Run first in every fenced write transaction. On PostgreSQL the row is locked FOR SHARE until the
 * commit, so a contender's take waits for this write and then sees it when it rebuilds the venue;
 * on SQLite the write lock taken by BEGIN IMMEDIATE does the same.
 */
export async function checkFence(tx: Db, fence: WriteFence, postgres: boolean): Promise<void> {
  const row = await tx
    .selectFrom('leases')
    .select(['owner_id', 'epoch'])
    .where('account', '=', fence.account)
    .$if(postgres, (q) => q.forShare())
    .executeTakeFirst();
  if (!row) throw new LeaseLost(fence.account, 'its lease row is gone');
  if (row.owner_id !== fence.ownerId || Number(row.epoch) !== fence.epoch) {
    throw new LeaseLost(
      fence.account,
      row.owner_id === '' ? 'it released the lease' : `the lease is now at epoch ${row.epoch}, held by another process`,
    );
  }
}
