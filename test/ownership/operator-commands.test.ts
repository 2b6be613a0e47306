/**
 * `binance-mcp risk status|reset` and `paper reset` beside a running server: they go through the
 * server that owns the account (which sees them at once and shows the limits it enforces), and
 * work on the journal alone, with no market connection, when no server runs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openKyselyStore } from '../../src/store/index.js';
import { call, cli, cliBuilt, stdioServer, until, type Journal, type ServerProcess } from './processes.js';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'bm-own-cli-'));
const journal: Journal = { dataDir, url: `sqlite:${join(dataDir, 'trading.db')}` };
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The shell has no limits and a market that cannot be reached: whatever it shows comes from the server or the journal. */
async function operator(...args: string[]): Promise<string> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dataDir,
    DATA_DIR: dataDir,
    DATABASE_URL: journal.url,
    LOG_LEVEL: 'silent',
    MARKET_DATA: 'live',
    BINANCE_BASE_URL: 'http://127.0.0.1:9',
  };
  const { stdout } = await run(process.execPath, [cli, ...args], { env, cwd: dataDir });
  return stdout;
}

describe.skipIf(!cliBuilt)(
  'operator commands beside a running owner (skipped when dist/ is not built: run npm run build)',
  () => {
    it('when a server owns the account then risk status shows its limits, and paper and risk resets go through it at once', async () => {
      const server = await stdioServer('owner', journal, { MAX_TRADE_SIZE_USD: '1234' });
      servers.push(server);
      await call(server, 'get_account', {});

      const status = await operator('risk', 'status');
      expect(status).toContain('MAX_TRADE_SIZE_USD: 1234');
      expect(status).toContain(`pid ${server.pid}`);

      const bought = await call(server, 'place_order', {
        symbol: 'BTCUSD',
        side: 'BUY',
        order_type: 'MARKET',
        quote_quantity: '500',
        action_id: 'cli-buy',
      });
      expect(bought.order?.status).toBe('FILLED');
      const resting = await call(server, 'place_order', {
        symbol: 'BTCUSD',
        side: 'BUY',
        order_type: 'LIMIT',
        quantity: '0.001',
        price: '40000',
        action_id: 'cli-rest',
      });
      expect(resting.order?.status, resting.text).toBe('NEW');

      const reset = await operator('paper', 'reset');
      expect(reset).toMatch(/1 open order\(s\) canceled; balances now 10000 USD/);
      expect(reset).toContain('applied by the running server');
      const account = (await call(server, 'get_account', {})) as unknown as {
        balances: { asset: string; free: string; locked: string }[];
      };
      expect(account.balances.map((b) => [b.asset, b.free, b.locked])).toEqual([['USD', '10000', '0']]);

      const breaker = await operator('risk', 'reset');
      expect(breaker).toContain('circuit breaker reset for the paper account');
      const store = await openKyselyStore({ url: journal.url, dataDir });
      try {
        expect((await store.listAudit(20)).some((a) => a.action === 'risk_reset' && a.actor === 'operator')).toBe(true);
      } finally {
        await store.close();
      }
    }, 120_000);

    it('when no server runs then status and resets work on the journal without any market connection', async () => {
      for (const s of servers.splice(0)) await s.close();
      const store = await openKyselyStore({ url: journal.url, dataDir });
      try {
        await until('the lease to be released', async () =>
          (await store.readLease('paper'))?.ownerId === '' ? true : undefined,
        );
      } finally {
        await store.close();
      }
      const status = await operator('risk', 'status');
      // No server runs: the limits shown are those the last server journaled, not this shell's (which has none).
      expect(status).toContain('MAX_TRADE_SIZE_USD: 1234');
      expect(status).toContain("this shell's own settings differ for MAX_TRADE_SIZE_USD");
      expect(status).toContain('from the journal');
      expect(await operator('risk', 'reset')).toContain('circuit breaker reset for the paper account');
      expect(await operator('paper', 'reset')).toContain('written to the journal');
    }, 60_000);
  },
);
