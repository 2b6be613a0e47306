/** Raw JSON-RPC over Streamable HTTP (2026-07-28 era), as a client that knows the protocol would send it. */

export interface RawMcp {
  url: string;
  token: string;
}

export const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw-attacker', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RawAnswer = { result?: any; error?: { code: number; message: string } };

let nextId = 1;

export async function rawToolCall(
  mcp: RawMcp,
  name: string,
  args: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Promise<RawAnswer> {
  const response = await fetch(`${mcp.url}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${mcp.token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-method': 'tools/call',
      'mcp-name': name,
      'mcp-protocol-version': '2026-07-28',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: nextId++,
      method: 'tools/call',
      params: { name, arguments: args, ...extra, _meta: MODERN_META },
    }),
  });
  return (await response.json()) as RawAnswer;
}

/** set_trading_mode {mode: live}, with whatever inputResponses / requestState the caller adds. */
export function rawSetLive(
  mcp: RawMcp,
  extra: { inputResponses?: unknown; requestState?: string } = {},
): Promise<RawAnswer> {
  return rawToolCall(mcp, 'set_trading_mode', { mode: 'live' }, extra);
}
