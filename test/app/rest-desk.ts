/** The real application (createApp, synthetic market, paper) behind the real HTTP server, driven through POST /mcp/actions as a client would. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type ComposedApp } from '../../src/compose/app.js';
import { loadConfig } from '../../src/config.js';
import { type RunningHttpServer } from '../../src/http/server.js';
import { serveHttp } from '../../src/compose/http.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface RestDesk {
  app: ComposedApp;
  dir: string;
  server: RunningHttpServer;
  /** One trade_order action; answers the action's result. */
  trade(actionId: string, order: Json): Promise<Json>;
  /** Several actions in one request; answers the results. */
  actions(actions: Json[]): Promise<Json[]>;
  /** The paper balance total of an asset. */
  held(asset: string): Promise<string>;
  lastPrice(symbol: string): Promise<string>;
  /** Stops the server and the app; the journal folder stays when it was given. */
  close(): Promise<void>;
}

const TOKEN = 'r'.repeat(64);

/** With `dir`, the journal lives there and survives close (to start the app again on it). */
export async function restDesk(
  settings: Record<string, string> = {},
  options: { dir?: string } = {},
): Promise<RestDesk> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'binance-mcp-risk-')));
  const app = await createApp(
    loadConfig({
      MARKET_DATA: 'synthetic',
      TRADING_MODE: 'paper',
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${join(dir, 'trading.db')}`,
      LOG_LEVEL: 'silent',
      ...settings,
    }),
  );
  const server = await serveHttp(app, { host: '127.0.0.1', port: 0, token: TOKEN });
  const actions = async (list: Json[]) => {
    const response = await fetch(`${server.url}/mcp/actions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ actions: list }),
    });
    const body = (await response.json()) as Json;
    if (response.status !== 200)
      throw new Error(`POST /mcp/actions answered ${response.status}: ${JSON.stringify(body)}`);
    return body.results as Json[];
  };
  return {
    app,
    dir,
    server,
    actions,
    async trade(actionId, order) {
      return (await actions([{ action_id: actionId, action: { action_type: 'trade_order', ...order } }]))[0]!;
    },
    async held(asset) {
      const account = await app.desks.paper.account();
      return account.balances.find((b) => b.asset === asset)?.total ?? '0';
    },
    async lastPrice(symbol) {
      return (await app.market.quotes([symbol]))[0]!.price;
    },
    async close() {
      await server.close();
      await app.close();
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
