/**
 * Consent to live trading that a client cannot make up. A switch to live is allowed by one of:
 * - the operator's grant (`binance-mcp live allow --for 1h`, journaled, until it expires or is revoked);
 * - the answer to a confirmation request this server opened, for this session, once, before it expires;
 *   with confirmation `code` the answer must also carry the one-time code shown to the operator only
 *   (the server's stderr when the session came over HTTP, and `binance-mcp live code`).
 * Requests live in this process's memory: an answer can only be given to the process that asked.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../log.js';
import type { Clock } from '../ports/clock.js';
import { grantRuns, type ConsentJournal, type LiveGrant } from '../ports/consent-journal.js';

/** LIVE_CONFIRMATION: who must confirm a switch to live. */
export type LiveConfirmation = 'client' | 'code' | 'operator';
export type SessionTransport = 'stdio' | 'http';
/** How a switch to live was confirmed, as the audit log records it. */
export type LiveConfirmedBy = 'client-confirmed' | 'code-confirmed' | 'operator';

export interface ConsentRequest {
  nonce: string;
  session: string;
  confirmation: 'client' | 'code';
  expiresAt: number;
}

export type ConsentVerdict =
  { ok: true; confirmedBy: 'client-confirmed' | 'code-confirmed' } | { ok: false; reason: string };

export interface LiveConsent {
  /** The operator's running grant, if any. */
  activeGrant(): Promise<LiveGrant | undefined>;
  /** Whether grant `id` still runs (not expired, not revoked). */
  grantRuns(id: number): Promise<boolean>;
  /** Opens a confirmation request for the session (replacing its earlier one), or says why none can be opened. */
  ask(
    session: string,
    transport: SessionTransport,
    confirmation: 'client' | 'code',
  ): Promise<ConsentRequest | { refused: string }>;
  /** Uses up request `nonce` with the human's answer. */
  answer(
    nonce: string,
    session: string,
    answer: { confirm: boolean; code?: string | undefined },
  ): Promise<ConsentVerdict>;
}

export interface ConsentKeeperOptions {
  journal: ConsentJournal;
  /** Wall-clock time (not a replay's clock): requests and grants expire in real minutes. */
  clock: Clock;
  logger: Logger;
  /** How long a request may wait for its answer (default 5 minutes). */
  requestTtlMs?: number;
  /** Wrong codes within `lockoutMs` that stop code confirmation until `lockoutMs` after the last one (default 3). */
  wrongCodesToLock?: number;
  lockoutMs?: number;
}

interface Pending extends ConsentRequest {
  code?: string;
}

const CODE_DIGITS = 6;

function sameCode(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given.trim()).digest();
  return timingSafeEqual(a, b);
}

function minutes(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 60_000))} min`;
}

export class ConsentKeeper implements LiveConsent {
  private readonly pending = new Map<string, Pending>();
  private wrongCodes: number[] = [];
  private readonly ttl: number;
  private readonly toLock: number;
  private readonly lockoutMs: number;

  constructor(private readonly options: ConsentKeeperOptions) {
    this.ttl = options.requestTtlMs ?? 5 * 60_000;
    this.toLock = options.wrongCodesToLock ?? 3;
    this.lockoutMs = options.lockoutMs ?? 15 * 60_000;
  }

  async activeGrant(): Promise<LiveGrant | undefined> {
    return this.options.journal.activeGrant(this.options.clock.now());
  }

  async grantRuns(id: number): Promise<boolean> {
    const grant = await this.options.journal.getGrant(id);
    return grant !== undefined && grantRuns(grant, this.options.clock.now());
  }

  /** Until when wrong codes keep code confirmation shut, if they do. */
  private lockedUntil(now: number): number | undefined {
    this.wrongCodes = this.wrongCodes.filter((t) => now - t < this.lockoutMs);
    return this.wrongCodes.length >= this.toLock
      ? this.wrongCodes[this.wrongCodes.length - 1]! + this.lockoutMs
      : undefined;
  }

  async ask(
    session: string,
    transport: SessionTransport,
    confirmation: 'client' | 'code',
  ): Promise<ConsentRequest | { refused: string }> {
    const now = this.options.clock.now();
    for (const [nonce, request] of this.pending) {
      if (request.session === session || request.expiresAt <= now) await this.forget(nonce);
    }
    if (confirmation === 'code') {
      const locked = this.lockedUntil(now);
      if (locked !== undefined) {
        return {
          refused: `${this.toLock} wrong confirmation codes: code confirmation is locked for ${minutes(locked - now)} (the operator may allow live trading with \`binance-mcp live allow\`)`,
        };
      }
    }
    const request: Pending = {
      nonce: randomBytes(18).toString('base64url'),
      session,
      confirmation,
      expiresAt: now + this.ttl,
    };
    if (confirmation === 'code') {
      request.code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
      await this.options.journal.putCode({
        nonce: request.nonce,
        session,
        transport,
        code: request.code,
        issuedAt: now,
        expiresAt: request.expiresAt,
      });
      // Over stdio the MCP host owns this process's stderr, so the code is left to `binance-mcp live code`.
      if (transport !== 'stdio') {
        this.options.logger.warn(
          { session, expiresAt: new Date(request.expiresAt).toISOString() },
          `live trading confirmation code ${request.code}: give it only to the person asking to trade real money (valid ${minutes(this.ttl)}, once)`,
        );
      }
    }
    this.pending.set(request.nonce, request);
    const { code: _code, ...shown } = request;
    return shown;
  }

  async answer(
    nonce: string,
    session: string,
    answer: { confirm: boolean; code?: string | undefined },
  ): Promise<ConsentVerdict> {
    const now = this.options.clock.now();
    const request = this.pending.get(nonce);
    if (!request)
      return {
        ok: false,
        reason: 'this confirmation was already used, replaced by a newer request, or never asked by this server',
      };
    await this.forget(nonce);
    if (request.session !== session) return { ok: false, reason: 'this confirmation was asked in another session' };
    if (now >= request.expiresAt)
      return { ok: false, reason: `this confirmation expired (requests are valid ${minutes(this.ttl)})` };
    if (!answer.confirm) return { ok: false, reason: 'the human answered no' };
    if (request.code === undefined) return { ok: true, confirmedBy: 'client-confirmed' };
    if (this.lockedUntil(now) !== undefined)
      return { ok: false, reason: 'code confirmation is locked after wrong codes' };
    if (typeof answer.code === 'string' && sameCode(request.code, answer.code))
      return { ok: true, confirmedBy: 'code-confirmed' };
    this.wrongCodes.push(now);
    const left = this.toLock - this.wrongCodes.length;
    return {
      ok: false,
      reason:
        left > 0
          ? `wrong confirmation code (${left} more wrong codes lock code confirmation for ${minutes(this.lockoutMs)})`
          : `wrong confirmation code: code confirmation is now locked for ${minutes(this.lockoutMs)}`,
    };
  }

  private async forget(nonce: string): Promise<void> {
    const request = this.pending.get(nonce);
    this.pending.delete(nonce);
    if (request?.code !== undefined) await this.options.journal.dropCode(nonce);
  }
}
