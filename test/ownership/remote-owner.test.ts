/**
 * An owner on another machine (several servers on one journal database): this process cannot
 * reach its channel, so it refuses account-changing calls naming the owner, never trading on its
 * own copy; when that owner gives the lease up, this process takes the account over.
 */
import { clientOrderIdFor } from '../../src/app/client-order-id.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../src/clock/index.js';
import { createApp } from '../../src/compose/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { NotServedHere } from '../../src/model/errors.js';
import { LeaseKeeper } from '../../src/ownership/index.js';
import { openKyselyStore } from '../../src/store/index.js';
import { until } from './processes.js';

const dir = mkdtempSync(join(tmpdir(), 'bm-remote-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an owner on another machine', () => {
  it('when it holds the lease then orders here are refused naming it, reads still answer, and after it leaves this process takes over', async () => {
    const url = `sqlite:${join(dir, 'trading.db')}`;
    const store = await openKyselyStore({ url, dataDir: dir });
    const far = new LeaseKeeper(
      'paper',
      store,
      { ownerId: 'far-owner', pid: 4242, hostname: 'far-away-host', endpoint: 'unix:/far/away.sock' },
      new SystemClock(),
      silentLogger(),
      { acquired: () => undefined, lost: () => undefined },
    );
    await far.start();
    const app = await createApp(
      loadConfig({ MARKET_DATA: 'synthetic', DATA_DIR: dir, DATABASE_URL: url, LOG_LEVEL: 'silent' }),
      { logger: silentLogger() },
    );
    try {
      const refused = await app.desks.paper
        .placeOrder({
          symbol: 'BTCUSD',
          side: 'BUY',
          orderType: 'MARKET',
          quoteQuantity: '100',
          actionId: 'remote-1',
          origin: 'test',
        })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(NotServedHere);
      expect((refused as Error).message).toMatch(/owned by binance-mcp pid 4242 on far-away-host/);
      await expect(app.operator.resetPaperAccount()).rejects.toBeInstanceOf(NotServedHere);
      expect(await app.desks.paper.orders({})).toEqual([]);
      expect(await app.desks.paper.riskStatus()).toMatchObject({ mode: 'paper', breaker: { tripped: false } });
      expect(await store.findOrder('paper', clientOrderIdFor('remote-1'))).toBeUndefined();
      expect(app.owners?.().paper).toMatch(/pid 4242 on far-away-host.*on another machine/);

      await far.stop();
      await until('this process to take the account over', () =>
        /this process/.test(app.owners?.().paper ?? '') ? true : undefined,
      );
      const outcome = await app.desks.paper.placeOrder({
        symbol: 'BTCUSD',
        side: 'BUY',
        orderType: 'MARKET',
        quoteQuantity: '100',
        actionId: 'remote-2',
        origin: 'test',
      });
      expect(outcome.order?.status).toBe('FILLED');
      expect(app.owners?.().paper).toMatch(/this process/);
    } finally {
      await far.stop();
      await app.close();
      await store.close();
    }
  }, 60_000);
});
