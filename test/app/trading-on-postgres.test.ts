/**
 * The one road with the journal on PostgreSQL (the scale-out store): orders, fills, balances,
 * idempotency and a restart of the paper exchange from the journal. Runs when TEST_DATABASE_URL is
 * set (.ci/run starts a throwaway server).
 */
import type { OrderListJournal } from '../../src/ports/order-list-journal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Big } from '../../src/model/money.js';
import type { IdSequence } from '../../src/ports/id-sequence.js';
import type { Store } from '../../src/ports/store.js';
import { openStore } from '../../src/store/index.js';
import { createScratchPostgresDatabase } from '../contract/store.contract.js';
import { paperDesk } from '../support/paper-desk.js';

const adminUrl = process.env.TEST_DATABASE_URL;
let scratch: { url: string; drop: () => Promise<void> } | undefined;
let store: Store & IdSequence & OrderListJournal;

describe.skipIf(!adminUrl)(
  `trading service on PostgreSQL${adminUrl ? '' : ' (skipped: TEST_DATABASE_URL is not set; start one with scripts/start-postgres.sh)'}`,
  () => {
    beforeAll(async () => {
      scratch = await createScratchPostgresDatabase(adminUrl!);
      store = await openStore({ url: scratch.url, dataDir: '/tmp' });
    });
    afterAll(async () => {
      await store?.close();
      await scratch?.drop();
    });

    it('places, retries, rests and restarts with the journal in PostgreSQL', async () => {
      const h = await paperDesk({ store });
      const buy = await h.desk.trading.placeOrder({
        symbol: 'BTCUSD',
        side: 'BUY',
        orderType: 'MARKET',
        quantity: '0.02',
        actionId: 'pg-1',
        origin: 'test',
        rationale: 'on postgres',
      });
      expect(buy.status).toBe('placed');
      expect(
        (
          await h.desk.trading.placeOrder({
            symbol: 'BTCUSD',
            side: 'BUY',
            orderType: 'MARKET',
            quantity: '0.02',
            actionId: 'pg-1',
            origin: 'test',
          })
        ).duplicate,
      ).toBe(true);
      const last = (await h.marketData.prices(['ETHUSD']))[0]!.price;
      const resting = await h.desk.trading.placeOrder({
        symbol: 'ETHUSD',
        side: 'BUY',
        orderType: 'LIMIT',
        quantity: '0.5',
        price: new Big(last).times('0.9').toFixed(2),
        origin: 'test',
      });
      expect(resting.order?.status).toBe('NEW');
      const before = (await h.desk.trading.account()).balances;
      await h.close();

      const restarted = await paperDesk({ store });
      try {
        expect((await restarted.desk.trading.account()).balances).toEqual(before);
        expect((await restarted.desk.trading.orders({ openOnly: true })).map((o) => o.clientOrderId)).toEqual([
          resting.clientOrderId,
        ]);
        expect(await store.listFills({ mode: 'paper', clientOrderId: buy.clientOrderId })).toHaveLength(
          buy.fills.length,
        );
        expect((await store.findDecision('paper', buy.clientOrderId))?.rationale).toBe('on postgres');
      } finally {
        await restarted.close();
      }
    });
  },
);
