/**
 * `binance-mcp live allow|revoke|code`: the operator's side of live-trading consent, written to and
 * read from the journal the server uses (so they work beside a running server, and only for someone
 * who can reach that journal). Never reachable from MCP or HTTP.
 */
import { userInfo } from 'node:os';
import type { Config } from '../../config.js';
import { KyselyConsentJournal, openKyselyStore, type KyselyStore } from '../../store/index.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_GRANT_MS = 7 * UNIT_MS.d;

/** "90m", "1h", "2d" → milliseconds; from 1 minute to 7 days. */
export function parseDuration(raw: string): number {
  const match = /^(\d{1,5})\s*([mhd])$/i.exec(raw.trim());
  const ms = match ? Number(match[1]) * UNIT_MS[match[2]!.toLowerCase() as keyof typeof UNIT_MS] : NaN;
  if (!(ms >= UNIT_MS.m && ms <= MAX_GRANT_MS))
    throw new Error(
      `--for ${JSON.stringify(raw)} is not valid: allowed a duration from 1m to 7d, written like 30m, 1h or 2d`,
    );
  return ms;
}

function operatorName(): string {
  try {
    return userInfo().username || 'operator';
  } catch {
    return 'operator';
  }
}

async function withJournal<T>(
  config: Config,
  use: (store: KyselyStore, consent: KyselyConsentJournal) => Promise<T>,
): Promise<T> {
  const store = await openKyselyStore({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await use(store, new KyselyConsentJournal(store.database));
  } finally {
    await store.close();
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function liveAllow(config: Config, flags: { for: string }, now = Date.now()): Promise<string> {
  const duration = parseDuration(flags.for);
  return withJournal(config, async (store, consent) => {
    const grant = await consent.grantLive({ grantedAt: now, expiresAt: now + duration, grantedBy: operatorName() });
    await store.audit({
      mode: 'live',
      time: now,
      actor: 'operator',
      action: 'live_allow',
      detail: { grant: grant.id, expiresAt: grant.expiresAt, grantedBy: grant.grantedBy },
    });
    const note =
      config.tradingMode === 'live'
        ? ''
        : '\nnote: this configuration has TRADING_MODE=paper; the grant matters only to a server started with TRADING_MODE=live';
    return `live trading allowed until ${iso(grant.expiresAt)} (grant ${grant.id}): any session of a server on this journal switches with set_trading_mode live, without asking the human. End it early with \`binance-mcp live revoke\`.${note}`;
  });
}

export async function liveRevoke(config: Config, now = Date.now()): Promise<string> {
  return withJournal(config, async (store, consent) => {
    const ended = await consent.revokeLive(now);
    await store.audit({
      mode: 'live',
      time: now,
      actor: 'operator',
      action: 'live_revoke',
      detail: { grants: ended.map((g) => g.id) },
    });
    if (ended.length === 0) return 'no live grant was running; nothing to revoke';
    return `revoked ${ended.length} live grant(s) (${ended.map((g) => g.id).join(', ')}): sessions live on them return to paper at their next call, and new switches need a confirmation again`;
  });
}

/** The codes humans must type to confirm pending switches to live, or why there is none. */
export async function liveCode(config: Config, now = Date.now()): Promise<{ found: boolean; text: string }> {
  return withJournal(config, async (_store, consent) => {
    const [codes, grant] = [await consent.pendingCodes(now), await consent.activeGrant(now)];
    const granted = grant ? `\n(a live grant runs until ${iso(grant.expiresAt)}: sessions switch without a code)` : '';
    if (codes.length === 0)
      return {
        found: false,
        text: `no confirmation code is waiting: one is made when a session asks to switch to live${granted}`,
      };
    const lines = codes.map(
      (code) =>
        `${code.code}  for the ${code.transport} session ${code.session}, asked ${iso(code.issuedAt)}, valid ${Math.ceil((code.expiresAt - now) / 1000)} s more, once`,
    );
    return {
      found: true,
      text: `${lines.join('\n')}\nGive a code only to the person who asked to trade real money in that session.${granted}`,
    };
  });
}
