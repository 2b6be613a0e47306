import { createAdaptorServer } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { App } from '../app/app.js';
import { createHttpApp, type HttpApp, type HttpAppOptions } from './app.js';

export interface HttpServerOptions extends HttpAppOptions {
  port: number;
}

export interface RunningHttpServer {
  /** Base URL, e.g. http://127.0.0.1:8000; null when the server could not listen (port taken). */
  url: string | null;
  /** Why it is not listening, when it is not. */
  error?: string;
  http: HttpApp;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Starts the HTTP server. A port already in use is a clear warning, not a crash: the caller
 * (stdio MCP) goes on, and `url` is null.
 */
export async function startHttpServer(app: App, options: HttpServerOptions): Promise<RunningHttpServer> {
  const http = createHttpApp(app, options);
  const server = createAdaptorServer({ fetch: http.hono.fetch, hostname: options.host });
  const listening = await new Promise<{ port: number } | { error: string }>((resolve) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${options.port} on ${options.host} is already in use (another binance-mcp?); HTTP is off, use --port or HTTP_PORT to pick another`
          : `cannot listen on ${options.host}:${options.port}: ${error.message}`;
      resolve({ error: reason });
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve({ port: (server.address() as AddressInfo).port });
    });
  });
  if ('error' in listening) {
    app.logger.warn({ host: options.host, port: options.port }, listening.error);
    await http.close();
    return { url: null, error: listening.error, http, close: async () => {} };
  }
  server.on('error', (error) => app.logger.error({ err: { message: error.message } }, 'http server error'));
  const url = `http://${urlHost(options.host)}:${listening.port}`;
  app.logger.info({ url }, 'HTTP server listening (REST at /mcp/contexts and /mcp/actions, MCP at /mcp)');
  let closed = false;
  return {
    url,
    http,
    close: async () => {
      if (closed) return;
      closed = true;
      await http.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server)
          (server as unknown as { closeAllConnections(): void }).closeAllConnections();
      });
    },
  };
}
