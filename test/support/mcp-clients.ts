/** Real MCP clients for tests: the SDK v2 client in either era, and the v1 SDK client as an old host. */
import {
  Client,
  StreamableHTTPClientTransport,
  type CallToolResult,
  type ElicitResult,
} from '@modelcontextprotocol/client';
import { InMemoryTransport, type McpServerFactory } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1HttpTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export type Era = 'modern' | 'legacy';

export interface ClientOptions {
  era: Era;
  /** How the client's "human" answers elicitation; absent: the client cannot elicit. */
  elicit?: ((message: string) => ElicitResult) | undefined;
}

export function newClient(options: ClientOptions): Client {
  const client = new Client(
    { name: 'binance-mcp-test', version: '1.0.0' },
    {
      capabilities: options.elicit ? { elicitation: { form: {} } } : {},
      versionNegotiation: options.era === 'modern' ? { mode: { pin: '2026-07-28' } } : { mode: 'legacy' },
    },
  );
  if (options.elicit) {
    const answer = options.elicit;
    client.setRequestHandler('elicitation/create', async (request) =>
      answer(String((request.params as { message?: string }).message ?? '')),
    );
  }
  return client;
}

/** A v2 client connected in memory to a server factory served exactly as stdio serves it (both eras). */
export async function connectInMemory(factory: McpServerFactory, options: ClientOptions): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  serveStdio(factory, { transport: serverSide });
  const client = newClient(options);
  await client.connect(clientSide);
  return client;
}

export async function connectHttp(url: string, token: string, options: ClientOptions): Promise<Client> {
  const client = newClient(options);
  await client.connect(
    new StreamableHTTPClientTransport(new URL('/mcp', url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

export async function connectV1InMemory(factory: McpServerFactory): Promise<V1Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  serveStdio(factory, { transport: serverSide });
  const client = new V1Client({ name: 'old-host', version: '1.0.0' });
  await client.connect(clientSide as never);
  return client;
}

export async function connectV1Http(url: string, token: string): Promise<V1Client> {
  const client = new V1Client({ name: 'old-host', version: '1.0.0' });
  await client.connect(
    new V1HttpTransport(new URL('/mcp', url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
  );
  return client;
}

export function textOf(result: { content?: unknown }): string {
  const content = (result.content ?? []) as { type: string; text?: string }[];
  return content
    .filter((c) => c.type === 'text')
    .map((c) => c.text ?? '')
    .join('\n');
}

export function structured<T = Record<string, unknown>>(result: CallToolResult | { structuredContent?: unknown }): T {
  return result.structuredContent as T;
}
