import { serveStdio, type StdioServerHandle } from '@modelcontextprotocol/server/stdio';
import type { App } from '../app/app.js';
import type { RunningHttpServer } from '../http/server.js';
import { createMcpServerFactory } from '../mcp/server.js';

export interface ServeOptions {
  /** MCP over this process's stdin/stdout (stdout then carries only MCP messages). */
  stdio: boolean;
  http?: { host: string; port: number; token: string; allowedOrigins?: string[]; allowedHosts?: string[] };
}

export interface Serving {
  /** The HTTP base URL, or null when HTTP is off or its port was taken. */
  httpUrl: string | null;
  http?: RunningHttpServer | undefined;
  /** Resolves when the stdio client closes the connection (never, without stdio). */
  stdioClosed: Promise<void>;
  close(): Promise<void>;
}

/** Serves MCP over stdio (both protocol eras) and HTTP at the same time, as asked. */
export async function serve(app: App, options: ServeOptions): Promise<Serving> {
  let stdio: StdioServerHandle | undefined;
  let stdioClosed: Promise<void> = new Promise<void>(() => {});
  if (options.stdio) {
    stdioClosed = new Promise<void>((resolve) =>
      process.stdin.once('end', () => resolve()).once('close', () => resolve()),
    );
    stdio = serveStdio(createMcpServerFactory(app), {
      legacy: 'serve',
      onerror: (error) => app.logger.warn({ err: { name: error.name, message: error.message } }, 'stdio MCP error'),
    });
    app.logger.info('MCP on stdio (2026-07-28 and 2025-11-25 clients)');
  }
  // Loaded after stdio answers: a host's first tools/list does not wait for hono and the dashboard.
  const http = options.http
    ? await import('./http.js').then(({ serveHttp }) => serveHttp(app, options.http!))
    : undefined;
  return {
    httpUrl: http?.url ?? null,
    http,
    stdioClosed,
    close: async () => {
      await stdio?.close();
      await http?.close();
    },
  };
}
