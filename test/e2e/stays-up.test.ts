/**
 * The built CLI when its start fails: Binance.US out of reach (a port nothing listens on yet) or a
 * journal that cannot be opened. It stays up, answers every market call with the reason and the
 * exact fix, retries, and recovers by itself once the venue (the fake exchange, started late on
 * that port) or the journal's folder is there.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/fake-exchange/server.js';
import { TOOL_NAMES } from '../../src/mcp/tools/index.js';
import { textOf } from '../support/mcp-clients.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const cli = join(repoRoot, 'dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'binance-mcp-stays-up-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

async function connect(args: string[], env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'stays-up', version: '1' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [cli, 'serve', '--stdio', '--no-http', ...args],
      env: { PATH: process.env.PATH ?? '', HOME: dir, DATA_DIR: dir, LOG_LEVEL: 'silent', ...env },
      cwd: repoRoot,
      stderr: 'ignore',
    }),
  );
  return client;
}

/** Calls until the answer is not an error: each call while down makes one fresh start attempt and waits for it. */
async function untilAnswered(client: Client, name: string, args: Record<string, unknown>, attempts = 30) {
  for (let i = 0; i < attempts; i += 1) {
    const result = await client.callTool({ name, arguments: args });
    if (!result.isError) return result;
  }
  throw new Error(`${name} still failing after ${attempts} calls`);
}

describe.skipIf(!existsSync(cli))('a server that stays up (skipped when dist/ is not built: run npm run build)', () => {
  it('Binance.US unreachable when the server starts then it lists tools, answers with the reason and the fix, and recovers when the venue appears', async () => {
    const port = await freePort();
    const client = await connect(['--db', `sqlite:${join(dir, 'live.db')}`], {
      BINANCE_BASE_URL: `http://127.0.0.1:${port}`,
      BINANCE_STREAM_URL: `ws://127.0.0.1:${port}`,
    });
    let fake: FakeExchange | undefined;
    try {
      expect((await client.listTools()).tools).toHaveLength(TOOL_NAMES.length);
      const down = await client.callTool({ name: 'get_market_data', arguments: { symbols: ['BTCUSD'] } });
      expect(down.isError).toBe(true);
      expect(textOf(down)).toMatch(/could not start: Binance\.US at 127\.0\.0\.1:\d+ could not be reached/);
      expect(textOf(down)).toContain('"--market", "synthetic"');
      expect(textOf(down)).toMatch(/tries again by itself/);
      const account = await client.callTool({ name: 'get_account', arguments: {} });
      expect(textOf(account)).toMatch(/could not start/);

      fake = await startFakeExchange({ port });
      const up = await untilAnswered(client, 'get_market_data', { symbols: ['BTCUSD'] });
      expect(up.structuredContent).toMatchObject({ mode: 'paper', quotes: [{ symbol: 'BTCUSD' }] });
    } finally {
      await client.close();
      await fake?.close();
    }
  }, 60_000);

  it('a journal that cannot be opened when the server starts then calls say so, and it recovers once the folder exists', async () => {
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, 'a file where the journal folder should be');
    const client = await connect(['--market', 'synthetic', '--db', `sqlite:${join(blocker, 'trading.db')}`], {});
    try {
      const down = await client.callTool({ name: 'get_account', arguments: {} });
      expect(down.isError).toBe(true);
      expect(textOf(down)).toMatch(/could not start: .*The server stays up/);
      rmSync(blocker);
      mkdirSync(blocker);
      const up = await untilAnswered(client, 'get_account', {});
      expect(up.structuredContent).toMatchObject({ mode: 'paper' });
    } finally {
      await client.close();
    }
  }, 60_000);
});
