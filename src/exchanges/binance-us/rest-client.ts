/**
 * Binance.US REST on global fetch: signing, server-time offset (resync on -1021), weight limiting,
 * 429/418 back-off, and retries for reads only. What an error means comes from its code
 * (error-codes.ts), never from the HTTP status alone. Writes (orders) are never resent here: a
 * timeout, a network error, a 5xx or an "execution status unknown" code (-1006/-1007, even with
 * 400/408) surfaces as TransportError so the caller can look the order up; a 429 on an order is a
 * rejection (-1015 holds new orders for the limit's interval).
 */
import type { Logger } from '../../log.js';
import { silentLogger } from '../../log.js';
import { BinanceCode, ExchangeRejection } from '../../model/errors.js';
import type { Clock } from '../../ports/clock.js';
import { classifyCode, classifyStatus } from './error-codes.js';
import { RateLimited, RateLimiter, type Permit } from './rate-limiter.js';
import type { ErrorRaw, ServerTimeRaw } from './raw-types.js';
import { createSigner, encodeParams } from './signing.js';
import { WEIGHT } from './weights.js';

export type Params = Record<string, string | number | boolean | undefined>;
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface BinanceCredentials {
  apiKey: string;
  apiSecret: string;
}

/** The request may or may not have reached Binance.US: a timeout, a dropped connection or a 5xx. */
export class TransportError extends Error {
  /** `code`: Binance's code when it said the outcome is unknown (-1006, -1007, ...), whatever the HTTP status. */
  constructor(
    readonly kind: 'timeout' | 'network' | 'server',
    readonly endpoint: string,
    detail: string,
    readonly status?: number,
    readonly code?: number,
  ) {
    super(`${endpoint}: ${detail}`);
    this.name = 'TransportError';
  }
}

/**
 * A refusal whose body reports what was done in `data`: cancelReplace's -2021 / -2022 carry each
 * half's outcome (rest-api.md), so even -2021 (one half done) is an exact report, not an unknown.
 */
export class RejectionWithData extends ExchangeRejection {
  constructor(
    code: number,
    msg: string,
    readonly data: unknown,
  ) {
    super(code, msg);
  }
}

export interface RestClientOptions {
  baseUrl: string;
  clock: Clock;
  credentials?: BinanceCredentials | undefined;
  limiter?: RateLimiter | undefined;
  logger?: Logger | undefined;
  /** recvWindow sent with signed requests (default 5000 ms, max 60000). */
  recvWindow?: number | undefined;
  timeoutMs?: number | undefined;
  /** Extra attempts for reads after a network error or 5xx (default 3). */
  readRetries?: number | undefined;
  retryBaseMs?: number | undefined;
  /** Attempts after a 429 before giving up (default 5). */
  rateLimitRetries?: number;
  fetch?: typeof fetch;
}

interface RequestSpec {
  method: Method;
  path: string;
  params?: Params | undefined;
  weight: number;
  orders?: number;
  auth: 'none' | 'key' | 'signed';
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const MINUTE_MS = 60_000;

function retryAfterMs(headers: Headers): number | undefined {
  const seconds = Number(headers.get('retry-after'));
  return headers.has('retry-after') && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

export class BinanceRestClient {
  readonly baseUrl: string;
  readonly limiter: RateLimiter;
  readonly recvWindow: number;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private readonly readRetries: number;
  private readonly retryBaseMs: number;
  private readonly rateLimitRetries: number;
  private readonly fetchImpl: typeof fetch;
  // Credentials stay in closures: no field holds the secret, so no dump of this object can show it.
  readonly #apiKey: string | undefined;
  readonly #sign: ((query: string) => string) | undefined;
  readonly #redact: (text: string) => string;
  private offsetMs = 0;
  private synced: Promise<void> | undefined;

  constructor(options: RestClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.clock = options.clock;
    this.limiter = options.limiter ?? new RateLimiter({ clock: options.clock });
    this.logger = options.logger ?? silentLogger();
    this.recvWindow = options.recvWindow ?? 5000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.readRetries = options.readRetries ?? 3;
    this.retryBaseMs = options.retryBaseMs ?? 250;
    this.rateLimitRetries = options.rateLimitRetries ?? 5;
    this.fetchImpl = options.fetch ?? fetch;
    const creds = options.credentials;
    this.#apiKey = creds?.apiKey;
    this.#sign = creds ? createSigner(creds.apiSecret) : undefined;
    const hidden = [creds?.apiSecret, creds?.apiKey].filter((s): s is string => !!s && s.length >= 8);
    this.#redact = (text) => hidden.reduce((t, s) => t.split(s).join('[redacted]'), text);
  }

  get hasCredentials(): boolean {
    return this.#sign !== undefined;
  }

  /** Server time minus our clock, in ms, from the last sync. */
  get timeOffsetMs(): number {
    return this.offsetMs;
  }

  /** Current time on the server's timeline, as this client estimates it. */
  serverNow(): number {
    return this.clock.now() + this.offsetMs;
  }

  /** Measures the server-time offset now; signed requests also do this once on their own. */
  syncTime(): Promise<void> {
    const sync = this.measureOffset();
    this.synced = sync;
    sync.catch(() => {
      if (this.synced === sync) this.synced = undefined;
    });
    return sync;
  }

  private async measureOffset(): Promise<void> {
    const before = this.clock.now();
    const { serverTime } = await this.request<ServerTimeRaw>({
      method: 'GET',
      path: '/api/v3/time',
      weight: WEIGHT.time,
      auth: 'none',
    });
    const after = this.clock.now();
    this.offsetMs = Math.round(serverTime - (before + after) / 2);
    this.logger.debug({ offsetMs: this.offsetMs }, 'binance-us server time synced');
  }

  /** Public read, retried with back-off. */
  get<T>(path: string, params: Params | undefined, weight: number): Promise<T> {
    return this.withReadRetries(() => this.request<T>({ method: 'GET', path, params, weight, auth: 'none' }));
  }

  /** Signed read, retried with back-off. */
  signedGet<T>(path: string, params: Params | undefined, weight: number): Promise<T> {
    return this.withReadRetries(() => this.request<T>({ method: 'GET', path, params, weight, auth: 'signed' }));
  }

  /** Signed write: sent once. A TransportError means the outcome is unknown. */
  signedWrite<T>(method: Exclude<Method, 'GET'>, path: string, params: Params, weight: number, orders = 0): Promise<T> {
    return this.request<T>({ method, path, params, weight, orders, auth: 'signed' });
  }

  /** API-key-only request (user-data stream listenKey). */
  keyed<T>(method: Exclude<Method, 'GET'>, path: string, params: Params | undefined, weight: number): Promise<T> {
    return this.request<T>({ method, path, params, weight, auth: 'key' });
  }

  private async withReadRetries<T>(attempt: () => Promise<T>): Promise<T> {
    for (let n = 0; ; n += 1) {
      try {
        return await attempt();
      } catch (error) {
        const retrySafe =
          error instanceof ExchangeRejection &&
          error.code !== BinanceCode.INVALID_TIMESTAMP &&
          classifyCode(error.code) === 'retry-safe';
        if (!(error instanceof TransportError || retrySafe) || n >= this.readRetries) throw error;
        const delay = this.retryBaseMs * 2 ** n * (0.75 + Math.random() / 2);
        this.logger.warn(
          {
            kind: error instanceof TransportError ? error.kind : 'retry-safe',
            attempt: n + 1,
            delayMs: Math.round(delay),
          },
          `binance-us read failed, retrying: ${error.message}`,
        );
        await sleep(delay);
      }
    }
  }

  private async request<T>(spec: RequestSpec): Promise<T> {
    const endpoint = `${spec.method} ${spec.path}`;
    const placesOrder = (spec.orders ?? 0) > 0;
    if (spec.auth !== 'none' && !this.#apiKey)
      throw new Error(`${endpoint} needs BINANCE_API_KEY and BINANCE_API_SECRET`);
    if (spec.auth === 'signed') await (this.synced ?? this.syncTime());
    let resynced = false;
    for (let rateLimitHits = 0; ;) {
      let permit: Permit;
      try {
        permit = await this.limiter.acquire(spec.weight, spec.orders ?? 0);
      } catch (error) {
        // Refused here, before sending: for an order that is a rejection, never an unknown outcome.
        if (placesOrder && error instanceof RateLimited)
          throw new ExchangeRejection(
            error.ordersOnly ? BinanceCode.TOO_MANY_ORDERS : BinanceCode.TOO_MANY_REQUESTS,
            error.message,
          );
        throw error;
      }
      let response: Response;
      try {
        response = await this.send(spec);
      } catch (error) {
        this.limiter.settle(permit);
        throw this.transportError(endpoint, error);
      }
      const status = response.status;
      const text = await response.text().catch((e: unknown) => {
        this.limiter.settle(permit);
        throw this.transportError(endpoint, e);
      });
      const body = this.parseJson(text);
      const error = body as Partial<ErrorRaw> | undefined;
      const code =
        status >= 300 && error && typeof error.code === 'number' && typeof error.msg === 'string'
          ? error.code
          : undefined;
      const msg = code !== undefined ? this.#redact(String(error!.msg)) : '';
      const errorClass =
        code !== undefined ? classifyCode(code) : status >= 300 ? (classifyStatus(status) ?? 'unknown') : undefined;

      if (
        errorClass === 'ban' &&
        (code === BinanceCode.TOO_MANY_ORDERS || (placesOrder && status === 429 && code === undefined))
      ) {
        // -1015 comes without Retry-After: hold new orders for the ORDERS interval named, never resend this one.
        this.limiter.settle(permit, response.headers);
        const waitMs = retryAfterMs(response.headers) ?? this.limiter.orderBackOffFor(msg);
        this.limiter.backOffOrders(waitMs);
        this.logger.warn({ status, waitMs, endpoint }, 'binance-us refused new orders (-1015): holding orders only');
        throw new ExchangeRejection(BinanceCode.TOO_MANY_ORDERS, msg || `HTTP ${status}: too many new orders`);
      }
      if (errorClass === 'ban') {
        // Weight (-1003, 429) or an IP ban (418): everything waits Retry-After, or the weight minute.
        const waitMs = retryAfterMs(response.headers) ?? MINUTE_MS;
        this.limiter.settle(permit, response.headers, waitMs);
        rateLimitHits += 1;
        this.logger.warn({ status, retryAfterMs: waitMs, endpoint }, 'binance-us rate limit hit: backing off');
        if (placesOrder)
          throw new ExchangeRejection(code ?? BinanceCode.TOO_MANY_REQUESTS, msg || `HTTP ${status}: rate limit`);
        if (rateLimitHits > this.rateLimitRetries)
          throw new RateLimited(this.clock.now() + waitMs, `HTTP ${status} on ${endpoint}`);
        continue;
      }
      this.limiter.settle(permit, response.headers);
      if (status >= 200 && status < 300) {
        if (body === undefined)
          throw new TransportError('server', endpoint, `HTTP ${status} with a body that is not JSON`, status);
        return body as T;
      }
      if (code === BinanceCode.INVALID_TIMESTAMP && spec.auth === 'signed' && !resynced) {
        resynced = true;
        this.logger.warn(
          { offsetMs: this.offsetMs },
          'binance-us rejected our timestamp (-1021): resyncing server time',
        );
        await this.syncTime();
        continue;
      }
      const data = (body as { data?: unknown } | undefined)?.data;
      if (code !== undefined && typeof data === 'object' && data !== null) throw new RejectionWithData(code, msg, data);
      if (errorClass === 'unknown') {
        const detail =
          code !== undefined ? `HTTP ${status} ${code} ${msg}` : `HTTP ${status}: ${this.#redact(text.slice(0, 200))}`;
        throw new TransportError('server', endpoint, detail, status, code);
      }
      if (code !== undefined) throw new ExchangeRejection(code, msg);
      if (status === 403)
        throw new ExchangeRejection(
          BinanceCode.UNKNOWN,
          `${endpoint}: HTTP 403 from the Binance.US web application firewall`,
        );
      throw new ExchangeRejection(
        BinanceCode.UNKNOWN,
        `${endpoint}: HTTP ${status}: ${this.#redact(text.slice(0, 200))}`,
      );
    }
  }

  private send(spec: RequestSpec): Promise<Response> {
    const params: Params = { ...spec.params };
    if (spec.auth === 'signed') {
      params.recvWindow ??= this.recvWindow;
      params.timestamp = Math.round(this.serverNow());
    }
    let query = encodeParams(params);
    if (spec.auth === 'signed' && this.#sign) query += `${query ? '&' : ''}signature=${this.#sign(query)}`;
    const headers: Record<string, string> = {};
    if (spec.auth !== 'none' && this.#apiKey) headers['X-MBX-APIKEY'] = this.#apiKey;
    const url = `${this.baseUrl}${spec.path}${query ? `?${query}` : ''}`;
    this.logger.debug({ method: spec.method, path: spec.path, weight: spec.weight }, 'binance-us request');
    return this.fetchImpl(url, { method: spec.method, headers, signal: AbortSignal.timeout(this.timeoutMs) });
  }

  private parseJson(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }

  private transportError(endpoint: string, error: unknown): TransportError {
    if (error instanceof TransportError) return error;
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError')
      return new TransportError('timeout', endpoint, `no answer within ${this.timeoutMs} ms`);
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    const message = error instanceof Error ? error.message : String(error);
    return new TransportError('network', endpoint, this.#redact(`${message}${cause}`));
  }
}
