/** The HTTP interface with MCP mounted at /mcp: http/ and mcp/ do not import each other, they meet here. */
import type { App } from '../app/app.js';
import { createHttpApp, type HttpApp, type HttpAppOptions } from '../http/app.js';
import { startHttpServer, type HttpServerOptions, type RunningHttpServer } from '../http/server.js';
import { createMcpServerFactory } from '../mcp/server.js';
import type { McpSession } from '../requests/session.js';

/** /mcp over HTTP: every request gets a fresh McpServer on the one session the REST endpoints share. */
function mcpOverHttp(app: App) {
  return (session: McpSession) => createMcpServerFactory(app, { sharedSession: session });
}

/** The hono app (no socket): REST, the dashboard and MCP at /mcp. */
export function httpApp(app: App, options: Omit<HttpAppOptions, 'mcpServer'>): HttpApp {
  return createHttpApp(app, { ...options, mcpServer: mcpOverHttp(app) });
}

/** Listens on options.host:port (see startHttpServer: a port in use is a warning, not a crash). */
export function serveHttp(app: App, options: Omit<HttpServerOptions, 'mcpServer'>): Promise<RunningHttpServer> {
  return startHttpServer(app, { ...options, mcpServer: mcpOverHttp(app) });
}
