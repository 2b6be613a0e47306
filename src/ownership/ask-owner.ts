import { hostname } from 'node:os';
import type { Lease, LeaseStore } from '../ports/lease-store.js';
import type { TradingMode } from '../ports/store.js';
import type { TargetOp } from './account-target.js';
import { ChannelClient } from './channel-client.js';
import { OwnerGone } from './errors.js';

export type OwnerAnswer<T> =
  { answered: true; value: T; lease: Lease } | { answered: false; lease: Lease | undefined; why: string };

/**
 * For operator commands: carries a call out through the process that owns `account`, when one runs
 * on this machine and answers. Otherwise says why not, and the caller works on the journal itself.
 */
export async function askOwner<T>(
  leases: LeaseStore,
  account: TradingMode,
  op: TargetOp,
  args: unknown[] = [],
): Promise<OwnerAnswer<T>> {
  const lease = await leases.readLease(account);
  if (!lease || lease.ownerId === '') return { answered: false, lease, why: 'no binance-mcp server owns the account' };
  if (lease.hostname !== hostname())
    return { answered: false, lease, why: `its owner runs on ${lease.hostname}, which this command cannot reach` };
  const client = new ChannelClient(lease.endpoint);
  try {
    return { answered: true, value: await client.call<T>(account, op, args), lease };
  } catch (error) {
    if (error instanceof OwnerGone)
      return { answered: false, lease, why: `its last owner (pid ${lease.pid}) does not answer` };
    throw error;
  } finally {
    client.close();
  }
}
