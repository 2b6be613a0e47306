/**
 * The account's user-data stream: a listenKey from POST /api/v3/userDataStream, kept alive with a
 * PUT every 30 minutes, a websocket on /ws/<listenKey>, and a new key and connection when either
 * fails, when the server says `listenKeyExpired`, or when the connection goes silent (no pong nor
 * frame for two heartbeats). Each reconnect is told to the owner, who polls to catch up on what was
 * missed. The key is left alone at stop: Binance.US has one listenKey per account, and deleting it
 * would cut off every other consumer of the account's stream (user-data-stream.md).
 */
import WebSocket from 'ws';
import type { Logger } from '../../log.js';
import { silentLogger } from '../../log.js';
import { parseExecutionReport, parseListStatus, type ExecutionReport, type ListStatusReport } from './parse.js';
import type { ExecutionReportRaw, ListenKeyRaw, ListStatusEventRaw } from './raw-types.js';
import type { BinanceRestClient } from './rest-client.js';
import { WEIGHT } from './weights.js';

const PATH = '/api/v3/userDataStream';

export interface UserDataStreamOptions {
  rest: BinanceRestClient;
  streamUrl: string;
  logger?: Logger;
  keepAliveMs?: number;
  /** How often we ping; no pong or frame for two periods means the connection is dead (default 60 s). */
  heartbeatMs?: number;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  onExecutionReport: (report: ExecutionReport) => void;
  /** `listStatus` events of order lists (OCO), sent beside their legs' executionReports. */
  onListStatus?: (report: ListStatusReport) => void;
  onStateChange?: (connected: boolean) => void;
}

export class UserDataStream {
  private readonly options: UserDataStreamOptions;
  private readonly logger: Logger;
  private listenKey: string | undefined;
  private socket: WebSocket | undefined;
  private running = false;
  private attempts = 0;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private alive = true;
  connected = false;
  /** Connections opened so far, and listenKeyExpired events seen (status, tests). */
  connections = 0;
  expiredKeys = 0;

  constructor(options: UserDataStreamOptions) {
    this.options = options;
    this.logger = options.logger ?? silentLogger();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.clearTimers();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.terminate();
    this.setConnected(false);
    // Not DELETEd: the key is the account's, shared with any other consumer; it lapses 60 min after the last keep-alive.
    this.listenKey = undefined;
  }

  private clearTimers(): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.keepAliveTimer = this.heartbeatTimer = undefined;
  }

  private async connect(): Promise<void> {
    this.reconnectTimer = undefined;
    if (!this.running) return;
    try {
      const { listenKey } = await this.options.rest.keyed<ListenKeyRaw>('POST', PATH, undefined, WEIGHT.userDataStream);
      if (!this.running) return;
      this.listenKey = listenKey;
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'binance-us user-data stream: no listenKey');
      this.scheduleReconnect();
      return;
    }
    const socket = new WebSocket(`${this.options.streamUrl.replace(/\/+$/, '')}/ws/${this.listenKey}`);
    this.socket = socket;
    socket.on('open', () => {
      if (socket !== this.socket) return;
      this.attempts = 0;
      this.connections += 1;
      this.alive = true;
      this.clearTimers();
      this.keepAliveTimer = setInterval(() => void this.keepAlive(), this.options.keepAliveMs ?? 30 * 60_000);
      this.heartbeatTimer = setInterval(() => this.heartbeat(socket), this.options.heartbeatMs ?? 60_000);
      this.setConnected(true);
      this.logger.info('binance-us user-data stream connected');
    });
    socket.on('message', (raw) => {
      if (socket !== this.socket) return;
      this.alive = true;
      this.onMessage(raw.toString());
    });
    socket.on('ping', () => {
      this.alive = true;
    });
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('error', (error) => this.logger.warn({ error: error.message }, 'binance-us user-data stream error'));
    socket.on('close', () => {
      if (socket !== this.socket) return;
      this.socket = undefined;
      this.clearTimers();
      this.setConnected(false);
      this.scheduleReconnect();
    });
  }

  private heartbeat(socket: WebSocket): void {
    if (socket !== this.socket || socket.readyState !== WebSocket.OPEN) return;
    if (!this.alive) {
      this.logger.warn('binance-us user-data stream silent for two heartbeats: reconnecting');
      socket.terminate();
      return;
    }
    this.alive = false;
    socket.ping();
  }

  private onMessage(text: string): void {
    let event: { e?: string; data?: { e?: string } };
    try {
      event = JSON.parse(text) as typeof event;
    } catch {
      return;
    }
    // Frames arrive bare on /ws/<key>; accept the combined {stream, data} form too.
    const payload = (event.e === undefined && event.data ? event.data : event) as { e?: string };
    if (payload.e === 'listenKeyExpired') {
      // user-data-stream.md: the key is dead, nothing more will come on it; a new key, a new connection.
      this.expiredKeys += 1;
      this.logger.warn('binance-us listenKey expired: getting a new one and reconnecting');
      this.listenKey = undefined;
      this.socket?.terminate();
      return;
    }
    if (payload.e === 'listStatus') {
      try {
        this.options.onListStatus?.(parseListStatus(payload as ListStatusEventRaw));
      } catch (error) {
        this.logger.error({ error: (error as Error).message }, 'binance-us listStatus could not be handled');
      }
      return;
    }
    if (payload.e !== 'executionReport') return;
    try {
      this.options.onExecutionReport(parseExecutionReport(payload as ExecutionReportRaw));
    } catch (error) {
      this.logger.error({ error: (error as Error).message }, 'binance-us executionReport could not be handled');
    }
  }

  private async keepAlive(): Promise<void> {
    const key = this.listenKey;
    if (!key) return;
    try {
      await this.options.rest.keyed('PUT', PATH, { listenKey: key }, WEIGHT.userDataStream);
    } catch (error) {
      this.logger.warn(
        { error: (error as Error).message },
        'binance-us listenKey keep-alive failed: starting a new stream',
      );
      this.socket?.terminate();
    }
  }

  private scheduleReconnect(): void {
    if (!this.running || this.reconnectTimer) return;
    const base = this.options.reconnectBaseMs ?? 1000;
    const delay = Math.min(this.options.reconnectMaxMs ?? 60_000, base * 2 ** this.attempts);
    this.attempts += 1;
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.options.onStateChange?.(connected);
  }
}
