/**
 * The venue a new owner rebuilds from the journal: when the stored balances are ahead of the
 * journaled fills (the last owner was killed after journaling one execution with the venue's
 * balances, which already held a second fill, and before journaling that second fill), the venue
 * follows the fills, so the order still open in the journal cannot be paid for twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import { openPaperBroker } from '../../src/compose/paper-broker.js';
import { loadConfig } from '../../src/config.js';
import { SyntheticMarketData } from '../../src/exchanges/synthetic/index.js';
import { silentLogger } from '../../src/log.js';
import type { Order } from '../../src/model/order.js';
import { openStore } from '../../src/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'bm-restore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function order(
  clientOrderId: string,
  status: Order['status'],
  executedQty: string,
  quote: string,
  time: number,
): Order {
  return {
    orderId: clientOrderId === 'first' ? '1' : '2',
    clientOrderId,
    symbol: 'BTCUSD',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    price: '50000',
    origQty: '0.01',
    executedQty,
    cummulativeQuoteQty: quote,
    status,
    createdAt: time,
    updatedAt: time,
  };
}

describe('paper venue rebuilt from the journal', () => {
  it('when the stored balances include a fill that was never journaled then the venue follows the journaled fills', async () => {
    const store = await openStore({ url: `sqlite:${join(dir, 'trading.db')}`, dataDir: dir });
    const clock = new ManualClock(1_800_000_000_000);
    const marketData = new SyntheticMarketData(clock);
    const config = loadConfig({ DATA_DIR: dir, MARKET_DATA: 'synthetic' });
    try {
      const t = clock.now();
      await store.saveBalances('paper', [{ asset: 'USD', free: '10000', locked: '0' }], t);
      await store.audit({
        mode: 'paper',
        time: t,
        actor: 'system',
        action: 'paper_account_opened',
        detail: { balances: [{ asset: 'USD', free: '10000', locked: '0' }] },
      });
      // Two resting buys of 0.01 BTC at 50,000 (500 USD locked each).
      await store.recordExecution({
        mode: 'paper',
        order: order('first', 'NEW', '0', '0', t),
        fills: [],
        balances: [{ asset: 'USD', free: '9500', locked: '500' }],
      });
      await store.recordExecution({
        mode: 'paper',
        order: order('second', 'NEW', '0', '0', t),
        fills: [],
        balances: [{ asset: 'USD', free: '9000', locked: '1000' }],
      });
      // One trade fills both; the first is journaled with the venue's balances, which already show the second fill too.
      await store.recordExecution({
        mode: 'paper',
        order: order('first', 'FILLED', '0.01', '500', t + 1),
        fills: [
          {
            tradeId: '1',
            orderId: '1',
            clientOrderId: 'first',
            symbol: 'BTCUSD',
            side: 'BUY',
            price: '50000',
            qty: '0.01',
            quoteQty: '500',
            commission: '0.00001',
            commissionAsset: 'BTC',
            isMaker: true,
            time: t + 1,
          },
        ],
        balances: [
          { asset: 'USD', free: '9000', locked: '0' },
          { asset: 'BTC', free: '0.01998', locked: '0' },
        ],
      });
      // ...and the process was killed before journaling the second fill.

      const { broker } = await openPaperBroker(config, marketData, store, clock, silentLogger());
      const balances = Object.fromEntries((await broker.balances()).map((b) => [b.asset, b]));
      expect(balances.BTC).toMatchObject({ free: '0.00999', locked: '0' });
      expect(balances.USD).toMatchObject({ free: '9000', locked: '500' });
      expect((await broker.openOrders()).map((o) => o.clientOrderId)).toEqual(['second']);
      expect(await store.loadBalances('paper')).toEqual(
        expect.arrayContaining([expect.objectContaining({ asset: 'BTC', free: '0.00999' })]),
      );
      await broker.close();
    } finally {
      await marketData.close();
      await store.close();
    }
  });
});
