/**
 * The token file stays true: a server that does not end up serving HTTP never rewrites
 * DATA_DIR/auth-token, and the kept token is reused across restarts unless MCP_AUTH_TOKEN says otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keepAuthToken, resolveAuthToken } from '../../src/compose/auth-token.js';
import { loadConfig } from '../../src/config.js';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'auth-token-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${++n}`);

/** Starts `binance-mcp serve` and resolves with its stderr once it says it is serving. */
function startServer(
  dataDir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; stderr: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', ...args], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        MARKET_DATA: 'synthetic',
        LOG_LEVEL: 'info',
        HTTP_PORT: '0',
        MCP_AUTH_TOKEN: '',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('binance-mcp serving')) resolve({ child, stderr: () => stderr });
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code} before serving: ${stderr}`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function occupiedPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as { port: number }).port }),
    );
  });
}

const tokenIn = (dir: string) => readFileSync(join(dir, 'auth-token'), 'utf8').trim();

describe('the auth-token file', () => {
  it('resolveAuthToken when a token was kept then reuses it; it writes nothing until keepAuthToken', () => {
    const dir = freshDir();
    const config = loadConfig({ DATA_DIR: dir });
    const first = resolveAuthToken(config);
    expect(first.source).toBe('generated');
    expect(first.token).toMatch(/^[0-9a-f]{64}$/);
    expect(() => statSync(join(dir, 'auth-token'))).toThrow();
    expect(keepAuthToken(first)).toBe(true);
    expect(statSync(join(dir, 'auth-token')).mode & 0o777).toBe(0o600);
    expect(resolveAuthToken(config)).toEqual({ token: first.token, file: join(dir, 'auth-token'), source: 'file' });
    // A second generated token never overwrites the kept one.
    expect(keepAuthToken({ ...first, token: 'b'.repeat(64) })).toBe(false);
    expect(tokenIn(dir)).toBe(first.token);
  });

  it('resolveAuthToken when MCP_AUTH_TOKEN is set then it wins and the file is left as it is', () => {
    const dir = freshDir();
    const kept = resolveAuthToken(loadConfig({ DATA_DIR: dir }));
    keepAuthToken(kept);
    const setting = resolveAuthToken(
      loadConfig({ DATA_DIR: dir, MCP_AUTH_TOKEN: 'operator-token-of-at-least-32-characters' }),
    );
    expect(setting).toEqual({ token: 'operator-token-of-at-least-32-characters', file: null, source: 'setting' });
    expect(keepAuthToken(setting)).toBe(true);
    expect(tokenIn(dir)).toBe(kept.token);
  });

  it('resolveAuthToken when the file holds no token then says which file and what to do', () => {
    const dir = freshDir();
    keepAuthToken(resolveAuthToken(loadConfig({ DATA_DIR: dir })));
    writeFileSync(join(dir, 'auth-token'), 'short\n');
    expect(() => resolveAuthToken(loadConfig({ DATA_DIR: dir }))).toThrow(
      /auth-token does not hold a token.*MCP_AUTH_TOKEN/,
    );
  });

  it('serve when restarted then the HTTP server takes the kept token again', async () => {
    const dir = freshDir();
    const first = await startServer(dir, ['--http-only']);
    const token = tokenIn(dir);
    expect(first.stderr()).toContain(token);
    await stopServer(first.child);
    const second = await startServer(dir, ['--http-only']);
    await stopServer(second.child);
    expect(tokenIn(dir)).toBe(token);
    expect(second.stderr()).toContain(`kept in ${join(dir, 'auth-token')}): ${token}`);
  }, 60_000);

  it('serve when its HTTP port is taken (it goes on with stdio) or HTTP is off then the token file is not rewritten', async () => {
    const dir = freshDir();
    const owner = await startServer(dir, ['--http-only']);
    const token = tokenIn(dir);
    const taken = await occupiedPort();
    try {
      const stdioOnly = await startServer(dir, ['--stdio'], { HTTP_PORT: String(taken.port) });
      expect(stdioOnly.stderr()).toContain('already in use');
      await stopServer(stdioOnly.child);
      const noHttp = await startServer(dir, ['--stdio', '--no-http']);
      await stopServer(noHttp.child);
      expect(tokenIn(dir)).toBe(token);
    } finally {
      taken.server.close();
      await stopServer(owner.child);
    }
  }, 60_000);
});
