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

const accept: () => ElicitResult = () => ({ action: 'accept', content: { confirm: true } });

describe.each(['modern', 'legacy'] as const)('trading mode over the %s era', (era) => {
  it('a new session when it starts then is in paper mode', async () => {
    const client = await session(era, fakeApp({ available: true }));
    const result = await client.callTool({ name: 'get_trading_mode', arguments: {} });
    expect(structured(result)).toMatchObject({ mode: 'paper', liveAvailable: true, liveRequiresConfirmation: true });
  });

  it('set_trading_mode live when the human accepts then switches, audits, and orders go to the live desk', async () => {
    const app = fakeApp({ available: true });
    const asked: string[] = [];
    const client = await session(era, app, (message) => {
      asked.push(message);
      return accept();
    });
    const result = await client.callTool({ name: 'set_trading_mode', arguments: { mode: 'live' } });
    expect(result.isError).toBeFalsy();
    expect(structured(result)).toMatchObject({ mode: 'live', previousMode: 'paper', confirmedBy: 'client-confirmed' });
    expect(asked[0]).toMatch(/LIVE trading/);
    expect(app.audits).toEqual([
      expect.objectContaining({
        action: 'set_trading_mode',
        actor: 'client',
        mode: 'live',
        detail: expect.objectContaining({ confirmedBy: 'client-confirmed' }),
      }),
    ]);
    const order = await client.callTool({
      name: 'place_order',
      arguments: { symbol: 'BTCUSD', side: 'BUY', quantity: '0.001', action_id: 'live-1' },
    });
    expect(structured(order)).toMatchObject({ mode: 'live', status: 'placed' });
    expect(app.desks.live!.orders_).toHaveLength(1);
    expect(app.desks.paper.orders_).toHaveLength(0);
  });

  it('set_trading_mode live when the human declines then stays in paper', async () => {
    const app = fakeApp({ available: true });
    const client = await session(era, app, () => ({ action: 'decline' }));
    const result = await client.callTool({ name: 'set_trading_mode', arguments: { mode: 'live' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/did not confirm.*stays in paper/);
    expect(structured(await client.callTool({ name: 'get_trading_mode', arguments: {} }))).toMatchObject({
      mode: 'paper',
    });
    expect(app.audits).toHaveLength(0);
  });

  it('set_trading_mode live when the human answers no then stays in paper', async () => {
    const client = await session(era, fakeApp({ available: true }), () => ({
      action: 'accept',
      content: { confirm: false },
    }));
    const result = await client.callTool({ name: 'set_trading_mode', arguments: { mode: 'live' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/answered no/);
  });

  it('set_trading_mode live when the client cannot elicit then refuses and stays in paper', async () => {
    const client = await session(era, fakeApp({ available: true }));
    const result = await client.callTool({ name: 'set_trading_mode', arguments: { mode: 'live' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/cannot ask the human/);
    expect(structured(await client.callTool({ name: 'get_account', arguments: {} }))).toMatchObject({ mode: 'paper' });
  });

  it('set_trading_mode live when the operator waived confirmation then switches without asking', async () => {
    const app = fakeApp({ available: true, requiresConfirmation: false });
    const client = await session(era, app);
    const result = await client.callTool({ name: 'set_trading_mode', arguments: { mode: 'live' } });
    expect(structured(result)).toMatchObject({ mode: 'live', confirmedBy: 'operator-configuration' });
    expect(app.audits).toEqual([expect.objectContaining({ actor: 'system', mode: 'live' })]);
  });

  it('set_trading_mode live when live is not configured then refuses with the reason', async () => {
    const client = await session(era, fakeApp({ available: false }), accept);
    const result = await client.callTool({ name: 'set_trading_mode', arguments: { mode: 'live' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/not available: the operator configured paper trading only/);
  });

  it('set_trading_mode paper when live then switches back without asking', async () => {
    const asked: string[] = [];
    const client = await session(era, fakeApp({ available: true }), (m) => {
      asked.push(m);
      return accept();
    });
    await client.callTool({ name: 'set_trading_mode', arguments: { mode: 'live' } });
    const back = await client.callTool({ name: 'set_trading_mode', arguments: { mode: 'paper' } });
    expect(structured(back)).toMatchObject({ mode: 'paper', previousMode: 'live' });
    expect(asked).toHaveLength(1);
  });

  it('two sessions when one switches to live then the other stays in paper', async () => {
    const app = fakeApp({ available: true });
    const first = await session(era, app, accept);
    const second = await session(era, app, accept);
    await first.callTool({ name: 'set_trading_mode', arguments: { mode: 'live' } });
    expect(structured(await second.callTool({ name: 'get_trading_mode', arguments: {} }))).toMatchObject({
      mode: 'paper',
    });
  });
});
