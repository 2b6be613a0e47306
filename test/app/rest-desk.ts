/** The real application behind the real HTTP server, driven through POST /mcp/actions as a client would. */
import { startHttpServer, type RunningHttpServer } from '../../src/http/server.js';
import { realApp, type RealApp } from '../support/real-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface RestDesk {
  real: RealApp;
  server: RunningHttpServer;
  /** One trade_order action; answers the action's result. */
  trade(actionId: string, order: Json): Promise<Json>;
  /** The paper balance total of an asset. */
  held(asset: string): Promise<string>;
  lastPrice(symbol: string): Promise<string>;
  close(): Promise<void>;
}

const TOKEN = 'r'.repeat(64);

export async function restDesk(settings: Record<string, string> = {}): Promise<RestDesk> {
  const real = await realApp(settings);
  const server = await startHttpServer(real.app, { host: '127.0.0.1', port: 0, token: TOKEN });
  return {
    real,
    server,
    async trade(actionId, order) {
      const response = await fetch(`${server.url}/mcp/actions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ actions: [{ action_id: actionId, action: { action_type: 'trade_order', ...order } }] }),
      });
      const body = (await response.json()) as Json;
      if (response.status !== 200) throw new Error(`POST /mcp/actions answered ${response.status}: ${JSON.stringify(body)}`);
      return body.results[0] as Json;
    },
    async held(asset) {
      const account = await real.app.desks.paper.account();
      return account.balances.find((b) => b.asset === asset)?.total ?? '0';
    },
    async lastPrice(symbol) {
      return (await real.app.market.quotes([symbol]))[0]!.price;
    },
    async close() {
      await server.close();
      await real.close();
    },
  };
}
