/** `binance-mcp serve --host` beyond loopback: refused without ALLOWED_HOSTS, before anything listens. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'bm-serve-host-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function serve(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--http-only', ...args], {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: dir,
        MARKET_DATA: 'synthetic',
        LOG_LEVEL: 'silent',
        ALLOWED_HOSTS: '',
        HTTP_HOST: '',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('binance-mcp serve --host', () => {
  it('0.0.0.0 without ALLOWED_HOSTS then refuses to start with exit code 2, naming ALLOWED_HOSTS', async () => {
    const { code, stderr } = await serve(['--host', '0.0.0.0', '--port', '0']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /not starting: HTTP_HOST\/--host 0\.0\.0\.0 is reachable beyond this machine: set ALLOWED_HOSTS/,
    );
  }, 30_000);

  it('a LAN address from HTTP_HOST without ALLOWED_HOSTS then refuses too', async () => {
    const { code, stderr } = await serve([], { HTTP_HOST: '192.168.77.1' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/ALLOWED_HOSTS/);
  }, 30_000);
});
