/** Which requests a 5xx fault hits, and whether the request was processed before the error was returned. */
export interface ServerErrorFault {
  /** Chance (0..1) that each matching request fails. */
  probability?: number;
  /** The next N matching requests fail (counted before `probability`). */
  next?: number;
  /** HTTP status, default 503. */
  status?: number;
  /**
   * Binance's code in the body, default -1001 (503) or -1000. -1006 / -1007 with 400 or 408 is
   * Binance's "execution status unknown" (ERRORS: -1006 UNEXPECTED_RESP, -1007 TIMEOUT).
   */
  code?: number;
  /** 'before': nothing happened; 'after': the request was processed, then the answer was lost; 'either': a coin toss. Default 'either'. */
  when?: 'before' | 'after' | 'either';
  /** Only requests to this path (e.g. '/api/v3/order'); all REST paths when absent. */
  path?: string;
  /** Only requests to one of these paths (with `path`, either matches). */
  paths?: string[];
  /** Only this HTTP method. */
  method?: string;
}

export interface AcceptedTimeoutFault {
  /** The next N accepted orders get no answer. */
  next?: number;
  /** Chance (0..1) that each accepted order gets no answer. */
  probability?: number;
  /** 'hang': keep the connection open, never answer; 'destroy': reset the connection. Default 'hang'. */
  mode?: 'hang' | 'destroy';
}

export interface FaultSettings {
  latencyMs?: number;
  serverErrors?: ServerErrorFault | null;
  acceptedTimeouts?: AcceptedTimeoutFault | null;
  clockSkewMs?: number;
  /**
   * Order queries (GET /order, openOrders, allOrders, myTrades) see an order only this long after
   * it was created: Binance reads them from a database that can lag behind the matching engine.
   */
  queryLagMs?: number;
  /**
   * Orders canceled or expired with nothing executed this long ago answer -2026 (archived) to
   * GET /order and leave allOrders (Binance.US CHANGELOG 2023-03: after 90 days). Off by default.
   */
  archiveAfterMs?: number | null;
  /** The next N new orders are refused with -1015 (a storm of order-rate refusals). */
  orderStorm?: number;
}

export interface ServerErrorDecision {
  status: number;
  code?: number;
  afterProcessing: boolean;
}

/** Faults a test switches on at runtime; every REST request asks it what to break. */
export class FaultInjector {
  latencyMs = 0;
  clockSkewMs = 0;
  queryLagMs = 0;
  archiveAfterMs: number | null = null;
  private serverErrors: ServerErrorFault | null = null;
  private serverErrorsLeft = 0;
  private acceptedTimeouts: AcceptedTimeoutFault | null = null;
  private acceptedTimeoutsLeft = 0;
  private orderRefusalsLeft = 0;
  private readonly websocketDroppers = new Set<() => number>();
  private readonly keyExpirers = new Set<() => number>();

  constructor(private readonly random: () => number = Math.random) {}

  set(settings: FaultSettings): void {
    if (settings.latencyMs !== undefined) this.latencyMs = nonNegative('latencyMs', settings.latencyMs);
    if (settings.clockSkewMs !== undefined) this.clockSkewMs = finite('clockSkewMs', settings.clockSkewMs);
    if (settings.serverErrors !== undefined) this.failWith5xx(settings.serverErrors);
    if (settings.acceptedTimeouts !== undefined) this.timeoutAfterAccept(settings.acceptedTimeouts);
    if (settings.queryLagMs !== undefined) this.lagQueries(settings.queryLagMs);
    if (settings.archiveAfterMs !== undefined) this.archiveAfter(settings.archiveAfterMs);
    if (settings.orderStorm !== undefined) this.stormOrders(settings.orderStorm);
  }

  /** A -1015 storm: the next `count` new orders are refused as over the ORDERS limit (HTTP 429, no Retry-After). */
  stormOrders(count: number): void {
    this.orderRefusalsLeft = nonNegative('orderStorm', count);
  }

  /** @internal whether this new order is refused by a -1015 storm. */
  takeOrderRefusal(): boolean {
    if (this.orderRefusalsLeft <= 0) return false;
    this.orderRefusalsLeft -= 1;
    return true;
  }

  lagQueries(ms: number): void {
    this.queryLagMs = nonNegative('queryLagMs', ms);
  }

  archiveAfter(ms: number | null): void {
    this.archiveAfterMs = ms === null ? null : nonNegative('archiveAfterMs', ms);
  }

  addLatency(ms: number): void {
    this.latencyMs = nonNegative('latencyMs', ms);
  }

  skewClock(ms: number): void {
    this.clockSkewMs = finite('clockSkewMs', ms);
  }

  failWith5xx(fault: ServerErrorFault | null): void {
    if (fault?.probability !== undefined) probability('serverErrors.probability', fault.probability);
    this.serverErrors = fault;
    this.serverErrorsLeft = fault?.next ?? 0;
  }

  timeoutAfterAccept(fault: AcceptedTimeoutFault | null): void {
    if (fault?.probability !== undefined) probability('acceptedTimeouts.probability', fault.probability);
    this.acceptedTimeouts = fault;
    this.acceptedTimeoutsLeft = fault?.next ?? 0;
  }

  /** Closes every websocket connection now; returns how many were dropped. */
  dropWebsockets(): number {
    let dropped = 0;
    for (const drop of this.websocketDroppers) dropped += drop();
    return dropped;
  }

  /** Ends every user-data listenKey now (each stream hears listenKeyExpired); returns how many. */
  expireListenKeys(): number {
    let expired = 0;
    for (const expire of this.keyExpirers) expired += expire();
    return expired;
  }

  /** @internal the user-data hub registers how to expire its keys. */
  onExpireListenKeys(expire: () => number): () => void {
    this.keyExpirers.add(expire);
    return () => this.keyExpirers.delete(expire);
  }

  reset(): void {
    this.latencyMs = 0;
    this.clockSkewMs = 0;
    this.queryLagMs = 0;
    this.archiveAfterMs = null;
    this.orderRefusalsLeft = 0;
    this.failWith5xx(null);
    this.timeoutAfterAccept(null);
  }

  settings(): FaultSettings & { serverErrorsLeft: number; acceptedTimeoutsLeft: number; orderStormLeft: number } {
    return {
      orderStormLeft: this.orderRefusalsLeft,
      latencyMs: this.latencyMs,
      clockSkewMs: this.clockSkewMs,
      queryLagMs: this.queryLagMs,
      archiveAfterMs: this.archiveAfterMs,
      serverErrors: this.serverErrors,
      acceptedTimeouts: this.acceptedTimeouts,
      serverErrorsLeft: this.serverErrorsLeft,
      acceptedTimeoutsLeft: this.acceptedTimeoutsLeft,
    };
  }

  /** @internal the websocket server registers how to drop its connections. */
  onDropWebsockets(drop: () => number): () => void {
    this.websocketDroppers.add(drop);
    return () => this.websocketDroppers.delete(drop);
  }

  /** @internal whether this request fails with a 5xx, and when. */
  takeServerError(method: string, path: string): ServerErrorDecision | undefined {
    const fault = this.serverErrors;
    if (!fault) return undefined;
    const paths = [...(fault.path !== undefined ? [fault.path] : []), ...(fault.paths ?? [])];
    if (paths.length > 0 && !paths.includes(path)) return undefined;
    if (fault.method !== undefined && fault.method.toUpperCase() !== method) return undefined;
    let hit = false;
    if (this.serverErrorsLeft > 0) {
      this.serverErrorsLeft -= 1;
      hit = true;
    } else if (fault.probability !== undefined && this.random() < fault.probability) {
      hit = true;
    }
    if (!hit) return undefined;
    const when = fault.when ?? 'either';
    const afterProcessing = when === 'after' || (when === 'either' && this.random() < 0.5);
    return { status: fault.status ?? 503, ...(fault.code !== undefined ? { code: fault.code } : {}), afterProcessing };
  }

  /** @internal whether an accepted order's answer is withheld, and how. */
  takeAcceptedTimeout(): 'hang' | 'destroy' | undefined {
    const fault = this.acceptedTimeouts;
    if (!fault) return undefined;
    let hit = false;
    if (this.acceptedTimeoutsLeft > 0) {
      this.acceptedTimeoutsLeft -= 1;
      hit = true;
    } else if (fault.probability !== undefined && this.random() < fault.probability) {
      hit = true;
    }
    return hit ? (fault.mode ?? 'hang') : undefined;
  }
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number >= 0, got ${value}`);
  return value;
}

function finite(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
  return value;
}

function probability(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw new RangeError(`${name} must be between 0 and 1, got ${value}`);
}
