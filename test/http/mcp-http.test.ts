import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHttpServer } from '../../src/http/server.js';
import { serveHttp } from '../../src/compose/http.js';
import { TOOL_NAMES } from '../../src/mcp/tools/index.js';
import { fakeApp, type FakeApp } from '../support/fake-app.js';
import { connectHttp, connectV1Http, structured, textOf } from '../support/mcp-clients.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function json(response: Response): Promise<any> {
  return response.json();
}

let app: FakeApp;
let server: RunningHttpServer;
const token = 'a'.repeat(64);

beforeAll(async () => {
  app = fakeApp({ available: true });
  server = await serveHttp(app, { host: '127.0.0.1', port: 0, token });
});
afterAll(async () => {
  await server.close();
});

describe.each(['modern', 'legacy'] as const)('MCP over Streamable HTTP, %s era', (era) => {
  it('tools/list and get_market_data when authorized then answer', async () => {
    const client = await connectHttp(server.url!, token, { era });
    try {
      expect(client.getProtocolEra()).toBe(era);
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(TOOL_NAMES.length);
      const result = await client.callTool({ name: 'get_market_data', arguments: { symbols: ['BTCUSD'] } });
      expect(structured(result)).toMatchObject({ mode: 'paper', quotes: [{ symbol: 'BTCUSD' }] });
    } finally {
      await client.close();
    }
  });

  it('connect when the token is wrong then fails', async () => {
    await expect(connectHttp(server.url!, 'b'.repeat(64), { era })).rejects.toThrow();
  });
});

describe('trading mode over HTTP', () => {
  it('set_trading_mode live when a legacy client over stateless HTTP asks then refuses (it cannot be elicited)', async () => {
    const client = await connectHttp(server.url!, token, {
      era: 'legacy',
      elicit: () => ({ action: 'accept', content: { confirm: true } }),
    });
    try {
      const result = await client.callTool({ name: 'set_trading_mode', arguments: { mode: 'live' } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/cannot ask the human/);
    } finally {
      await client.close();
    }
  });

  it("set_trading_mode live when a modern client confirms with the operator's code then the HTTP session and /health say live, and paper restores it", async () => {
    const operatorsCode = () => [...app.consentJournal.codes.values()].at(-1)!.code;
    const client = await connectHttp(server.url!, token, {
      era: 'modern',
      elicit: () => ({ action: 'accept', content: { confirm: true, code: operatorsCode() } }),
    });
    try {
      const result = await client.callTool({ name: 'set_trading_mode', arguments: { mode: 'live' } });
      expect(structured(result)).toMatchObject({ mode: 'live', confirmedBy: 'code-confirmed' });
      expect((await json(await fetch(`${server.url}/health`))).mode).toBe('live');
      await client.callTool({ name: 'set_trading_mode', arguments: { mode: 'paper' } });
      expect((await json(await fetch(`${server.url}/health`))).mode).toBe('paper');
    } finally {
      await client.close();
    }
  });
});

describe('MCP over HTTP with the v1 SDK client as an old host', () => {
  it('tools/list and a tool call when authorized then work', async () => {
    const client = await connectV1Http(server.url!, token);
    try {
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(TOOL_NAMES.length);
      const result = await client.callTool({ name: 'get_fees', arguments: { symbols: ['BTCUSD'] } });
      expect((result.structuredContent as { fees: { taker: string }[] }).fees[0]!.taker).toBe('0.002');
    } finally {
      await client.close();
    }
  });
});
