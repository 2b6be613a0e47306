/** `binance-mcp config claude`: the printed entry starts this installation; --write merges it into the host's file. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, describe, expect, it } from 'vitest';
import { claudeConfigPath, mergeEntry } from '../../src/cli/commands/config.js';
import { TOOL_NAMES } from '../../src/mcp/tools/index.js';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'binance-mcp-host-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) =>
  execFileSync(process.execPath, [cli, 'config', 'claude', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('host config', () => {
  it("claudeConfigPath when asked per platform then names Claude Desktop's file", () => {
    expect(claudeConfigPath('darwin', '/Users/a')).toBe(
      '/Users/a/Library/Application Support/Claude/claude_desktop_config.json',
    );
    expect(claudeConfigPath('linux', '/home/a', {})).toBe('/home/a/.config/Claude/claude_desktop_config.json');
    expect(claudeConfigPath('win32', 'C:/Users/a', { APPDATA: 'C:/Users/a/AppData/Roaming' })).toMatch(
      /Roaming[\\/]Claude[\\/]claude_desktop_config\.json$/,
    );
  });

  it('mergeEntry when the file has other servers and our env then keeps them and replaces only command and args', () => {
    const merged = mergeEntry(
      {
        theme: 'dark',
        mcpServers: {
          other: { command: 'x', args: [] },
          'binance-mcp': { command: 'old', args: [], env: { MAX_TRADE_SIZE_USD: '50' } },
        },
      },
      { command: '/n', args: ['/c', 'serve'] },
    );
    expect(merged).toEqual({
      theme: 'dark',
      mcpServers: {
        other: { command: 'x', args: [] },
        'binance-mcp': { command: '/n', args: ['/c', 'serve'], env: { MAX_TRADE_SIZE_USD: '50' } },
      },
    });
  });

  describe.skipIf(!existsSync(cli))('with the built CLI (skipped when dist/ is not built)', () => {
    it('the printed entry when a host starts it with a minimal PATH then it serves every tool', async () => {
      const entry = JSON.parse(run('--market', 'synthetic')).mcpServers['binance-mcp'];
      expect(entry.command).toBe(process.execPath);
      expect(entry.args).toEqual([cli, 'serve', '--market', 'synthetic']);
      const client = new Client({ name: 'host', version: '1' });
      await client.connect(
        new StdioClientTransport({
          command: entry.command,
          args: entry.args,
          env: { PATH: '/nonexistent', HOME: dir, DATA_DIR: dir, HTTP_PORT: '0', LOG_LEVEL: 'silent' },
          stderr: 'ignore',
        }),
      );
      try {
        expect((await client.listTools()).tools).toHaveLength(TOOL_NAMES.length);
        expect((await client.callTool({ name: 'get_trading_mode', arguments: {} })).structuredContent).toMatchObject({
          mode: 'paper',
        });
      } finally {
        await client.close();
      }
    }, 60_000);

    it('--write when the file exists then merges the entry and keeps the old file as .bak', () => {
      const file = join(dir, 'claude_desktop_config.json');
      writeFileSync(file, JSON.stringify({ mcpServers: { other: { command: 'x', args: [] } } }));
      run('--write', '--file', file);
      const written = JSON.parse(readFileSync(file, 'utf8'));
      expect(Object.keys(written.mcpServers).sort()).toEqual(['binance-mcp', 'other']);
      expect(written.mcpServers['binance-mcp']).toEqual({ command: process.execPath, args: [cli, 'serve'] });
      expect(JSON.parse(readFileSync(`${file}.bak`, 'utf8'))).toEqual({
        mcpServers: { other: { command: 'x', args: [] } },
      });
    });

    it('--write when the file is not JSON then refuses and leaves it untouched', () => {
      const file = join(dir, 'broken.json');
      writeFileSync(file, '{ not json');
      expect(() => run('--write', '--file', file)).toThrow(/not valid JSON/);
      expect(readFileSync(file, 'utf8')).toBe('{ not json');
    });
  });
});
