/**
 * The baseline for bench/mcp-http.bench.ts: a bare SDK v2 server with one trivial tool, served the
 * way binance-mcp serves (stdio via serveStdio; HTTP via createMcpHandler behind the same bearer check).
 * Run as a child: `node --import tsx bench/support/bare-server.ts stdio|http [port] [token]`.
 */
import { serve } from '@hono/node-server';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { Hono } from 'hono';
import * as z from 'zod';
import { bearerToken, tokensMatch } from '../../src/http/auth.js';

export function bareServer(): McpServer {
  const server = new McpServer({ name: 'bare', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Echo', inputSchema: z.object({ text: z.string() }), outputSchema: z.object({ text: z.string() }) },
    ({ text }) => ({ content: [{ type: 'text', text: JSON.stringify({ text }) }], structuredContent: { text } }),
  );
  return server;
}

export function bareHttpApp(token: string): Hono {
  const handler = createMcpHandler(() => bareServer(), { legacy: 'stateless' });
  const app = new Hono();
  app.all('/mcp', (c) =>
    tokensMatch(token, bearerToken(c.req.header('authorization')))
      ? handler.fetch(c.req.raw)
      : c.json({ error: 'unauthorized' }, 401),
  );
  return app;
}

const isMain = process.argv[1]?.endsWith('bare-server.ts');
if (isMain) {
  const [kind, port, token] = process.argv.slice(2);
  if (kind === 'stdio') serveStdio(() => bareServer());
  else
    serve({ fetch: bareHttpApp(token ?? '').fetch, hostname: '127.0.0.1', port: Number(port ?? 0) }, (info) =>
      process.stderr.write(`listening ${info.port}\n`),
    );
}
