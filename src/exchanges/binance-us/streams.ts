/**
 * Market streams over one combined websocket (/stream?streams=a/b): SUBSCRIBE / UNSUBSCRIBE as
 * symbols come and go, reconnect with back-off and resubscribe, a proactive reconnect before the
 * server's 24 h cut-off, ping/pong to notice a dead connection, and at most 4 frames a second
 * (Binance disconnects past 5).
 */
import WebSocket from 'ws';
import type { Logger } from '../../log.js';
import { silentLogger } from '../../log.js';
import { SystemClock } from '../../clock/system-clock.js';
import type { Interval } from '../../model/candle.js';
import type { Candle } from '../../model/candle.js';
import type { BookTicker, OrderBook, TradeTick } from '../../model/market-snapshot.js';
import type { Unsubscribe } from '../../ports/market-data.js';
import { parseBookTickerEvent, parseKlineEvent, parseOrderBook, parseTradeEvent } from './parse.js';
import type {
  BookTickerEventRaw,
  CombinedFrameRaw,
  KlineEventRaw,
  PartialDepthEventRaw,
  TradeEventRaw,
} from './raw-types.js';

const MAX_STREAMS_PER_CONNECTION = 1024;
/**
 * web-socket-streams.md: "WebSocket connections have a limit of 5 incoming messages per second"
 * (pings, pongs and control frames count) and a connection beyond it is disconnected. We send at
 * most 4 in any rolling second, leaving one for a pong.
 */
const FRAMES_PER_SECOND = 4;

export interface MarketStreamsOptions {
  streamUrl: string;
  logger?: Logger;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** Reconnect on our own before the server drops the connection at 24 h (default 23 h 50 min). */
  maxConnectionAgeMs?: number;
  /** How often we ping; no pong or message for two periods means the connection is dead (default 60 s). */
  heartbeatMs?: number;
  /** Control frames are batched this long, keeping under Binance's 5 messages per second (default 250 ms). */
  controlBatchMs?: number;
  /** Time for frames that carry none (partial depth). */
  now?: () => number;
}

type Handler = (data: unknown) => void;

export class MarketStreams {
  private readonly url: string;
  private readonly logger: Logger;
  private readonly reconnectBaseMs: number;
  private readonly reconnectMaxMs: number;
  private readonly maxAgeMs: number;
  private readonly heartbeatMs: number;
  private readonly controlBatchMs: number;
  private readonly now: () => number;
  private readonly handlers = new Map<string, Set<Handler>>();
  /** Streams the current connection is subscribed to, as far as the server was told. */
  private live = new Set<string>();
  private socket: WebSocket | undefined;
  private open = false;
  private closed = false;
  private attempts = 0;
  private nextId = 1;
  private alive = true;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private ageTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private controlTimer: NodeJS.Timeout | undefined;
  private readonly stateListeners = new Set<(connected: boolean) => void>();
  /** When each of our recent frames (control frames, pings) left, for the 5-per-second limit. */
  private framesSentAt: number[] = [];
  /** Most frames this client sent within one rolling second (tests, status). */
  peakFramesPerSecond = 0;
  /** Connections opened so far (1 + reconnects): for tests and status. */
  connections = 0;

  constructor(options: MarketStreamsOptions) {
    this.url = options.streamUrl.replace(/\/+$/, '');
    this.logger = options.logger ?? silentLogger();
    this.reconnectBaseMs = options.reconnectBaseMs ?? 500;
    this.reconnectMaxMs = options.reconnectMaxMs ?? 30_000;
    this.maxAgeMs = options.maxConnectionAgeMs ?? (23 * 60 + 50) * 60_000;
    this.heartbeatMs = options.heartbeatMs ?? 60_000;
    this.controlBatchMs = options.controlBatchMs ?? 250;
    const wallClock = new SystemClock();
    this.now = options.now ?? (() => wallClock.now());
  }

  get connected(): boolean {
    return this.open;
  }

  streams(): string[] {
    return [...this.handlers.keys()];
  }

  onStateChange(listener: (connected: boolean) => void): Unsubscribe {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Raw subscription to one stream name, e.g. `btcusd@trade`; the handler gets the frame's `data`. */
  subscribe(stream: string, handler: Handler): Unsubscribe {
    if (this.closed) throw new Error('market streams are closed');
    let set = this.handlers.get(stream);
    if (!set) {
      if (this.handlers.size >= MAX_STREAMS_PER_CONNECTION)
        throw new Error(`at most ${MAX_STREAMS_PER_CONNECTION} streams per connection`);
      set = new Set();
      this.handlers.set(stream, set);
      this.streamsChanged();
    }
    set.add(handler);
    return () => {
      const current = this.handlers.get(stream);
      if (!current?.delete(handler) || current.size > 0) return;
      this.handlers.delete(stream);
      this.streamsChanged();
    };
  }

  subscribeTrades(symbol: string, listener: (trade: TradeTick) => void): Unsubscribe {
    return this.subscribe(`${symbol.toLowerCase()}@trade`, (data) => listener(parseTradeEvent(data as TradeEventRaw)));
  }

  subscribeBookTicker(symbol: string, listener: (ticker: BookTicker) => void): Unsubscribe {
    return this.subscribe(`${symbol.toLowerCase()}@bookTicker`, (data) =>
      listener(parseBookTickerEvent(data as BookTickerEventRaw)),
    );
  }

  subscribeKlines(
    symbol: string,
    interval: Interval,
    listener: (candle: Candle, closed: boolean) => void,
  ): Unsubscribe {
    return this.subscribe(`${symbol.toLowerCase()}@kline_${interval}`, (data) => {
      const event = parseKlineEvent(data as KlineEventRaw);
      listener(event.candle, event.closed);
    });
  }

  /** Top `levels` of the book, refreshed every 100 ms. */
  subscribeDepth(symbol: string, levels: 5 | 10 | 20, listener: (book: OrderBook) => void): Unsubscribe {
    return this.subscribe(`${symbol.toLowerCase()}@depth${levels}@100ms`, (data) =>
      listener(parseOrderBook(data as PartialDepthEventRaw, symbol, this.now())),
    );
  }

  /** Drops the connection as if the network had (for tests); it reconnects and resubscribes. */
  dropConnection(): void {
    this.socket?.terminate();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    for (const t of [this.reconnectTimer, this.ageTimer, this.heartbeatTimer, this.controlTimer])
      if (t) clearTimeout(t);
    const socket = this.socket;
    this.socket = undefined;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close();
        setTimeout(() => {
          socket.terminate();
          resolve();
        }, 1000).unref();
      });
    }
  }

  private streamsChanged(): void {
    if (this.handlers.size === 0) {
      this.socket?.close();
      return;
    }
    if (!this.socket) {
      if (!this.reconnectTimer) this.connect();
      return;
    }
    if (this.open && !this.controlTimer) this.controlTimer = setTimeout(() => this.sendControl(), this.controlBatchMs);
  }

  private connect(): void {
    this.reconnectTimer = undefined;
    if (this.closed || this.handlers.size === 0) return;
    const wanted = [...this.handlers.keys()];
    const socket = new WebSocket(`${this.url}/stream?streams=${wanted.join('/')}`);
    this.socket = socket;
    this.live = new Set(wanted);
    this.connections += 1;
    socket.on('open', () => {
      if (socket !== this.socket) return;
      this.open = true;
      this.attempts = 0;
      this.alive = true;
      this.ageTimer = setTimeout(() => this.rollOver(), this.maxAgeMs);
      this.heartbeatTimer = setInterval(() => this.heartbeat(), this.heartbeatMs);
      this.logger.info({ streams: wanted.length }, 'binance-us market streams connected');
      this.emitState(true);
      this.sendControl();
    });
    socket.on('message', (raw) => this.onMessage(raw.toString()));
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('error', (error) => this.logger.warn({ error: error.message }, 'binance-us market stream error'));
    socket.on('close', () => this.onClose(socket));
  }

  private onMessage(text: string): void {
    this.alive = true;
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      this.logger.warn('binance-us market stream sent a frame that is not JSON');
      return;
    }
    const combined = frame as Partial<CombinedFrameRaw> & { id?: number; result?: unknown; error?: { msg?: string } };
    if (typeof combined.stream === 'string') {
      for (const handler of this.handlers.get(combined.stream) ?? []) {
        try {
          handler(combined.data);
        } catch (error) {
          this.logger.warn(
            { stream: combined.stream, error: (error as Error).message },
            'binance-us stream frame could not be handled',
          );
        }
      }
    } else if (combined.error) {
      this.logger.warn({ id: combined.id, error: combined.error.msg }, 'binance-us stream control request failed');
    }
  }

  private onClose(socket: WebSocket): void {
    if (socket !== this.socket) return;
    const wasOpen = this.open;
    this.open = false;
    this.socket = undefined;
    for (const t of [this.ageTimer, this.heartbeatTimer, this.controlTimer]) if (t) clearTimeout(t);
    this.ageTimer = this.heartbeatTimer = this.controlTimer = undefined;
    if (wasOpen) this.emitState(false);
    if (this.closed || this.handlers.size === 0) return;
    const delay = Math.min(this.reconnectMaxMs, this.reconnectBaseMs * 2 ** this.attempts) * (0.75 + Math.random() / 2);
    this.attempts += 1;
    this.logger.warn(
      { delayMs: Math.round(delay), attempt: this.attempts },
      'binance-us market streams disconnected: reconnecting',
    );
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private rollOver(): void {
    this.logger.info('binance-us market streams: reconnecting before the 24 h limit');
    const socket = this.socket;
    if (!socket) return;
    this.onClose(socket);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.attempts = 0;
    socket.close();
    this.connect();
  }

  private heartbeat(): void {
    if (!this.socket || !this.open) return;
    if (!this.alive) {
      this.logger.warn('binance-us market stream silent for two heartbeats: dropping it');
      this.socket.terminate();
      return;
    }
    this.alive = false;
    this.countFrame();
    this.socket.ping();
  }

  /** Free slots for frames now, out of FRAMES_PER_SECOND in the last second; and when the next one frees. */
  private frameBudget(): { free: number; nextFreeAt: number } {
    const now = performance.now();
    this.framesSentAt = this.framesSentAt.filter((t) => t > now - 1000);
    return { free: FRAMES_PER_SECOND - this.framesSentAt.length, nextFreeAt: (this.framesSentAt[0] ?? now) + 1000 };
  }

  private countFrame(): void {
    const now = performance.now();
    this.framesSentAt.push(now);
    this.framesSentAt = this.framesSentAt.filter((t) => t > now - 1000);
    this.peakFramesPerSecond = Math.max(this.peakFramesPerSecond, this.framesSentAt.length);
  }

  /** One SUBSCRIBE and one UNSUBSCRIBE frame with every change since the last batch. */
  private sendControl(): void {
    this.controlTimer = undefined;
    const socket = this.socket;
    if (!socket || !this.open || socket.readyState !== WebSocket.OPEN) return;
    const wanted = new Set(this.handlers.keys());
    const add = [...wanted].filter((s) => !this.live.has(s));
    const remove = [...this.live].filter((s) => !wanted.has(s));
    const needed = (add.length > 0 ? 1 : 0) + (remove.length > 0 ? 1 : 0);
    if (needed === 0) return;
    const budget = this.frameBudget();
    if (budget.free < needed) {
      // Over the frame budget: the whole change goes in one batch once there is room for it.
      this.controlTimer = setTimeout(
        () => this.sendControl(),
        Math.max(this.controlBatchMs, budget.nextFreeAt - performance.now() + 1),
      );
      return;
    }
    if (add.length > 0) {
      this.countFrame();
      socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: add, id: this.nextId++ }));
    }
    if (remove.length > 0) {
      this.countFrame();
      socket.send(JSON.stringify({ method: 'UNSUBSCRIBE', params: remove, id: this.nextId++ }));
    }
    this.live = wanted;
  }

  private emitState(connected: boolean): void {
    for (const listener of this.stateListeners) listener(connected);
  }
}
