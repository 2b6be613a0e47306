/**
 * An owner paused for longer than its lease (SIGSTOP, a laptop lid) must not trade on when it
 * wakes up: another process took the account over and rebuilt it from the journal; the old one
 * finds its lease gone, stops its venue and forwards from then on.
 */
import { clientOrderIdFor } from '../../src/app/client-order-id.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKyselyStore } from '../../src/store/index.js';
import { auditJournal } from './journal-audit.js';
import { call, cliBuilt, stdioServer, until, type Journal, type ServerProcess } from './processes.js';

const dataDir = mkdtempSync(join(tmpdir(), 'bm-own-pause-'));
const journal: Journal = { dataDir, url: `sqlite:${join(dataDir, 'trading.db')}` };
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) {
    s.kill('SIGCONT');
    await s.close();
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!cliBuilt)(
  'an owner paused past its lease (skipped when dist/ is not built: run npm run build)',
  () => {
    it('when it wakes up after another process took over then it trades no more itself and forwards to the new owner', async () => {
      const a = await stdioServer('a', journal);
      servers.push(a);
      await call(a, 'get_account', {});
      const b = await stdioServer('b', journal);
      servers.push(b);
      await call(b, 'get_account', {});
      const store = await openKyselyStore({ url: journal.url, dataDir });
      try {
        expect((await store.readLease('paper'))?.pid).toBe(a.pid);
        const bought = await call(a, 'place_order', {
          symbol: 'BTCUSD',
          side: 'BUY',
          order_type: 'MARKET',
          quote_quantity: '1000',
          action_id: 'before-pause',
        });
        expect(bought.order?.status).toBe('FILLED');
        const price =
          Number((bought.order as unknown as { cummulativeQuoteQty: string }).cummulativeQuoteQty) /
          Number(bought.order!.executedQty);
        const resting = await call(a, 'place_order', {
          symbol: 'BTCUSD',
          side: 'SELL',
          order_type: 'LIMIT',
          quantity: '0.001',
          price: (price * 1.05).toFixed(2),
          action_id: 'resting-at-pause',
        });
        expect(resting.order?.status, resting.text).toBe('NEW');

        a.kill('SIGSTOP');
        const taken = await until('b to take the lease', async () => {
          const l = await store.readLease('paper');
          return l?.pid === b.pid ? l : undefined;
        });
        expect(taken.epoch).toBe(2);
        const viaB = await call(b, 'place_order', {
          symbol: 'BTCUSD',
          side: 'BUY',
          order_type: 'MARKET',
          quote_quantity: '500',
          action_id: 'while-a-sleeps',
        });
        expect(viaB.order?.status).toBe('FILLED');
        a.kill('SIGCONT');

        const mode = (await call(a, 'get_trading_mode', {})) as unknown as { owner?: string };
        expect(mode.owner).toContain(`pid ${b.pid}`);
        const viaA = await call(a, 'place_order', {
          symbol: 'BTCUSD',
          side: 'BUY',
          order_type: 'MARKET',
          quote_quantity: '300',
          action_id: 'after-wake',
        });
        expect(viaA.order?.status, viaA.text).toBe('FILLED');
        const cancel = await call(a, 'cancel_order', { symbol: 'BTCUSD', action_id: 'resting-at-pause' });
        expect(cancel.isError, cancel.text).toBe(false);
        expect((await store.readLease('paper'))?.pid).toBe(b.pid);

        const audit = await auditJournal(store, { USD: '10000' });
        expect(audit.problems).toEqual([]);
        expect((await store.findOrder('paper', clientOrderIdFor('resting-at-pause')))?.status).toBe('CANCELED');
      } finally {
        await store.close();
      }
    }, 120_000);
  },
);
