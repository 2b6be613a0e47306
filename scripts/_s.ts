import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { createMcpServerFactory } from '../src/mcp/server.js';
import { realApp } from '../test/support/real-app.js';
const r = await realApp();
const [c, s] = InMemoryTransport.createLinkedPair();
serveStdio(createMcpServerFactory(r.app), { transport: s });
const client = new Client({ name: 'x', version: '1' });
await client.connect(c);
for (const [name, args] of JSON.parse(process.argv[2]!)) {
  const res = await client.callTool({ name, arguments: args });
  console.log(name, (res.content as any)[0].text.slice(0, Number(process.argv[3] ?? 3000)));
}
await client.close(); await r.close();
