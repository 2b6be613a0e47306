/**
 * The HTTP interface: GET /health (no auth), the original REST endpoints POST /mcp/contexts and
 * POST /mcp/actions, MCP over Streamable HTTP at /mcp for both protocol eras, and the read-only
 * dashboard at /dashboard. Every route but /health needs the bearer token, in the Authorization header
 * (the dashboard's browser: its cookie; /mcp/actions: also the original auth_token body field); every
 * route checks Host and Origin against DNS rebinding.
 */
import { createMcpHandler, type McpHttpHandler, type McpServerFactory } from '@modelcontextprotocol/server';
import { Hono, type Context } from 'hono';
import type { App } from '../app/app.js';
import { dashboardAuth, dashboardRoutes } from '../dashboard/index.js';
import { endLiveOnEndedGrant } from '../requests/grant-lease.js';
import { McpSession } from '../requests/session.js';
import { bearerToken, tokensMatch } from './auth.js';
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from './body.js';
import { guardPolicy, refusal } from './request-guards.js';
import { CancelResults, handleActions } from './routes/actions.js';
import { handleContexts } from './routes/contexts.js';

export interface HttpAppOptions {
  token: string;
  /** The address the server binds to: decides which Host headers are accepted. */
  host: string;
  allowedOrigins?: string[];
  /** Host names clients use to reach a bind beyond loopback (required there). */
  allowedHosts?: string[];
  maxBodyBytes?: number;
  /** The MCP server /mcp serves, bound to the HTTP session (the composition root passes it: http imports no mcp/). */
  mcpServer: (session: McpSession) => McpServerFactory;
}

export interface HttpApp {
  hono: Hono;
  /** The session shared by the REST endpoints and /mcp (starts in paper). */
  session: McpSession;
  mcp: McpHttpHandler;
  close(): Promise<void>;
}

function unauthorized(c: Context): Response {
  c.header('WWW-Authenticate', 'Bearer realm="binance-mcp"');
  return c.json(
    {
      error: 'unauthorized',
      message:
        'missing or wrong token: send Authorization: Bearer <token> (the token is shown on stderr at start-up and kept in DATA_DIR/auth-token)',
    },
    401,
  );
}

export function createHttpApp(app: App, options: HttpAppOptions): HttpApp {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const policy = guardPolicy(options.host, options.allowedOrigins, options.allowedHosts);
  const session = new McpSession('http', 'http');
  const cancels = new CancelResults();
  const mcp = createMcpHandler(options.mcpServer(session), {
    legacy: 'stateless',
    maxRequestBodySize: maxBodyBytes,
    onerror: (error) =>
      app.logger.debug({ err: { name: error.name, message: error.message } }, 'mcp http request refused or failed'),
  });
  const hono = new Hono();

  hono.use('*', async (c, next) => {
    const reason = refusal(policy, c.req.header('host'), c.req.header('origin'));
    if (reason) return c.json({ error: 'forbidden', message: reason }, 403);
    await next();
  });

  hono.get('/health', async (c) => {
    await endLiveOnEndedGrant(app, session);
    return c.json({
      status: 'ok',
      mode: session.mode,
      market_source: app.market.source,
      market_status: app.market.status(),
      live_available: app.live.available,
      ...(app.owners?.()[session.mode] ? { owner: app.owners()[session.mode] } : {}),
      version: app.version,
      uptime_seconds: Math.max(0, Math.floor((app.clock.now() - app.startedAt) / 1000)),
    });
  });

  hono.post('/mcp/contexts', async (c) => {
    if (!tokensMatch(options.token, bearerToken(c.req.header('authorization')))) return unauthorized(c);
    const body = await readJsonBody(c.req.raw, maxBodyBytes);
    if (!body.ok) return c.json(body.body, body.status);
    await endLiveOnEndedGrant(app, session);
    return handleContexts(c, app, session, body.value);
  });

  hono.post('/mcp/actions', async (c) => {
    const headerToken = bearerToken(c.req.header('authorization'));
    if (headerToken !== undefined && !tokensMatch(options.token, headerToken)) return unauthorized(c);
    const body = await readJsonBody(c.req.raw, maxBodyBytes);
    if (headerToken === undefined) {
      const bodyToken =
        body.ok && typeof body.value === 'object' && body.value !== null
          ? (body.value as Record<string, unknown>).auth_token
          : undefined;
      if (typeof bodyToken !== 'string' || !tokensMatch(options.token, bodyToken)) return unauthorized(c);
    }
    if (!body.ok) return c.json(body.body, body.status);
    await endLiveOnEndedGrant(app, session);
    return handleActions(c, app, session, cancels, body.value);
  });

  // The read-only dashboard: bearer header, or the cookie its page load with ?token= sets (see dashboard/auth.ts).
  const dashboardGate = dashboardAuth(options.token);
  hono.use('/dashboard', dashboardGate);
  hono.use('/dashboard/*', dashboardGate);
  hono.route('/', dashboardRoutes(app));

  hono.all('/mcp', async (c) => {
    if (!tokensMatch(options.token, bearerToken(c.req.header('authorization')))) return unauthorized(c);
    return mcp.fetch(c.req.raw, { authInfo: { token: '[verified]', clientId: 'http-bearer', scopes: [] } });
  });

  hono.notFound((c) =>
    c.json(
      {
        error: 'not_found',
        message: `no route ${c.req.method} ${c.req.path}; see GET /health, POST /mcp/contexts, POST /mcp/actions, /mcp, GET /dashboard`,
      },
      404,
    ),
  );
  hono.onError((error, c) => {
    app.logger.error({ err: { name: error.name, message: error.message }, path: c.req.path }, 'http request failed');
    return c.json({ error: 'internal_error', message: 'the server failed to answer; see its log' }, 500);
  });

  return { hono, session, mcp, close: () => mcp.close() };
}
