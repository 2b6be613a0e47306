/**
 * Where the operator's consent to live trading is kept: grants made with `binance-mcp live allow`
 * (another process than the server, so they live in the journal) and the one-time codes the server
 * issues when a human must confirm a switch to live (read by `binance-mcp live code`).
 * Kept apart from Store: only the consent keeper and the operator's CLI use it.
 */

export interface LiveGrant {
  id: number;
  grantedAt: number;
  expiresAt: number;
  /** When `binance-mcp live revoke` ended it early; null while it runs its course. */
  revokedAt: number | null;
  /** Who made it (the operator's login name, as the CLI saw it). */
  grantedBy: string;
}

export interface LiveCode {
  /** The confirmation request this code answers. */
  nonce: string;
  session: string;
  /** How the asking session reached the server: 'stdio' or 'http'. */
  transport: string;
  code: string;
  issuedAt: number;
  expiresAt: number;
}

export interface ConsentJournal {
  grantLive(grant: { grantedAt: number; expiresAt: number; grantedBy: string }): Promise<LiveGrant>;
  /** Ends every grant still running at `time`; returns the grants it ended. */
  revokeLive(time: number): Promise<LiveGrant[]>;
  /** The running grant that lasts longest, if any. */
  activeGrant(now: number): Promise<LiveGrant | undefined>;
  getGrant(id: number): Promise<LiveGrant | undefined>;
  /** Stores a new code; codes already expired at its issue time are dropped. */
  putCode(code: LiveCode): Promise<void>;
  /** Drops the code of a request that was answered, withdrawn or replaced. */
  dropCode(nonce: string): Promise<void>;
  /** The codes still waiting for their answer, newest first. */
  pendingCodes(now: number): Promise<LiveCode[]>;
}

/** A grant runs from its start until it expires or is revoked. */
export function grantRuns(grant: LiveGrant, now: number): boolean {
  return grant.revokedAt === null && grant.grantedAt <= now && now < grant.expiresAt;
}
