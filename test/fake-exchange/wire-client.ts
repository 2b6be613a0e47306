/**
 * A minimal Binance.US wire client for the fake's tests: plain fetch + node:crypto, written from
 * the API documentation (the project's real client is tested separately against the fake).
 */
import { createHmac } from 'node:crypto';
import { WebSocket } from 'ws';

export interface Target {
  url: string;
  apiKey: string;
  apiSecret: string;
  serverTime(): number;
}

export interface WireResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

async function parse(response: Response): Promise<WireResponse> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

export async function publicGet(
  target: Target,
  path: string,
  params: Record<string, string> = {},
): Promise<WireResponse> {
  const query = new URLSearchParams(params).toString();
  return parse(await fetch(`${target.url}${path}${query ? `?${query}` : ''}`));
}

export interface SignedOptions {
  timestamp?: number;
  recvWindow?: number;
  apiKey?: string | null;
  secret?: string;
  /** Send the parameters as a form body (POST/PUT/DELETE) instead of the query string. */
  inBody?: boolean;
  signal?: AbortSignal;
}

export async function signed(
  target: Target,
  method: string,
  path: string,
  params: Record<string, string> = {},
  options: SignedOptions = {},
): Promise<WireResponse> {
  const all = new URLSearchParams(params);
  if (options.recvWindow !== undefined) all.set('recvWindow', String(options.recvWindow));
  all.set('timestamp', String(options.timestamp ?? target.serverTime()));
  const payload = all.toString();
  const signature = sign(options.secret ?? target.apiSecret, payload);
  const headers: Record<string, string> = {};
  if (options.apiKey !== null) headers['X-MBX-APIKEY'] = options.apiKey ?? target.apiKey;
  const init: RequestInit = { method, headers, ...(options.signal ? { signal: options.signal } : {}) };
  let url = `${target.url}${path}`;
  if (options.inBody) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    init.body = `${payload}&signature=${signature}`;
  } else {
    url += `?${payload}&signature=${signature}`;
  }
  return parse(await fetch(url, init));
}

export async function withKey(
  target: Target,
  method: string,
  path: string,
  params: Record<string, string> = {},
): Promise<WireResponse> {
  const query = new URLSearchParams(params).toString();
  return parse(
    await fetch(`${target.url}${path}${query ? `?${query}` : ''}`, {
      method,
      headers: { 'X-MBX-APIKEY': target.apiKey },
    }),
  );
}

/** A websocket that queues every JSON frame, so a test can wait for the one it wants. */
export class FrameQueue {
  readonly frames: any[] = [];
  private waiters: { match: (f: any) => boolean; resolve: (f: any) => void }[] = [];
  readonly closed: Promise<{ code: number }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString());
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve({ code })));
  }

  static open(url: string): Promise<FrameQueue> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const queue = new FrameQueue(ws);
      ws.once('open', () => resolve(queue));
      ws.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.ws.send(JSON.stringify(frame));
  }

  next(match: (frame: any) => boolean, timeoutMs = 5000): Promise<any> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames).slice(0, 500)}`),
          ),
        timeoutMs,
      );
      this.waiters.push({
        match,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  close(): void {
    this.ws.close();
  }
}
