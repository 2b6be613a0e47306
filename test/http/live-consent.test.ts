/**
 * Consent to live trading over raw HTTP (2026-07-28 era): only an answer to a confirmation this
 * server asked for, in this session, once, before it expires, with the operator's one-time code
 * (the default for HTTP sessions), or the operator's grant, switches a session to live.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LivePolicy } from '../../src/app/app.js';
import { type RunningHttpServer } from '../../src/http/server.js';
import { serveHttp } from '../../src/compose/http.js';
import { fakeApp, type FakeApp } from '../support/fake-app.js';
import { rawSetLive, rawToolCall, type RawAnswer, type RawMcp } from './raw-mcp.js';

const token = 'd'.repeat(64);
let running: RunningHttpServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(live: Partial<LivePolicy> = {}): Promise<{ app: FakeApp; mcp: RawMcp }> {
  const app = fakeApp({ available: true, ...live });
  running = await serveHttp(app, { host: '127.0.0.1', port: 0, token });
  return { app, mcp: { url: running.url!, token } };
}

async function healthMode(mcp: RawMcp): Promise<string> {
  return ((await (await fetch(`${mcp.url}/health`)).json()) as { mode: string }).mode;
}

/** Asks to switch; returns the server's question (requestState, form) and the code the operator sees. */
async function ask(app: FakeApp, mcp: RawMcp) {
  const answer = await rawSetLive(mcp);
  expect(answer.result).toMatchObject({
    resultType: 'input_required',
    inputRequests: { confirm_live: { method: 'elicitation/create' } },
  });
  const requestState = answer.result.requestState as string;
  expect(typeof requestState).toBe('string');
  const code = (await app.consentJournal.pendingCodes(app.consentClock.now()))[0]?.code;
  return { requestState, code, message: answer.result.inputRequests.confirm_live.params.message as string };
}

function reply(mcp: RawMcp, requestState: string, content: Record<string, unknown>): Promise<RawAnswer> {
  return rawSetLive(mcp, { requestState, inputResponses: { confirm_live: { action: 'accept', content } } });
}

const text = (answer: RawAnswer): string =>
  (answer.result?.content ?? []).map((c: { text?: string }) => c.text ?? '').join('\n');
const refusals = (app: FakeApp) => app.audits.filter((a) => a.action === 'live_confirmation_refused');
const switches = (app: FakeApp) => app.audits.filter((a) => a.action === 'set_trading_mode');

describe('switching to live over HTTP with a one-time code (the default for HTTP)', () => {
  it('the right code then switches, REST follows, and the audit says code-confirmed', async () => {
    const { app, mcp } = await start();
    const question = await ask(app, mcp);
    expect(question.code).toMatch(/^\d{6}$/);
    expect(question.message).toMatch(/6-digit one-time code that the operator/);
    const answer = await reply(mcp, question.requestState, { confirm: true, code: question.code });
    expect(answer.result.structuredContent).toMatchObject({ mode: 'live', confirmedBy: 'code-confirmed' });
    expect(await healthMode(mcp)).toBe('live');
    expect(switches(app)).toEqual([
      expect.objectContaining({
        mode: 'live',
        actor: 'human',
        detail: expect.objectContaining({ confirmedBy: 'code-confirmed', session: 'http' }),
      }),
    ]);
    expect(JSON.stringify(app.audits)).not.toContain(question.code);
    expect(app.consentJournal.codes.size).toBe(0);
  });

  it('the code appears in no tool result or question the client sees', async () => {
    const { app, mcp } = await start();
    const first = await rawSetLive(mcp);
    const code = (await app.consentJournal.pendingCodes(app.consentClock.now()))[0]!.code;
    expect(JSON.stringify(first)).not.toContain(code);
    const mode = await rawToolCall(mcp, 'get_trading_mode', {});
    expect(mode.result.structuredContent).toMatchObject({ mode: 'paper', liveConfirmation: 'code' });
    expect(JSON.stringify(mode)).not.toContain(code);
  });

  it('a replayed genuine answer then fails to switch again', async () => {
    const { app, mcp } = await start();
    const question = await ask(app, mcp);
    expect(
      (await reply(mcp, question.requestState, { confirm: true, code: question.code })).result.structuredContent.mode,
    ).toBe('live');
    await rawToolCall(mcp, 'set_trading_mode', { mode: 'paper' });
    const replay = await reply(mcp, question.requestState, { confirm: true, code: question.code });
    expect(replay.result.isError).toBe(true);
    expect(text(replay)).toMatch(/already used/);
    expect(await healthMode(mcp)).toBe('paper');
    expect(refusals(app)).toHaveLength(1);
  });

  it('an answer after the request expired then fails', async () => {
    const { app, mcp } = await start();
    const question = await ask(app, mcp);
    app.consentClock.advance(5 * 60_000 + 1);
    const late = await reply(mcp, question.requestState, { confirm: true, code: question.code });
    expect(late.result.isError).toBe(true);
    expect(text(late)).toMatch(/expired/);
    expect(await healthMode(mcp)).toBe('paper');
  });

  it('a wrong code then fails, and three wrong codes lock code confirmation until the lockout passes', async () => {
    const { app, mcp } = await start();
    for (let i = 0; i < 3; i++) {
      const question = await ask(app, mcp);
      const wrong = String((Number(question.code) + 1) % 1_000_000).padStart(6, '0');
      const answer = await reply(mcp, question.requestState, { confirm: true, code: wrong });
      expect(answer.result.isError).toBe(true);
      expect(text(answer)).toMatch(/wrong confirmation code/);
    }
    const locked = await rawSetLive(mcp);
    expect(locked.result.isError).toBe(true);
    expect(text(locked)).toMatch(/3 wrong confirmation codes: code confirmation is locked for 15 min/);
    expect(await healthMode(mcp)).toBe('paper');
    expect(refusals(app)).toHaveLength(3);
    app.consentClock.advance(15 * 60_000);
    const question = await ask(app, mcp);
    expect(
      (await reply(mcp, question.requestState, { confirm: true, code: question.code })).result.structuredContent.mode,
    ).toBe('live');
  });

  it("the client's own accept without the code then fails", async () => {
    const { app, mcp } = await start();
    const question = await ask(app, mcp);
    const answer = await reply(mcp, question.requestState, { confirm: true });
    expect(answer.result.isError).toBe(true);
    expect(await healthMode(mcp)).toBe('paper');
  });

  it('a requestState altered by the client then fails', async () => {
    const { app, mcp } = await start();
    const question = await ask(app, mcp);
    const [prefix, body, mac] = question.requestState.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as { p: { expiresAt: number } };
    payload.p.expiresAt += 3_600_000;
    const forged = `${prefix}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
    const answer = await reply(mcp, forged, { confirm: true, code: question.code });
    expect(answer.result.isError).toBe(true);
    expect(text(answer)).toMatch(/not issued by this server/);
    expect(await healthMode(mcp)).toBe('paper');
  });

  it('a genuine question answered to another server then fails there', async () => {
    const first = await start();
    const question = await ask(first.app, first.mcp);
    const firstServer = running!;
    running = undefined;
    const second = await start();
    const answer = await reply(second.mcp, question.requestState, { confirm: true, code: question.code });
    expect(answer.result.isError).toBe(true);
    expect(await healthMode(second.mcp)).toBe('paper');
    await firstServer.close();
  });

  it('declining then stays in paper and uses the request up', async () => {
    const { app, mcp } = await start();
    const question = await ask(app, mcp);
    const declined = await rawSetLive(mcp, {
      requestState: question.requestState,
      inputResponses: { confirm_live: { action: 'decline' } },
    });
    expect(text(declined)).toMatch(/did not confirm/);
    expect(text(await reply(mcp, question.requestState, { confirm: true, code: question.code }))).toMatch(
      /already used/,
    );
  });
});

describe('other confirmation settings over HTTP', () => {
  it("LIVE_CONFIRMATION=client then the client's accept is enough, audited as client-confirmed", async () => {
    const { app, mcp } = await start({ confirmation: 'client' });
    const question = await ask(app, mcp);
    expect(question.code).toBeUndefined();
    const answer = await reply(mcp, question.requestState, { confirm: true });
    expect(answer.result.structuredContent).toMatchObject({ mode: 'live', confirmedBy: 'client-confirmed' });
    expect(switches(app)).toEqual([
      expect.objectContaining({
        actor: 'client',
        detail: expect.objectContaining({ confirmedBy: 'client-confirmed' }),
      }),
    ]);
  });

  it('LIVE_CONFIRMATION=operator without a grant then refuses, naming `binance-mcp live allow`', async () => {
    const { mcp } = await start({ confirmation: 'operator' });
    const answer = await rawSetLive(mcp);
    expect(answer.result.isError).toBe(true);
    expect(text(answer)).toMatch(/binance-mcp live allow/);
  });

  it('an operator grant then lets the session switch without asking; revoking it sends the session back to paper', async () => {
    const { app, mcp } = await start({ confirmation: 'operator' });
    const now = app.consentClock.now();
    await app.consentJournal.grantLive({ grantedAt: now, expiresAt: now + 3_600_000, grantedBy: 'ops' });
    const answer = await rawSetLive(mcp);
    expect(answer.result.structuredContent).toMatchObject({ mode: 'live', confirmedBy: 'operator' });
    expect(switches(app)).toEqual([
      expect.objectContaining({
        actor: 'operator',
        detail: expect.objectContaining({ confirmedBy: 'operator', grant: 1 }),
      }),
    ]);
    expect((await rawToolCall(mcp, 'get_account', {})).result.structuredContent.mode).toBe('live');
    await app.consentJournal.revokeLive(app.consentClock.now());
    expect((await rawToolCall(mcp, 'get_account', {})).result.structuredContent.mode).toBe('paper');
    expect(switches(app).at(-1)).toMatchObject({
      mode: 'paper',
      actor: 'system',
      detail: { reason: 'operator grant 1 expired or was revoked' },
    });
    expect((await rawSetLive(mcp)).result.isError).toBe(true);
  });

  it('an operator grant that expires then ends live trading at the next call', async () => {
    const { app, mcp } = await start();
    const now = app.consentClock.now();
    await app.consentJournal.grantLive({ grantedAt: now, expiresAt: now + 60_000, grantedBy: 'ops' });
    expect((await rawSetLive(mcp)).result.structuredContent.mode).toBe('live');
    expect(await healthMode(mcp)).toBe('live');
    app.consentClock.advance(60_000);
    expect(await healthMode(mcp)).toBe('paper');
    expect((await rawSetLive(mcp)).result.resultType).toBe('input_required');
  });
});
