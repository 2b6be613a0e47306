import { createHash, randomBytes } from 'node:crypto';

const BINANCE_CLIENT_ID = /^[A-Za-z0-9_-]{1,36}$/;

/**
 * The caller's action id becomes the client order id, so a retried action finds the first order.
 * Ids Binance would refuse (other characters, over 36 long) are hashed to a stable valid one.
 */
export function clientOrderIdFor(actionId: string | undefined): string {
  if (actionId === undefined) return `bm-${randomBytes(12).toString('hex')}`;
  if (BINANCE_CLIENT_ID.test(actionId)) return actionId;
  return `bmh-${createHash('sha256').update(actionId).digest('hex').slice(0, 32)}`;
}
