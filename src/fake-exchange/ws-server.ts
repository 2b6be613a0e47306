import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../log.js';
import type { FaultInjector } from './faults.js';
import type { MarketStreamHub, StreamSink } from './market-streams.js';
import type { FakeExchangeStats } from './stats.js';
import { parseStreamName, type StreamName } from './stream-names.js';
import type { UserDataHub } from './user-data.js';

const PING_EVERY_MS = 3 * 60_000;
const MAX_STREAMS = 1024;
/** web-socket-streams.md: 5 incoming messages per second (pings, pongs, control frames); beyond it the connection is cut. */
const MAX_INCOMING_PER_SECOND = 5;

interface ControlFrame {
  method?: unknown;
  params?: unknown;
  id?: unknown;
}

/** One websocket client: its streams, raw (/ws) or combined (/stream) framing, and its control frames. */
class StreamConnection {
  private readonly streams = new Map<string, () => void>();
  private readonly sink: StreamSink;

  private incoming: number[] = [];

  constructor(
    private readonly ws: WebSocket,
    private combined: boolean,
    private readonly market: MarketStreamHub,
    private readonly userData: UserDataHub,
    private readonly onFlood: () => void,
  ) {
    this.sink = (stream, data) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(JSON.stringify(this.combined ? { stream, data } : data));
    };
    ws.on('message', (raw) => {
      if (this.admit()) this.onMessage(raw.toString());
    });
    ws.on('ping', () => this.admit());
    ws.on('pong', () => this.admit());
    ws.on('close', () => this.unsubscribeAll());
  }

  /** Counts an incoming message; past the limit the connection is closed. */
  private admit(): boolean {
    const now = performance.now();
    this.incoming = this.incoming.filter((t) => t > now - 1000);
    this.incoming.push(now);
    if (this.incoming.length <= MAX_INCOMING_PER_SECOND) return true;
    this.onFlood();
    this.ws.close(1008, 'Too many messages');
    return false;
  }

  /** Attaches a stream; a listenKey that is not (or no longer) valid is refused. */
  subscribe(name: string): boolean {
    if (this.streams.has(name)) return true;
    const parsed: StreamName | undefined = parseStreamName(name);
    if (!parsed || this.streams.size >= MAX_STREAMS) return false;
    if (parsed.kind === 'user') {
      if (!this.userData.isValid(parsed.listenKey)) return false;
      this.streams.set(
        name,
        this.userData.listen(parsed.listenKey, (event) => this.sink(name, event)),
      );
      return true;
    }
    this.market.subscribe(name, parsed.stream, this.sink);
    this.streams.set(name, () => this.market.unsubscribe(name, parsed.stream.symbol, this.sink));
    return true;
  }

  unsubscribe(name: string): void {
    this.streams.get(name)?.();
    this.streams.delete(name);
  }

  unsubscribeAll(): void {
    for (const name of [...this.streams.keys()]) this.unsubscribe(name);
  }

  private reply(body: Record<string, unknown>): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(body));
  }

  private onMessage(text: string): void {
    let frame: ControlFrame;
    try {
      frame = JSON.parse(text) as ControlFrame;
    } catch {
      this.reply({ error: { code: 3, msg: 'Invalid JSON: expected a JSON object' }, id: null });
      return;
    }
    const id = typeof frame.id === 'number' || typeof frame.id === 'string' ? frame.id : null;
    const names =
      Array.isArray(frame.params) && frame.params.every((p) => typeof p === 'string')
        ? (frame.params as string[])
        : undefined;
    switch (frame.method) {
      case 'SUBSCRIBE': {
        if (!names)
          return this.reply({
            error: { code: 2, msg: "Invalid request: 'params' must be a list of stream names" },
            id,
          });
        const refused = names.filter((name) => !this.subscribe(name));
        if (refused.length > 0)
          return this.reply({
            error: { code: 2, msg: `Invalid request: invalid stream name(s) ${refused.join(', ')}` },
            id,
          });
        return this.reply({ result: null, id });
      }
      case 'UNSUBSCRIBE':
        if (!names)
          return this.reply({
            error: { code: 2, msg: "Invalid request: 'params' must be a list of stream names" },
            id,
          });
        for (const name of names) this.unsubscribe(name);
        return this.reply({ result: null, id });
      case 'LIST_SUBSCRIPTIONS':
        return this.reply({ result: [...this.streams.keys()], id });
      case 'SET_PROPERTY':
        if (Array.isArray(frame.params) && frame.params[0] === 'combined' && typeof frame.params[1] === 'boolean') {
          this.combined = frame.params[1];
          return this.reply({ result: null, id });
        }
        return this.reply({ error: { code: 2, msg: 'Invalid request: unknown property' }, id });
      case 'GET_PROPERTY':
        if (Array.isArray(frame.params) && frame.params[0] === 'combined')
          return this.reply({ result: this.combined, id });
        return this.reply({ error: { code: 2, msg: 'Invalid request: unknown property' }, id });
      default:
        return this.reply({
          error: {
            code: 2,
            msg: "Invalid request: 'method' must be SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS, SET_PROPERTY or GET_PROPERTY",
          },
          id,
        });
    }
  }
}

/** Streams named by the URL: /ws/<stream>, /ws (none yet), /stream?streams=a/b (combined). */
function streamsFromUrl(rawUrl: string): { combined: boolean; names: string[] } | undefined {
  const url = new URL(rawUrl, 'http://fake');
  if (url.pathname === '/ws' || url.pathname === '/ws/') return { combined: false, names: [] };
  if (url.pathname.startsWith('/ws/'))
    return { combined: false, names: url.pathname.slice(4).split('/').filter(Boolean) };
  if (url.pathname === '/stream')
    return { combined: true, names: (url.searchParams.get('streams') ?? '').split('/').filter(Boolean) };
  return undefined;
}

/** The websocket side, on the same port as REST: market streams and user-data streams. */
export function attachWebsockets(deps: {
  server: Server;
  market: MarketStreamHub;
  userData: UserDataHub;
  faults: FaultInjector;
  stats: FakeExchangeStats;
  logger: Logger;
}): { close: () => Promise<void> } {
  const wss = new WebSocketServer({ noServer: true });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const wanted = streamsFromUrl(req.url ?? '/');
    if (!wanted) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      deps.stats.websocketConnections += 1;
      const connection = new StreamConnection(ws, wanted.combined, deps.market, deps.userData, () => {
        deps.stats.websocketFloodDisconnects += 1;
      });
      const refused = wanted.names.filter((name) => !connection.subscribe(name));
      if (refused.length > 0) {
        connection.unsubscribeAll();
        ws.close(1008, `invalid stream or listenKey: ${refused.join(', ').slice(0, 80)}`);
      }
    });
  };
  deps.server.on('upgrade', onUpgrade);
  const stopDropping = deps.faults.onDropWebsockets(() => {
    let dropped = 0;
    for (const client of wss.clients) {
      client.terminate();
      dropped += 1;
    }
    deps.stats.websocketsDropped += dropped;
    return dropped;
  });
  const pinger = setInterval(() => {
    for (const client of wss.clients) client.ping();
  }, PING_EVERY_MS);
  pinger.unref();

  return {
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(pinger);
        stopDropping();
        deps.server.off('upgrade', onUpgrade);
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
