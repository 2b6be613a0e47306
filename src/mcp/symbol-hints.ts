/**
 * "bitcoin", "USDBTC", "BTC": an unknown symbol's refusal names the pairs the model most likely
 * meant, from the venue's own list.
 */
import type { CallToolResult, McpServer } from '@modelcontextprotocol/server';
import type { App } from '../app/app.js';
import { compactSymbol } from '../requests/schemas.js';

const NAMES: Record<string, string> = {
  BITCOIN: 'BTC',
  ETHEREUM: 'ETH',
  ETHER: 'ETH',
  SOLANA: 'SOL',
  CARDANO: 'ADA',
  DOGECOIN: 'DOGE',
  DOGE: 'DOGE',
  RIPPLE: 'XRP',
  LITECOIN: 'LTC',
  POLKADOT: 'DOT',
  AVALANCHE: 'AVAX',
  CHAINLINK: 'LINK',
  TETHER: 'USDT',
  DOLLAR: 'USD',
  USDOLLAR: 'USD',
};
const PREFERRED_QUOTES = ['USD', 'USDT', 'USDC', 'BTC'];

interface Pair {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
}

/** Up to three listed symbols the text most likely meant. */
export function suggestSymbols(text: string, pairs: readonly Pair[]): string[] {
  const compact = compactSymbol(text) ?? text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (!compact) return [];
  const exact = pairs.find((p) => p.symbol === compact);
  if (exact) return [exact.symbol];
  const byQuote = (a: Pair, b: Pair) => rank(a.quoteAsset) - rank(b.quoteAsset);
  const rank = (q: string) =>
    (PREFERRED_QUOTES.indexOf(q) + PREFERRED_QUOTES.length + 1) % (PREFERRED_QUOTES.length + 1);
  const asset = NAMES[compact] ?? compact;
  const sameBase = pairs.filter((p) => p.baseAsset === asset).sort(byQuote);
  if (sameBase.length > 0) return sameBase.slice(0, 3).map((p) => p.symbol);
  const reversed = pairs.filter((p) => p.quoteAsset + p.baseAsset === compact);
  if (reversed.length > 0) return reversed.map((p) => p.symbol);
  for (const [name, code] of Object.entries(NAMES)) {
    if (compact.startsWith(name)) {
      const rest = compact.slice(name.length);
      const hit = pairs
        .filter((p) => p.baseAsset === code && (rest === '' || p.quoteAsset === (NAMES[rest] ?? rest)))
        .sort(byQuote);
      if (hit.length > 0) return hit.slice(0, 3).map((p) => p.symbol);
    }
  }
  return pairs
    .filter((p) => compact.startsWith(p.baseAsset) || p.symbol.startsWith(compact))
    .sort(byQuote)
    .slice(0, 3)
    .map((p) => p.symbol);
}

const UNKNOWN_SYMBOL = /Invalid symbol|is not traded here|is not a symbol/;

function namedSymbols(args: unknown): string[] {
  if (!args || typeof args !== 'object') return [];
  const { symbol, symbols } = args as { symbol?: unknown; symbols?: unknown };
  return [symbol, ...(Array.isArray(symbols) ? symbols : [])].filter((s): s is string => typeof s === 'string');
}

/** Appends "did you mean ...?" to a tool's refusal of an unknown symbol. */
export function withSymbolHints(server: McpServer, app: App): McpServer {
  const register = server.registerTool.bind(server) as (...a: unknown[]) => unknown;
  server.registerTool = ((
    name: string,
    config: unknown,
    handler: (args: unknown, ctx: unknown) => Promise<CallToolResult>,
  ) =>
    register(name, config, async (args: unknown, ctx: unknown) => {
      const result = await handler(args, ctx);
      const first = result.content?.[0];
      if (!result.isError || first?.type !== 'text' || !UNKNOWN_SYMBOL.test(first.text)) return result;
      const page = await app.market.listMarkets({ limit: 500 }).catch(() => null);
      if (!page) return result;
      const known = new Set(page.markets.map((m) => m.symbol));
      const hints = namedSymbols(args)
        .filter((s) => !known.has(s.trim().toUpperCase()))
        .map((s) => [s, suggestSymbols(s, page.markets)] as const)
        .filter(([, found]) => found.length > 0)
        .map(([s, found]) => `"${s}": did you mean ${found.join(' or ')}?`);
      if (hints.length === 0) return result;
      return {
        ...result,
        content: [{ type: 'text', text: `${first.text} ${hints.join(' ')}` }, ...result.content.slice(1)],
      };
    })) as McpServer['registerTool'];
  return server;
}
