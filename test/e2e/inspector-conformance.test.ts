/**
 * Third-party clients against the built server: the MCP Inspector CLI over stdio and over HTTP with
 * the token, and @modelcontextprotocol/conformance 0.1.13 (server-initialize, ping, tools-list,
 * dns-rebinding-protection) through a loopback proxy that adds the bearer token and nothing else.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHttpServer } from '../../src/http/server.js';
import { serveHttp } from '../../src/compose/http.js';
import { TOOL_NAMES } from '../../src/mcp/tools/index.js';
import { realApp, type RealApp } from '../support/real-app.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const cli = join(repoRoot, 'dist/cli/main.js');
const inspectorBin = join(repoRoot, 'node_modules/.bin/mcp-inspector');
const conformanceBin = join(repoRoot, 'node_modules/.bin/conformance');
const home = mkdtempSync(join(tmpdir(), 'binance-mcp-inspector-'));
const token = '9'.repeat(64);
const ready = existsSync(cli) && existsSync(inspectorBin) && existsSync(conformanceBin);

let real: RealApp;
let server: RunningHttpServer;
let proxy: Server;
let proxyUrl: string;

/** Runs a CLI without blocking this process's event loop (it hosts the HTTP server under test). */
function run(bin: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(bin, args, {
      cwd: repoRoot,
      env: { ...process.env, HOME: home, DATA_DIR: home, LOG_LEVEL: 'silent' },
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const stdioTarget = [process.execPath, cli, 'serve', '--stdio', '--no-http', '--market', 'synthetic'];

describe.skipIf(!ready)(
  'Inspector CLI and conformance (skipped when dist/ is not built or the tools are not installed)',
  () => {
    beforeAll(async () => {
      real = await realApp();
      server = await serveHttp(real.app, { host: '127.0.0.1', port: 0, token });
      const target = new URL(server.url!);
      proxy = createServer((req, res) => {
        const forward = request(
          {
            host: target.hostname,
            port: target.port,
            path: req.url,
            method: req.method,
            headers: { ...req.headers, authorization: `Bearer ${token}` },
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forward.on('error', () => res.writeHead(502).end());
        req.pipe(forward);
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
      proxyUrl = `http://localhost:${(proxy.address() as AddressInfo).port}/mcp`;
    }, 60_000);
    afterAll(async () => {
      await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
      await server?.close();
      await real?.close();
      rmSync(home, { recursive: true, force: true });
    });

    it.each(['legacy', 'modern'])(
      'inspector over stdio, %s era, when listing tools then exits 0 with every tool',
      async (era) => {
        const out = await run(inspectorBin, [
          '--cli',
          '--format',
          'json',
          '-q',
          '--protocol-era',
          era,
          ...stdioTarget,
          '--method',
          'tools/list',
        ]);
        expect(out.code, out.stderr).toBe(0);
        expect(
          JSON.parse(out.stdout)
            .result.tools.map((t: { name: string }) => t.name)
            .sort(),
        ).toEqual([...TOOL_NAMES].sort());
      },
    );

    it('inspector over stdio when calling get_indicators then exits 0, and with a bad argument exits 5', async () => {
      const good = await run(inspectorBin, [
        '--cli',
        '--format',
        'json',
        '-q',
        ...stdioTarget,
        '--method',
        'tools/call',
        '--tool-name',
        'get_indicators',
        '--tool-arg',
        'symbol=BTCUSD',
        'timeframe=1h',
      ]);
      expect(good.code, good.stderr + good.stdout).toBe(0);
      expect(good.stdout).toContain('"mode":"paper"');
      const bad = await run(inspectorBin, [
        '--cli',
        '--format',
        'json',
        '-q',
        ...stdioTarget,
        '--method',
        'tools/call',
        '--tool-name',
        'get_indicators',
        '--tool-arg',
        'symbol=BTCUSD',
        'timeframe=2y',
      ]);
      expect(bad.code, bad.stderr + bad.stdout).toBe(5);
      expect(bad.stdout + bad.stderr).toMatch(/timeframe/);
    });

    it.each(['legacy', 'modern'])(
      'inspector over HTTP, %s era, when the token is given then exits 0, and without it exits 3',
      async (era) => {
        const url = `${server.url}/mcp`;
        const ok = await run(inspectorBin, [
          '--cli',
          '--format',
          'json',
          '-q',
          '--protocol-era',
          era,
          '--server-url',
          url,
          '--header',
          `Authorization: Bearer ${token}`,
          '--method',
          'tools/list',
        ]);
        expect(ok.code, ok.stderr).toBe(0);
        expect(JSON.parse(ok.stdout).result.tools).toHaveLength(TOOL_NAMES.length);
        const refused = await run(inspectorBin, [
          '--cli',
          '--format',
          'json',
          '-q',
          '--protocol-era',
          era,
          '--server-url',
          url,
          '--method',
          'tools/list',
        ]);
        expect(refused.code, refused.stderr).toBe(3);
      },
      60_000,
    );

    it.each(['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection'])(
      'conformance scenario %s when run then passes',
      async (scenario) => {
        const out = await run(conformanceBin, ['server', '--url', proxyUrl, '--scenario', scenario]);
        expect(out.code, `${out.stdout}\n${out.stderr}`).toBe(0);
      },
      120_000,
    );
  },
);
