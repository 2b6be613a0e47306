/**
 * The built CLI answers the MCP handshake and tools/list before its App is open: Binance.US here is
 * a loopback server that accepts connections and never answers, so the App cannot open while the
 * host lists the tools. A serve path that waited for the App would hang, or answer only after the
 * venue's request timed out and closed its connection.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, describe, expect, it } from 'vitest';
import { TOOL_NAMES } from '../../src/mcp/tools/index.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const cli = join(repoRoot, 'dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'binance-mcp-handshake-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!existsSync(cli))('handshake first (skipped when dist/ is not built: run npm run build)', () => {
  it('lists every tool while the venue has not answered, so the App is not open yet', async () => {
    const sockets: Socket[] = [];
    let closedEarly = 0;
    const venue = createServer((socket) => {
      sockets.push(socket);
      socket.on('close', () => (closedEarly += 1));
    });
    await new Promise<void>((done) => venue.listen(0, '127.0.0.1', done));
    const { port } = venue.address() as { port: number };
    const firstConnection = new Promise<void>((done) => venue.once('connection', () => done()));

    const client = new Client({ name: 'handshake-first', version: '1' });
    try {
      await client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: [cli, 'serve', '--stdio', '--no-http', '--db', `sqlite:${join(dir, 'journal.db')}`],
          env: {
            PATH: process.env.PATH ?? '',
            HOME: dir,
            DATA_DIR: dir,
            LOG_LEVEL: 'silent',
            BINANCE_BASE_URL: `http://127.0.0.1:${port}`,
            BINANCE_STREAM_URL: `ws://127.0.0.1:${port}`,
          },
          cwd: repoRoot,
          stderr: 'ignore',
        }),
      );
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([...TOOL_NAMES].sort());
      expect(closedEarly).toBe(0);
      // The App's start is under way and held by the venue: the answer above did not wait for it.
      await firstConnection;
      expect(sockets.every((s) => !s.destroyed)).toBe(true);
    } finally {
      await client.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => venue.close(done));
    }
  }, 30_000);
});
