/**
 * The requestState of a live-trading confirmation (2026-07-28 multi-round-trip requests): sealed
 * with HMAC-SHA256 under a secret made when this process starts, so only this process can have
 * minted it. It names the session and the consent request (nonce, expiry); the consent keeper makes
 * each request single-use. Signed, not encrypted: it carries no secret (never the code).
 */
import { randomBytes } from 'node:crypto';
import { createRequestStateCodec, type ServerContext } from '@modelcontextprotocol/server';

export interface ConsentState {
  purpose: 'confirm_live';
  session: string;
  nonce: string;
  expiresAt: number;
}

const codec = createRequestStateCodec<ConsentState>({ key: randomBytes(32), ttlSeconds: 15 * 60 });

export function sealConsentState(state: Omit<ConsentState, 'purpose'>): Promise<string> {
  return codec.mint({ purpose: 'confirm_live', ...state });
}

/** The state when this process minted it and nobody changed it; undefined for anything else. */
export async function openConsentState(raw: unknown, ctx: ServerContext): Promise<ConsentState | undefined> {
  if (typeof raw !== 'string' || raw.length > 4096) return undefined;
  try {
    const state = await codec.verify(raw, ctx);
    const ok =
      state?.purpose === 'confirm_live' &&
      typeof state.session === 'string' &&
      typeof state.nonce === 'string' &&
      typeof state.expiresAt === 'number';
    return ok ? state : undefined;
  } catch {
    return undefined;
  }
}
