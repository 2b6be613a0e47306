/** replaceOrder from a process that does not own the account: forwarded to the owner over its channel, carried out once. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/compose/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { Big } from '../../src/model/money.js';
import { until } from './processes.js';

const dir = mkdtempSync(join(tmpdir(), 'bm-fwd-replace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cancel-replace through the seat', () => {
  it('replaceOrder on a process that does not own the account then the owner carries it out and a retry from here gets the first outcome', async () => {
    const url = `sqlite:${join(dir, 'trading.db')}`;
    const config = loadConfig({
      MARKET_DATA: 'synthetic',
      DATA_DIR: dir,
      DATABASE_URL: url,
      LOG_LEVEL: 'silent',
      PAPER_STARTING_BALANCES: 'USD:100000',
    });
    const owner = await createApp(config, { logger: silentLogger() });
    await until('the first app to own the paper account', () =>
      /this process/.test(owner.owners?.().paper ?? '') ? true : undefined,
    );
    const other = await createApp(config, { logger: silentLogger() });
    try {
      expect(other.owners?.().paper).toMatch(/forwards orders/);
      const p = new Big((await other.market.quotes(['BTCUSD']))[0]!.price);
      const rest = await other.desks.paper.placeOrder({
        symbol: 'BTCUSD',
        side: 'BUY',
        orderType: 'LIMIT',
        quantity: '0.01',
        price: p.times('0.9').toFixed(2),
        actionId: 'fwd-rest',
        origin: 'test',
      });
      expect(rest.status, JSON.stringify(rest)).toBe('placed');
      const input = {
        symbol: 'BTCUSD',
        price: p.times('0.91').toFixed(2),
        cancelOrderId: rest.order!.orderId!,
        actionId: 'fwd-moved',
        origin: 'test',
      };
      const moved = await other.desks.paper.replaceOrder(input);
      expect(moved, JSON.stringify(moved)).toMatchObject({ status: 'placed', canceled: { status: 'canceled' } });
      const again = await other.desks.paper.replaceOrder(input);
      expect(again).toMatchObject({ status: 'placed', duplicate: true });
      const open = await owner.desks.paper.orders({ openOnly: true });
      expect(open.map((o) => o.clientOrderId)).toEqual(['bma-fwd-moved']);
    } finally {
      await other.close();
      await owner.close();
    }
  }, 60_000);
});
