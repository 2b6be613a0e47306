/**
 * Hosts often start their servers at the same moment (a desktop app opening with several MCP
 * configurations): four processes opening one new journal at once all come up, and one of them
 * owns the account while the others name it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKyselyStore } from '../../src/store/index.js';
import { call, cliBuilt, stdioServer, type Journal, type ServerProcess } from './processes.js';

const dataDir = mkdtempSync(join(tmpdir(), 'bm-own-start-'));
const journal: Journal = { dataDir, url: `sqlite:${join(dataDir, 'trading.db')}` };
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!cliBuilt)(
  'processes starting together on a new journal (skipped when dist/ is not built: run npm run build)',
  () => {
    it('when four start at the same moment then all serve, and exactly one owns the paper account', async () => {
      servers.push(...(await Promise.all(['a', 'b', 'c', 'd'].map((name) => stdioServer(name, journal)))));
      const accounts = await Promise.all(
        servers.map((s) =>
          call(s, 'get_account', {}).catch((error: Error) => ({
            isError: true,
            text: `${error.message}\n${s.stderr()}`,
          })),
        ),
      );
      expect(accounts.filter((a) => a.isError).map((a) => a.text)).toEqual([]);
      const store = await openKyselyStore({ url: journal.url, dataDir });
      try {
        const lease = await store.readLease('paper');
        expect(servers.map((s) => s.pid)).toContain(lease?.pid);
        for (const server of servers) {
          const mode = (await call(server, 'get_trading_mode', {})) as unknown as { owner: string };
          expect(mode.owner).toContain(server.pid === lease!.pid ? 'this process' : `pid ${lease!.pid}`);
        }
      } finally {
        await store.close();
      }
    }, 120_000);
  },
);
