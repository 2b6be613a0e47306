import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../log.js';
import { toWire } from './errors.js';

/** One call over the channel: an account-changing call (or a read) the owner carries out. */
export interface ChannelCall {
  account: string;
  op: string;
  args: unknown[];
}

export type ChannelHandler = (call: ChannelCall) => Promise<unknown>;

export interface Channel {
  /** `unix:/abs/path`: what the lease row names. */
  endpoint: string;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) request.destroy(new Error('call too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * The local channel every serving process opens, whether or not it serves HTTP: HTTP over a Unix
 * domain socket in DATA_DIR (mode 0600, a name unique to the process, removed at close). Only the
 * user who runs binance-mcp can connect. POST /call with a ChannelCall; the answer is
 * `{ value }` or `{ error: WireError }`.
 */
export async function openChannel(dataDir: string, handler: ChannelHandler, logger: Logger): Promise<Channel> {
  const name = `owner-${process.pid}-${randomBytes(4).toString('hex')}.sock`;
  // A socket path is limited to about 100 bytes (104 on macOS): a deep DATA_DIR uses a private folder in the temp dir instead.
  const folder =
    Buffer.byteLength(join(dataDir, name)) <= 100
      ? dataDir
      : join(tmpdir(), `binance-mcp-${process.getuid?.() ?? 'user'}`);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (folder !== dataDir) chmodSync(folder, 0o700);
  const path = join(folder, name);
  const server: Server = createServer((request, response) => {
    const reply = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload);
      response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      response.end(text);
    };
    if (request.method !== 'POST' || request.url !== '/call')
      return reply(404, { error: { name: 'Error', message: 'POST /call only' } });
    body(request)
      .then(async (text) => {
        const call = JSON.parse(text) as ChannelCall;
        if (typeof call.account !== 'string' || typeof call.op !== 'string' || !Array.isArray(call.args))
          throw new Error('a call is { account, op, args }');
        return handler(call);
      })
      .then(
        (value) => reply(200, { value: value ?? null }),
        (error: unknown) => reply(200, { error: toWire(error) }),
      )
      .catch((err: unknown) => logger.warn({ err }, 'could not answer a forwarded call'));
  });
  server.keepAliveTimeout = 60_000;
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(previous);
  }
  chmodSync(path, 0o600);
  let closed = false;
  return {
    endpoint: `unix:${path}`,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      rmSync(path, { force: true });
    },
  };
}
