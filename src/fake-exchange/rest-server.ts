import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import { ExchangeRejection } from '../model/errors.js';
import { authenticate, type Credentials } from './auth.js';
import type { FaultInjector } from './faults.js';
import { Params } from './params.js';
import type { FakeRateLimiter } from './rate-limits.js';
import type { Route } from './routes.js';
import type { FakeExchangeStats } from './stats.js';
import { WireError, wireErrors } from './wire-error.js';

export interface RestDeps {
  routes: Route[];
  limiter: FakeRateLimiter;
  faults: FaultInjector;
  stats: FakeExchangeStats;
  credentials: Credentials;
  serverTime: () => number;
  logger: Logger;
  /** Answers /__fake/... requests (the test-only admin surface). */
  admin: (method: string, path: string, body: string) => Promise<{ status: number; body: unknown }>;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (res.writableEnded || res.destroyed) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function asWireError(error: unknown, logger: Logger): WireError {
  if (error instanceof WireError) return error;
  if (error instanceof ExchangeRejection) return new WireError(400, error.code, error.message);
  logger.error({ err: error }, 'fake exchange: unexpected error while handling a request');
  return wireErrors.internal(500);
}

/**
 * The REST pipeline, in Binance's order: weight and bans, authentication, order-rate limit, the
 * handler; injected faults (latency, 5xx before or after processing, an accepted order left
 * unanswered) wrap around it.
 */
export function createRestHandler(deps: RestDeps): {
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  destroyHeld: () => void;
} {
  const { limiter, faults, stats, logger } = deps;
  const routes = new Map(deps.routes.map((r) => [`${r.method} ${r.path}`, r]));
  const held = new Set<ServerResponse>();

  function weightHeaders(now: number, route: Route | undefined): Record<string, string> {
    const used = String(limiter.usedWeight(now));
    const headers: Record<string, string> = { 'X-MBX-USED-WEIGHT-1M': used, 'X-MBX-USED-WEIGHT': used };
    if (route?.placesOrder)
      for (const { suffix, count } of limiter.orderCounts(now)) headers[`X-MBX-ORDER-COUNT-${suffix}`] = String(count);
    return headers;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
    const rawQuery = queryAt === -1 ? '' : rawUrl.slice(queryAt + 1);
    const method = (req.method ?? 'GET').toUpperCase();
    const rawBody = await readBody(req);

    if (path.startsWith('/__fake/')) {
      const answer = await deps.admin(method, path, rawBody);
      send(res, answer.status, answer.body, {});
      return;
    }

    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    stats.requests += 1;
    const route = routes.get(`${method} ${path}`);
    let now = deps.serverTime();
    if (!route) {
      const verdict = limiter.admitRequest(now, 1);
      send(
        res,
        verdict.ok ? 404 : verdict.error.status,
        verdict.ok ? undefined : verdict.error.body(),
        weightHeaders(now, undefined),
      );
      return;
    }

    let params: Params | undefined;
    let malformed: WireError | undefined;
    try {
      params = new Params(rawQuery, route.method === 'GET' ? '' : rawBody);
    } catch (error) {
      malformed = asWireError(error, logger);
    }

    const weight = params ? route.weight(params) : 1;
    const verdict = limiter.admitRequest(now, weight);
    stats.weight += weight;
    if (!verdict.ok) {
      if (verdict.kind === '429') stats.rateLimited429 += 1;
      else stats.banned418 += 1;
      send(res, verdict.error.status, verdict.error.body(), { ...weightHeaders(now, route), ...verdict.error.headers });
      return;
    }
    if (malformed || !params) {
      const wire = malformed ?? wireErrors.unknown();
      send(res, wire.status, wire.body(), { ...weightHeaders(now, route), ...wire.headers });
      return;
    }

    const serverError = faults.takeServerError(method, path);
    /** The request was processed, but the client is told 5xx: its outcome is unknown to it. */
    const injected = (decision: { status: number; code?: number }) =>
      decision.code !== undefined
        ? wireErrors.unknownOutcome(decision.status, decision.code)
        : wireErrors.internal(decision.status);
    /** Counted as a 5xx, or apart when it carries an "execution status unknown" code with its own status. */
    const count = (decision: { code?: number }, after: boolean): void => {
      if (decision.code !== undefined) {
        stats.injectedUnknownCodes += 1;
        return;
      }
      stats.injected5xx += 1;
      if (after) stats.injected5xxAfterProcessing += 1;
    };
    const failAfterProcessing = (decision: { status: number; code?: number }, at: number): void => {
      count(decision, true);
      send(res, decision.status, injected(decision).body(), weightHeaders(at, route));
    };
    if (serverError && !serverError.afterProcessing) {
      count(serverError, false);
      send(res, serverError.status, injected(serverError).body(), weightHeaders(now, route));
      return;
    }

    let body: unknown;
    try {
      authenticate(
        route.security,
        {
          apiKeyHeader: headerValue(req, 'x-mbx-apikey'),
          rawQuery,
          rawBody: route.method === 'GET' ? '' : rawBody,
          params,
          serverTime: now,
        },
        deps.credentials,
      );
      if (route.placesOrder && faults.takeOrderRefusal()) {
        stats.rateLimited429 += 1;
        stats.orderRateRefusals += 1;
        throw limiter.orderRefusal();
      }
      if (route.placesOrder) {
        const orderVerdict = limiter.admitOrder(now, route.orderCount ?? 1);
        if (!orderVerdict.ok) {
          stats.rateLimited429 += 1;
          stats.orderRateRefusals += 1;
          throw orderVerdict.error;
        }
      }
      body = await route.handle({ params, now });
    } catch (error) {
      const wire = asWireError(error, logger);
      if (wire.code === -2014 || wire.code === -2015 || wire.code === -1022 || wire.code === -1021)
        stats.authFailures += 1;
      now = deps.serverTime();
      if (serverError) return failAfterProcessing(serverError, now);
      send(res, wire.status, wire.body(), { ...weightHeaders(now, route), ...wire.headers });
      return;
    }

    now = deps.serverTime();
    // The order is done (filled, expired) and its answer is lost: a client resending its id would get a second order.
    const doneOrder =
      route.placesOrder &&
      typeof body === 'object' &&
      body !== null &&
      ['FILLED', 'CANCELED', 'EXPIRED', 'EXPIRED_IN_MATCH'].includes(String((body as { status?: unknown }).status));
    if (serverError) {
      if (doneOrder) stats.lostAnswersOnDoneOrders += 1;
      return failAfterProcessing(serverError, now);
    }
    if (route.placesOrder) {
      const timeout = faults.takeAcceptedTimeout();
      if (timeout) {
        if (doneOrder) stats.lostAnswersOnDoneOrders += 1;
        stats.acceptedThenTimedOut += 1;
        if (timeout === 'destroy') {
          req.socket.destroy();
        } else {
          held.add(res);
          res.on('close', () => held.delete(res));
        }
        return;
      }
    }
    send(res, 200, body, weightHeaders(now, route));
  }

  return {
    handle: (req, res) => {
      handle(req, res).catch((error: unknown) => {
        logger.error({ err: error }, 'fake exchange: request failed');
        send(res, 500, wireErrors.internal(500).body(), {});
      });
    },
    destroyHeld: () => {
      for (const res of held) res.socket?.destroy();
      held.clear();
    },
  };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
