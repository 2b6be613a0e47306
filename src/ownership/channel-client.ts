import { Agent, request } from 'node:http';
import { fromWire, OwnerGone, type WireError } from './errors.js';
import type { ChannelCall } from './channel-server.js';

/** Calls the owner over its local channel; a connection that fails or breaks is OwnerGone. */
export class ChannelClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private readonly socketPath: string;

  constructor(readonly endpoint: string) {
    if (!endpoint.startsWith('unix:')) throw new Error(`not a local channel: ${endpoint}`);
    this.socketPath = endpoint.slice('unix:'.length);
  }

  call<T>(account: string, op: string, args: unknown[], signal?: AbortSignal, timeoutMs = 120_000): Promise<T> {
    const payload = JSON.stringify({ account, op, args } satisfies ChannelCall);
    return new Promise<T>((resolve, reject) => {
      const req = request(
        {
          socketPath: this.socketPath,
          path: '/call',
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', () => reject(new OwnerGone("the owner's answer was cut off")));
          response.on('end', () => {
            try {
              const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { value?: T; error?: WireError };
              if (answer.error) reject(fromWire(answer.error));
              else resolve(answer.value as T);
            } catch {
              reject(new OwnerGone("the owner's answer was cut off"));
            }
          });
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (error: NodeJS.ErrnoException) =>
        reject(new OwnerGone(`the owner's channel ${this.endpoint} failed: ${error.code ?? error.message}`)),
      );
      signal?.addEventListener('abort', () => req.destroy(new Error('the account changed hands while waiting')), {
        once: true,
      });
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
