/**
 * Live consent over stdio-like sessions (in memory, served as stdio serves them) in both protocol
 * eras: on the legacy era the server itself sends elicitation/create and awaits the answer; the
 * request it opened is still the only one an answer can use. Over stdio the code is left to
 * `binance-mcp live code` (the MCP host owns this process's stderr).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ElicitResult } from '@modelcontextprotocol/client';
import { createMcpServerFactory } from '../../src/mcp/server.js';
import { fakeApp, type FakeApp } from '../support/fake-app.js';
import { connectInMemory, structured, textOf, type Era } from '../support/mcp-clients.js';

const clients: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function session(era: Era, app: FakeApp, elicit?: (message: string) => ElicitResult) {
  const client = await connectInMemory(createMcpServerFactory(app), { era, elicit });
  clients.push(client);
  return client;
}

const pendingCode = (app: FakeApp) => [...app.consentJournal.codes.values()].at(-1)?.code;

describe.each(['modern', 'legacy'] as const)('live consent over the %s era (stdio sessions)', (era) => {
  it("LIVE_CONFIRMATION=code when the human types the operator's code then switches, audited code-confirmed", async () => {
    const app = fakeApp({ available: true, confirmation: 'code' });
    const asked: string[] = [];
    const client = await session(era, app, (message) => {
      asked.push(message);
      return { action: 'accept', content: { confirm: true, code: pendingCode(app)! } };
    });
    const result = await client.callTool({ name: 'set_trading_mode', arguments: { mode: 'live' } });
    expect(structured(result)).toMatchObject({ mode: 'live', confirmedBy: 'code-confirmed' });
    expect(asked[0]).toMatch(/6-digit one-time code/);
    expect(app.audits).toEqual([
      expect.objectContaining({ actor: 'human', detail: expect.objectContaining({ confirmedBy: 'code-confirmed' }) }),
    ]);
  });

  it('LIVE_CONFIRMATION=code when the client answers with a made-up code then stays in paper and journals why', async () => {
    const app = fakeApp({ available: true, confirmation: 'code' });
    const client = await session(era, app, () => ({
      action: 'accept',
      content: { confirm: true, code: '123456' === pendingCode(app) ? '654321' : '123456' },
    }));
    const result = await client.callTool({ name: 'set_trading_mode', arguments: { mode: 'live' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/wrong confirmation code/);
    expect(app.audits).toEqual([expect.objectContaining({ action: 'live_confirmation_refused' })]);
  });

  it('an operator grant when it runs then switches without asking, audited operator', async () => {
    const app = fakeApp({ available: true });
    const now = app.consentClock.now();
    await app.consentJournal.grantLive({ grantedAt: now, expiresAt: now + 60_000, grantedBy: 'ops' });
    const asked: string[] = [];
    const client = await session(era, app, (m) => {
      asked.push(m);
      return { action: 'accept', content: { confirm: true } };
    });
    const result = await client.callTool({ name: 'set_trading_mode', arguments: { mode: 'live' } });
    expect(structured(result)).toMatchObject({ mode: 'live', confirmedBy: 'operator' });
    expect(asked).toEqual([]);
    expect(app.audits).toEqual([
      expect.objectContaining({ actor: 'operator', detail: expect.objectContaining({ confirmedBy: 'operator' }) }),
    ]);
  });

  it('get_trading_mode over stdio then says the client confirms (the default for stdio)', async () => {
    const client = await session(era, fakeApp({ available: true }));
    expect(structured(await client.callTool({ name: 'get_trading_mode', arguments: {} }))).toMatchObject({
      liveConfirmation: 'client',
    });
  });
});
