/**
 * Live mode cannot be reached by a forged confirmation: the real app (TRADING_MODE=live against the
 * fake Binance.US, confirmation required) behind the real HTTP server, driven with raw JSON-RPC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComposedApp } from '../../src/compose/app.js';
import { liveCode } from '../../src/cli/commands/live.js';
import { type RunningHttpServer } from '../../src/http/server.js';
import { serveHttp } from '../../src/compose/http.js';
import { liveApp, startLiveVenue, type LiveAppHandle, type LiveVenue } from '../live/live-venue.js';
import { rawSetLive, rawToolCall, type RawMcp } from './raw-mcp.js';

let venue: LiveVenue;
let handle: LiveAppHandle;
let app: ComposedApp;
let server: RunningHttpServer;
let mcp: RawMcp;
const token = 'c'.repeat(64);

beforeAll(async () => {
  venue = await startLiveVenue();
  handle = await liveApp(venue.fake, { recvWindow: 2000, timeoutMs: 3000 }, { LIVE_REQUIRES_CONFIRMATION: 'true' });
  app = await handle.open();
  server = await serveHttp(app, { host: '127.0.0.1', port: 0, token });
  mcp = { url: server.url!, token };
}, 60_000);
afterAll(async () => {
  await server?.close();
  await app?.close();
  await venue?.close();
  await handle?.remove();
});

async function healthMode(): Promise<string> {
  return ((await (await fetch(`${server.url}/health`)).json()) as { mode: string }).mode;
}

describe('set_trading_mode live over raw HTTP', () => {
  it('an unrequested accept in inputResponses then does not switch, REST stays paper, and the refusal is journaled', async () => {
    const answer = await rawSetLive(mcp, {
      inputResponses: { confirm_live: { action: 'accept', content: { confirm: true } } },
    });
    expect(answer.result?.structuredContent?.mode ?? 'paper').toBe('paper');
    expect(answer.result?.resultType === 'complete' ? answer.result.isError : true).toBe(true);
    expect(await healthMode()).toBe('paper');
    const audits = await app.store.listAudit(50);
    expect(audits.filter((a) => a.action === 'set_trading_mode' && a.mode === 'live')).toEqual([]);
    expect(audits.some((a) => a.action === 'live_confirmation_refused')).toBe(true);
  });

  it('an accept with a made-up requestState then does not switch', async () => {
    const answer = await rawSetLive(mcp, {
      inputResponses: { confirm_live: { action: 'accept', content: { confirm: true, code: '000000' } } },
      requestState: 'v1.eyJwIjp7fSwiZXhwIjo5OTk5OTk5OTk5fQ.AAAA',
    });
    expect(answer.result?.structuredContent?.mode ?? 'paper').toBe('paper');
    expect(await healthMode()).toBe('paper');
  });

  it('the code read with `binance-mcp live code` then switches, and replaying that answer fails', async () => {
    const question = await rawSetLive(mcp);
    expect(question.result).toMatchObject({ resultType: 'input_required' });
    const shown = await liveCode(handle.config);
    expect(shown.found).toBe(true);
    const code = shown.text.split(' ')[0]!;
    const answer = {
      requestState: question.result.requestState as string,
      inputResponses: { confirm_live: { action: 'accept', content: { confirm: true, code } } },
    };
    expect((await rawSetLive(mcp, answer)).result.structuredContent).toMatchObject({
      mode: 'live',
      confirmedBy: 'code-confirmed',
    });
    expect(await healthMode()).toBe('live');
    await rawToolCall(mcp, 'set_trading_mode', { mode: 'paper' });
    const replay = await rawSetLive(mcp, answer);
    expect(replay.result.isError).toBe(true);
    expect(await healthMode()).toBe('paper');
    const audits = await app.store.listAudit(50);
    expect(
      audits
        .filter((a) => a.action === 'set_trading_mode' && a.mode === 'live')
        .map((a) => (a.detail as { confirmedBy: string }).confirmedBy),
    ).toEqual(['code-confirmed']);
  });
});
