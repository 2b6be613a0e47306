/**
 * Local stand-ins for the Telegram Bot API and a Discord webhook: real HTTP servers on 127.0.0.1
 * answering with the documented shapes. Telegram: `{ok:true,result:{...}}`, or
 * `{ok:false,error_code,description,parameters:{retry_after}}` (429 "Too Many Requests: retry after N").
 * Discord execute-webhook: 204 No Content, or 429 `{message,retry_after (seconds),global}` with a
 * Retry-After header. A test scripts the next answers with `answerNext`.
 */
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  at: number;
  path: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: Record<string, unknown>;
  /** What the fake answered. */
  status: number;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang';

export class FakeChatServer extends EventEmitter {
  readonly requests: Received[] = [];
  private readonly script: Answer[] = [];
  private readonly hanging: ServerResponse[] = [];
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly ok: (path: string) => Answer,
  ) {
    super();
  }

  static async start(ok: (path: string) => Answer): Promise<FakeChatServer> {
    const holder: { fake?: FakeChatServer } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => holder.fake!.answer(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    holder.fake = new FakeChatServer(server, `http://127.0.0.1:${port}`, ok);
    return holder.fake;
  }

  /** The next requests get these answers, in order; then the normal answer again. */
  answerNext(...answers: Answer[]): void {
    this.script.push(...answers);
  }

  /** Successful deliveries (the messages a phone would show). */
  delivered(): Received[] {
    return this.requests.filter((r) => r.status >= 200 && r.status < 300);
  }

  /** Resolves when `count` requests (of any outcome) have arrived in total. */
  async waitForRequests(count: number): Promise<Received[]> {
    while (this.requests.length < count) await once(this, 'request');
    return this.requests;
  }

  async waitForDelivered(predicate: (r: Received) => boolean): Promise<Received> {
    for (;;) {
      const hit = this.delivered().find(predicate);
      if (hit) return hit;
      await once(this, 'request');
    }
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const path = req.url ?? '';
    const answer = this.script.shift() ?? this.ok(path);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      // recorded raw
    }
    if (answer === 'hang') {
      this.hanging.push(res);
      this.requests.push({ at: Date.now(), path, headers: req.headers, raw, body, status: 0 });
      this.emit('request');
      return;
    }
    res.writeHead(answer.status, {
      ...(answer.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...answer.headers,
    });
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    this.requests.push({ at: Date.now(), path, headers: req.headers, raw, body, status: answer.status });
    this.emit('request');
  }
}

export const TELEGRAM_TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghijk';
export const TELEGRAM_CHAT = '4242';

export function startFakeTelegram(): Promise<FakeChatServer> {
  let messageId = 0;
  return FakeChatServer.start((path) =>
    path === `/bot${TELEGRAM_TOKEN}/sendMessage`
      ? {
          status: 200,
          body: {
            ok: true,
            result: { message_id: ++messageId, date: 0, chat: { id: Number(TELEGRAM_CHAT), type: 'private' } },
          },
        }
      : { status: 404, body: { ok: false, error_code: 404, description: `Not Found: method ${path} not found` } },
  );
}

export function telegram429(seconds: number): Answer {
  return {
    status: 429,
    body: {
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${seconds}`,
      parameters: { retry_after: seconds },
    },
  };
}

export const DISCORD_PATH = '/api/webhooks/112233445566778899/discordWebhookSecretPart-XYZ';

export function startFakeDiscord(): Promise<FakeChatServer> {
  return FakeChatServer.start((path) =>
    path.split('?')[0] === DISCORD_PATH
      ? { status: 204 }
      : { status: 404, body: { message: 'Unknown Webhook', code: 10015 } },
  );
}

export function discord429(seconds: number): Answer {
  return {
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: seconds, global: false },
    headers: { 'retry-after': String(Math.ceil(seconds)) },
  };
}
