/**
 * `binance-mcp live allow|revoke|code` against a real SQLite journal, beside a consent keeper on the
 * same journal (as a running server would be).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryConsentJournal } from '../support/memory-consent-journal.js';
import { ConsentKeeper } from '../../src/app/live-consent.js';
import { liveAllow, liveCode, liveRevoke, parseDuration } from '../../src/cli/commands/live.js';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { KyselyConsentJournal, openKyselyStore, type KyselyStore } from '../../src/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'bm-live-cli-'));
const config = loadConfig({ DATA_DIR: dir, TRADING_MODE: 'live', LOG_LEVEL: 'silent' });
const T0 = 1_800_000_000_000;
let server: KyselyStore;
let keeper: ConsentKeeper;
const clock = new ManualClock(T0);

beforeAll(async () => {
  server = await openKyselyStore({ url: config.databaseUrl, dataDir: dir });
  keeper = new ConsentKeeper({ journal: new KyselyConsentJournal(server.database), clock, logger: silentLogger() });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('binance-mcp live', () => {
  it('--for when the duration is malformed or out of range then names what is allowed', () => {
    expect(parseDuration('90m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    for (const bad of ['0m', '8d', '1 hour', '-1h', '']) expect(() => parseDuration(bad)).toThrow(/from 1m to 7d/);
  });

  it('code when no switch is pending then says so', async () => {
    expect(await liveCode(config, T0)).toMatchObject({
      found: false,
      text: expect.stringMatching(/no confirmation code is waiting/),
    });
  });

  it('code when a session asked then prints the code the server holds, and nothing once it was used', async () => {
    const request = await keeper.ask('http', 'http', 'code');
    if ('refused' in request) throw new Error(request.refused);
    const shown = await liveCode(config, T0 + 1000);
    expect(shown.found).toBe(true);
    const code = shown.text.split(' ')[0]!;
    expect(code).toMatch(/^\d{6}$/);
    expect(shown.text).toMatch(/^\d{6} {2}for the http session http, asked /);
    expect(await keeper.answer(request.nonce, 'http', { confirm: true, code })).toEqual({
      ok: true,
      confirmedBy: 'code-confirmed',
    });
    expect((await liveCode(config, T0 + 2000)).found).toBe(false);
  });

  it('allow then the server sees a running grant, audited; revoke then ends it', async () => {
    const allowed = await liveAllow(config, { for: '1h' }, T0);
    expect(allowed).toContain(`live trading allowed until ${new Date(T0 + 3_600_000).toISOString()} (grant `);
    const grant = await keeper.activeGrant();
    expect(grant).toMatchObject({ grantedAt: T0, expiresAt: T0 + 3_600_000, revokedAt: null });
    expect(await keeper.grantRuns(grant!.id)).toBe(true);
    expect(await liveRevoke(config, T0 + 60_000)).toMatch(/revoked 1 live grant/);
    expect(await keeper.activeGrant()).toBeUndefined();
    expect(await keeper.grantRuns(grant!.id)).toBe(false);
    expect(await liveRevoke(config, T0 + 120_000)).toMatch(/nothing to revoke/);
    const audit = await server.listAudit(10);
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['operator', 'live_revoke'],
      ['operator', 'live_revoke'],
      ['operator', 'live_allow'],
    ]);
  });

  it('a grant when it expires then no longer runs', async () => {
    await liveAllow(config, { for: '1m' }, T0);
    expect(await keeper.activeGrant()).toBeDefined();
    clock.advance(60_000);
    expect(await keeper.activeGrant()).toBeUndefined();
  });
});

describe('the consent keeper', () => {
  it('an answer given in another session then fails and uses the request up', async () => {
    const request = await keeper.ask('session-a', 'stdio', 'client');
    if ('refused' in request) throw new Error(request.refused);
    expect(await keeper.answer(request.nonce, 'session-b', { confirm: true })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/another session/),
    });
    expect(await keeper.answer(request.nonce, 'session-a', { confirm: true })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/already used/),
    });
  });

  it('a newer request in the same session then replaces the earlier one', async () => {
    const first = await keeper.ask('session-c', 'stdio', 'client');
    const second = await keeper.ask('session-c', 'stdio', 'client');
    if ('refused' in first || 'refused' in second) throw new Error('refused');
    expect((await keeper.answer(first.nonce, 'session-c', { confirm: true })).ok).toBe(false);
    expect(await keeper.answer(second.nonce, 'session-c', { confirm: true })).toEqual({
      ok: true,
      confirmedBy: 'client-confirmed',
    });
  });

  it("a code when the session came over HTTP then is told on the server's log (stderr), and over stdio only kept for `live code`", async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const journal = new MemoryConsentJournal();
    const told = new ConsentKeeper({ journal, clock, logger });
    await told.ask('http', 'http', 'code');
    clock.advance(1);
    const httpCode = (await journal.pendingCodes(clock.now()))[0]!.code;
    expect(lines.join('')).toContain(`live trading confirmation code ${httpCode}`);
    lines.length = 0;
    await told.ask('stdio-1', 'stdio', 'code');
    clock.advance(1);
    expect((await journal.pendingCodes(clock.now()))[0]!.session).toBe('stdio-1');
    expect(lines).toEqual([]);
  });
});
