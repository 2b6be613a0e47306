/**
 * A tiny loopback HTTP server for unit tests of the Binance.US client: each test scripts the
 * routes it needs. It checks API key, signature and timestamp/recvWindow as Binance does.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TinyRequest {
  method: string;
  path: string;
  params: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Server time when the request arrived (ms). */
  at: number;
}

export interface TinyResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (the client times out). */
  hang?: boolean;
}

export type Route = (req: TinyRequest) => TinyResponse | Promise<TinyResponse>;

export interface TinyServer {
  url: string;
  requests: TinyRequest[];
  route(method: string, path: string, handler: Route): void;
  /** Server clock minus real time (ms): a skewed exchange clock. */
  skewMs: number;
  close(): Promise<void>;
}

export async function startTinyServer(auth?: { apiKey: string; apiSecret: string }): Promise<TinyServer> {
  const routes = new Map<string, Route>();
  const requests: TinyRequest[] = [];
  const hanging = new Set<() => void>();
  const state: TinyServer = {
    url: '',
    requests,
    skewMs: 0,
    route: (method, path, handler) => routes.set(`${method} ${path}`, handler),
    close: () =>
      new Promise<void>((resolve) => {
        for (const end of hanging) end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  routes.set('GET /api/v3/time', () => ({ body: { serverTime: Date.now() + state.skewMs } }));

  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const params = new URLSearchParams(url.search.slice(1) + (body ? `&${body}` : ''));
        const request: TinyRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          params,
          headers: req.headers,
          at: Date.now() + state.skewMs,
        };
        requests.push(request);
        const send = (r: TinyResponse): void => {
          res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers });
          res.end(r.body === undefined ? '' : JSON.stringify(r.body));
        };
        if (params.has('signature') && auth) {
          const failure = checkSigned(url.search.slice(1), body, req.headers, auth, request.at);
          if (failure) return send(failure);
        }
        const route = routes.get(`${request.method} ${request.path}`);
        if (!route)
          return send({ status: 404, body: { code: -1000, msg: `no route ${request.method} ${request.path}` } });
        const answer = await route(request);
        if (answer.hang) {
          hanging.add(() => res.destroy());
          return;
        }
        send(answer);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

function checkSigned(
  query: string,
  body: string,
  headers: IncomingMessage['headers'],
  auth: { apiKey: string; apiSecret: string },
  serverTime: number,
): TinyResponse | undefined {
  if (headers['x-mbx-apikey'] !== auth.apiKey)
    return { status: 401, body: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' } };
  const total = query + body;
  const signature = new URLSearchParams(total).get('signature') ?? '';
  const payload = total.replace(/&?signature=[0-9a-f]+/, '');
  const expected = createHmac('sha256', auth.apiSecret).update(payload).digest('hex');
  if (signature !== expected)
    return { status: 400, body: { code: -1022, msg: 'Signature for this request is not valid.' } };
  const params = new URLSearchParams(total);
  const timestamp = Number(params.get('timestamp'));
  const recvWindow = Number(params.get('recvWindow') ?? 5000);
  if (!(timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow)) {
    return { status: 400, body: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' } };
  }
  return undefined;
}
