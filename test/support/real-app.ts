/** The real application (the lead's createApp) on the synthetic market, paper mode, a temporary SQLite journal. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createApp, type ComposedApp } from '../../src/compose/app.js';
import { loadConfig, type Config } from '../../src/config.js';

export interface RealApp {
  app: ComposedApp;
  config: Config;
  dir: string;
  dbPath: string;
  /** Row counts of every journal table: equal fingerprints mean nothing was written. */
  journal(): Record<string, number>;
  close(): Promise<void>;
}

export async function realApp(settings: Record<string, string> = {}): Promise<RealApp> {
  const dir = await mkdtemp(join(tmpdir(), 'binance-mcp-test-'));
  const dbPath = join(dir, 'trading.db');
  const config = loadConfig({
    MARKET_DATA: 'synthetic',
    TRADING_MODE: 'paper',
    DATA_DIR: dir,
    DATABASE_URL: `sqlite:${dbPath}`,
    LOG_LEVEL: 'silent',
    ...settings,
  });
  const app = await createApp(config);
  return {
    app,
    config,
    dir,
    dbPath,
    journal() {
      const db = new Database(dbPath, { readonly: true, fileMustExist: true });
      try {
        const tables = db
          .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'",
          )
          .all() as { name: string }[];
        return Object.fromEntries(
          tables.map(({ name }) => [
            name,
            (db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n,
          ]),
        );
      } finally {
        db.close();
      }
    },
    async close() {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
