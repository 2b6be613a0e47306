/**
 * MCP serving costs, each against a bare SDK v2 server measured in the same run:
 * - get_market_data over Streamable HTTP (both eras): calls/s, p50/p99 latency; ratio to a trivial tool on a bare server.
 * - cold start to the first tools/list answer over stdio (the built CLI vs a bare stdio server).
 * - resident memory of the server process, idle and after 10,000 calls (both over HTTP).
 * Run: npm run build && npx tsx bench/mcp-http.bench.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve as serveHono } from '@hono/node-server';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { createApp } from '../src/compose/app.js';
import { loadConfig } from '../src/config.js';
import { serveHttp } from '../src/compose/http.js';
import { bareHttpApp } from './support/bare-server.js';

const root = resolve(import.meta.dirname, '..');
const token = '7'.repeat(64);
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const dir = mkdtempSync(join(tmpdir(), 'binance-mcp-bench-'));
process.setMaxListeners(0);

type Era = 'modern' | 'legacy';
interface Run {
  callsPerSecond: number;
  p50: number;
  p99: number;
}

async function connect(url: string, era: Era): Promise<Client> {
  const client = new Client(
    { name: 'bench', version: '1' },
    { versionNegotiation: era === 'modern' ? { mode: { pin: '2026-07-28' } } : { mode: 'legacy' } },
  );
  await client.connect(
    new StreamableHTTPClientTransport(new URL('/mcp', url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

/** Sequential calls; the client reconnects every 1,000 calls (the v2 client leaks a listener per call on one connection). */
async function measure(
  url: string,
  era: Era,
  name: string,
  args: Record<string, unknown>,
  calls: number,
): Promise<Run> {
  let client = await connect(url, era);
  for (let i = 0; i < 100; i += 1) await client.callTool({ name, arguments: args });
  const latencies: number[] = [];
  const start = performance.now();
  for (let i = 0; i < calls; i += 1) {
    if (i > 0 && i % 1000 === 0) {
      await client.close();
      client = await connect(url, era);
    }
    const t = performance.now();
    const result = await client.callTool({ name, arguments: args });
    latencies.push(performance.now() - t);
    if (result.isError) throw new Error(`${name} failed`);
  }
  const seconds = (performance.now() - start) / 1000;
  await client.close();
  latencies.sort((a, b) => a - b);
  return {
    callsPerSecond: calls / seconds,
    p50: latencies[Math.floor(calls * 0.5)]!,
    p99: latencies[Math.floor(calls * 0.99)]!,
  };
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return kb / 1024;
}

function waitFor(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let seen = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) resolveLine(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${seen}`)));
  });
}

async function coldStart(command: string, args: string[], env: Record<string, string>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const client = new Client({ name: 'bench', version: '1' });
    const start = performance.now();
    await client.connect(
      new StdioClientTransport({
        command,
        args,
        env: { PATH: process.env.PATH ?? '', ...env },
        cwd: root,
        stderr: 'ignore',
      }),
    );
    await client.listTools();
    times.push(performance.now() - start);
    await client.close();
  }
  times.sort((a, b) => a - b);
  return times[2]!;
}

const fmt = (n: number, d = 1) => n.toFixed(d);

async function main(): Promise<void> {
  // 1. Throughput and latency over HTTP, in this process, ours vs bare.
  const app = await createApp(
    loadConfig({
      MARKET_DATA: 'synthetic',
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${join(dir, 'trading.db')}`,
      LOG_LEVEL: 'silent',
    }),
  );
  const ours = await serveHttp(app, { host: '127.0.0.1', port: 0, token });
  const bare = await new Promise<{ url: string; close: () => void }>((done) => {
    const server = serveHono({ fetch: bareHttpApp(token).fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
      done({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }),
    );
  });
  console.log(`Streamable HTTP, ${CALLS} sequential calls each (bearer auth on both):`);
  for (const era of ['modern', 'legacy'] as const) {
    const base = await measure(bare.url, era, 'echo', { text: 'hi' }, CALLS);
    const mine = await measure(ours.url!, era, 'get_market_data', { symbols: ['BTCUSD'] }, CALLS);
    console.log(
      `  ${era.padEnd(6)} bare echo:            ${fmt(base.callsPerSecond, 0)} calls/s, p50 ${fmt(base.p50, 2)} ms, p99 ${fmt(base.p99, 2)} ms`,
    );
    console.log(
      `  ${era.padEnd(6)} ours get_market_data: ${fmt(mine.callsPerSecond, 0)} calls/s, p50 ${fmt(mine.p50, 2)} ms, p99 ${fmt(mine.p99, 2)} ms`,
    );
    console.log(
      `  ${era.padEnd(6)} ratio (bare calls/s / ours calls/s): ${fmt(base.callsPerSecond / mine.callsPerSecond, 2)}x (target <= 1.5x); p50 ratio ${fmt(mine.p50 / base.p50, 2)}x`,
    );
  }
  await ours.close();
  bare.close();
  await app.close();

  // 2. Cold start over stdio.
  const env = { DATA_DIR: dir, LOG_LEVEL: 'silent', HOME: dir };
  const ourStart = await coldStart(
    process.execPath,
    [join(root, 'dist/cli/main.js'), 'serve', '--stdio', '--no-http', '--market', 'synthetic'],
    env,
  );
  const bareStart = await coldStart(process.execPath, [join(root, 'bench/support/bare-stdio.mjs')], env);
  console.log(
    `\nCold start to first tools/list over stdio (median of 5): ours ${fmt(ourStart, 0)} ms (target 400 ms), bare ${fmt(bareStart, 0)} ms, ratio ${fmt(ourStart / bareStart, 2)}x`,
  );

  // 3. Resident memory of the server process, idle and after 10,000 calls.
  console.log('\nServer process RSS (HTTP, 10,000 calls of get_market_data / echo, legacy era):');
  for (const kind of ['ours', 'bare'] as const) {
    const child =
      kind === 'ours'
        ? spawn(process.execPath, [join(root, 'dist/cli/main.js'), 'serve', '--http-only', '--market', 'synthetic'], {
            cwd: root,
            env: { ...process.env, ...env, LOG_LEVEL: 'info', HTTP_PORT: '0', MCP_AUTH_TOKEN: token },
            stdio: ['ignore', 'ignore', 'pipe'],
          })
        : spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/support/bare-server.ts'), 'http', '0', token], {
            cwd: root,
            stdio: ['ignore', 'ignore', 'pipe'],
          });
    const url =
      kind === 'ours'
        ? await waitFor(child, /HTTP on (http:\/\/\S+)/)
        : `http://127.0.0.1:${await waitFor(child, /listening (\d+)/)}`;
    await new Promise((r) => setTimeout(r, 1000));
    const idle = rssMb(child.pid!);
    await measure(
      url,
      'legacy',
      kind === 'ours' ? 'get_market_data' : 'echo',
      kind === 'ours' ? { symbols: ['BTCUSD'] } : { text: 'hi' },
      10_000,
    );
    const after = rssMb(child.pid!);
    console.log(`  ${kind}: idle ${fmt(idle)} MB, after 10,000 calls ${fmt(after)} MB`);
    child.kill('SIGTERM');
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
