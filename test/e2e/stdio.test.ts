/**
 * The built CLI (`node dist/cli/main.js serve --stdio`) driven by real clients over stdio: the SDK
 * v2 client in both eras and the v1 SDK client, plus HTTP served by the same process.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as V1StdioTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, describe, expect, it } from 'vitest';
import { TOOL_NAMES } from '../../src/mcp/tools/index.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const cli = join(repoRoot, 'dist/cli/main.js');
const dataDir = mkdtempSync(join(tmpdir(), 'binance-mcp-stdio-'));
const token = 'd'.repeat(64);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function serverParams(extraEnv: Record<string, string> = {}, http = false) {
  return {
    command: process.execPath,
    args: [
      cli,
      'serve',
      '--stdio',
      ...(http ? [] : ['--no-http']),
      '--market',
      'synthetic',
      '--db',
      `sqlite:${join(dataDir, 'trading.db')}`,
    ],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dataDir,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      MCP_AUTH_TOKEN: token,
      ...extraEnv,
    },
    cwd: repoRoot,
    stderr: 'pipe' as const,
  };
}

describe.skipIf(!existsSync(cli))(
  'stdio transport with the built CLI (skipped when dist/ is not built: run npm run build)',
  () => {
    it.each([
      ['modern', { mode: { pin: '2026-07-28' } }],
      ['legacy', { mode: 'legacy' }],
    ] as const)(
      'SDK v2 client, %s era, when it lists tools and buys then the answers come over stdio',
      async (era, versionNegotiation) => {
        const client = new Client({ name: 'stdio-test', version: '1.0.0' }, { versionNegotiation });
        await client.connect(new StdioClientTransport(serverParams()));
        try {
          expect(client.getProtocolEra()).toBe(era);
          expect(client.getInstructions()).toMatch(/paper or live|paper trading .* live trading/i);
          expect((await client.listTools()).tools).toHaveLength(TOOL_NAMES.length);
          const result = await client.callTool({
            name: 'place_order',
            arguments: {
              symbol: 'BTCUSD',
              side: 'BUY',
              order_type: 'MARKET',
              quote_quantity: '20',
              action_id: `stdio-${era}`,
            },
          });
          expect(result.structuredContent).toMatchObject({ mode: 'paper', status: 'placed' });
        } finally {
          await client.close();
        }
      },
      60_000,
    );

    it('v1 SDK client (an old host) when it lists tools and reads a resource then works over stdio', async () => {
      const client = new V1Client({ name: 'old-host', version: '1.0.0' });
      await client.connect(new V1StdioTransport(serverParams()));
      try {
        expect((await client.listTools()).tools).toHaveLength(TOOL_NAMES.length);
        const account = await client.readResource({ uri: 'binance-mcp://account' });
        expect(JSON.parse((account.contents[0] as { text: string }).text).mode).toBe('paper');
      } finally {
        await client.close();
      }
    }, 60_000);

    it('serve when stdio and HTTP both run then HTTP answers while stdio serves', async () => {
      const transport = new StdioClientTransport(serverParams({ HTTP_PORT: '0' }, true));
      let stderr = '';
      // Resolves when the server logs its HTTP address (the test's timeout bounds the wait).
      const httpUrl = new Promise<string>((resolve) => {
        transport.stderr?.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const logged = /HTTP on (http:\/\/\S+)/.exec(stderr)?.[1];
          if (logged) resolve(logged);
        });
      });
      const client = new Client({ name: 'stdio-test', version: '1.0.0' });
      await client.connect(transport);
      try {
        await client.listTools();
        const url = await httpUrl;
        expect(url, stderr).toBeDefined();
        const health = (await (await fetch(`${url}/health`)).json()) as { status: string; market_source: string };
        expect(health).toMatchObject({ status: 'ok', market_source: 'synthetic' });
        expect((await fetch(`${url}/mcp/contexts`, { method: 'POST', body: '{}' })).status).toBe(401);
      } finally {
        await client.close();
      }
    }, 60_000);
  },
);
