import { createHash } from 'node:crypto';

/**
 * Client ids of the orders a list is made of, fixed from the list's own client id before anything is
 * sent, so a retried call (or a restart) finds every leg: `bml-` + 32 hex digits of SHA-256 over the
 * list's id and the leg's role. Binance allows 36 characters, so the list's id cannot be a prefix.
 */
export function listOrderId(listClientOrderId: string, role: string): string {
  return `bml-${createHash('sha256').update(`${listClientOrderId}:${role}`).digest('hex').slice(0, 32)}`;
}

export function ocoLegIds(listClientOrderId: string): { limit: string; stop: string } {
  return { limit: listOrderId(listClientOrderId, 'limit'), stop: listOrderId(listClientOrderId, 'stop') };
}

export function bracketEntryId(bracketClientId: string): string {
  return listOrderId(bracketClientId, 'entry');
}

/** The list client id of the n-th OCO (1, 2, ...) a bracket places for its fills. */
export function bracketOcoId(bracketClientId: string, n: number): string {
  return listOrderId(bracketClientId, `oco-${n}`);
}
