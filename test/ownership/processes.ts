/**
 * Real binance-mcp processes for the ownership tests: the built CLI (`node dist/cli/main.js serve
 * --market synthetic`) as a stdio server driven by an SDK client, or as an HTTP server driven by an
 * SDK client over Streamable HTTP. All share one DATA_DIR and one journal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { connectHttp } from '../support/mcp-clients.js';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const cli = join(repoRoot, 'dist/cli/main.js');
export const cliBuilt = existsSync(cli);
export const TOKEN = 'e'.repeat(64);

export interface Journal {
  dataDir: string;
  /** DATABASE_URL shared by every process. */
  url: string;
}

export interface ServerProcess {
  name: string;
  client: Client;
  pid: number;
  stderr(): string;
  /** Resolves when the process has exited (any way). */
  exited: Promise<void>;
  kill(signal?: NodeJS.Signals): void;
  close(): Promise<void>;
}

function env(journal: Journal, extra: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: journal.dataDir,
    DATA_DIR: journal.dataDir,
    DATABASE_URL: journal.url,
    LOG_LEVEL: 'warn',
    MCP_AUTH_TOKEN: TOKEN,
    ...extra,
  };
}

/** A stdio server (no HTTP) driven by an SDK v2 client. */
export async function stdioServer(
  name: string,
  journal: Journal,
  extra: Record<string, string> = {},
): Promise<ServerProcess> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, 'serve', '--stdio', '--no-http', '--market', 'synthetic'],
    env: env(journal, extra),
    cwd: journal.dataDir,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: `ownership-${name}`, version: '1.0.0' });
  await client.connect(transport);
  const pid = transport.pid!;
  const exited = new Promise<void>((done) => {
    const check = () => {
      try {
        process.kill(pid, 0);
        setTimeout(check, 20);
      } catch {
        done();
      }
    };
    check();
  });
  return {
    name,
    client,
    pid,
    exited,
    stderr: () => stderr,
    kill: (signal = 'SIGKILL') => {
      try {
        process.kill(pid, signal);
      } catch {
        /* already gone */
      }
    },
    close: async () => {
      await client.close().catch(() => undefined);
    },
  };
}

/** An HTTP-only server, its MCP client over Streamable HTTP. */
export async function httpServer(
  name: string,
  journal: Journal,
  extra: Record<string, string> = {},
): Promise<ServerProcess & { url: string }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, 'serve', '--http-only', '--market', 'synthetic', '--port', '0'],
    {
      env: env(journal, extra),
      cwd: journal.dataDir,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((found, failed) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /HTTP on (http:\/\/\S+)/.exec(stderr);
      if (match) found(match[1]!);
    });
    void exited.then(() => failed(new Error(`http server ${name} exited: ${stderr}`)));
  });
  const client = await connectHttp(url, TOKEN, { era: 'modern' });
  return {
    name,
    client,
    url,
    pid: child.pid!,
    exited,
    stderr: () => stderr,
    kill: (signal = 'SIGKILL') => {
      child.kill(signal);
    },
    close: async () => {
      await client.close().catch(() => undefined);
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface ToolOutcome {
  status?: string;
  clientOrderId?: string;
  order?: { status: string; orderId: string | null; executedQty: string };
  fills?: unknown[];
  isError: boolean;
  text: string;
}

export async function call(server: ServerProcess, name: string, args: Record<string, unknown>): Promise<ToolOutcome> {
  const result = await server.client.callTool({ name, arguments: args });
  const text = ((result.content ?? []) as { type: string; text?: string }[]).map((c) => c.text ?? '').join('\n');
  return { ...((result.structuredContent ?? {}) as object), isError: result.isError === true, text } as ToolOutcome;
}

/** Resolves when `check` returns a value other than undefined; checks after each event of a poll of the journal. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
