/**
 * The attack of issue 8: two MCP hosts each start binance-mcp on the same DATA_DIR. Each process
 * used to own a copy of the paper account, so both spent the same 10,000 USD and both bought up to
 * the position limit. With one owner per account, the second process forwards to the first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { auditJournal } from './journal-audit.js';
import { call, cliBuilt, stdioServer, type Journal, type ServerProcess } from './processes.js';

const dataDir = mkdtempSync(join(tmpdir(), 'bm-own-spend-'));
const journal: Journal = { dataDir, url: `sqlite:${join(dataDir, 'trading.db')}` };
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!cliBuilt)('two processes on one journal (skipped when dist/ is not built: run npm run build)', () => {
  it('when both buy most of the balance at once then only the balance there is gets spent and the journal adds up', async () => {
    const a = await stdioServer('a', journal);
    servers.push(a);
    await call(a, 'get_account', {});
    const b = await stdioServer('b', journal);
    servers.push(b);
    await call(b, 'get_account', {});

    const [first, second] = await Promise.all([
      call(a, 'place_order', {
        symbol: 'BTCUSD',
        side: 'BUY',
        order_type: 'MARKET',
        quote_quantity: '9000',
        action_id: 'spend-a',
      }),
      call(b, 'place_order', {
        symbol: 'BTCUSD',
        side: 'BUY',
        order_type: 'MARKET',
        quote_quantity: '9000',
        action_id: 'spend-b',
      }),
    ]);
    const filled = [first, second].filter((o) => o.order?.status === 'FILLED');
    expect(filled, `${first.text}\n${second.text}`).toHaveLength(1);

    const store = await openStore({ url: journal.url, dataDir });
    try {
      const audit = await auditJournal(store, { USD: '10000' });
      expect(audit.problems).toEqual([]);
      expect(audit.btcCostUsd.lte(10_000)).toBe(true);
    } finally {
      await store.close();
    }
  }, 90_000);
});
