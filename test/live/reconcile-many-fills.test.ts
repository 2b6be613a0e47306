/**
 * Start-up reconciliation past Binance's page sizes: more fills for a symbol than one myTrades page
 * (1,000), and fills of more orders than one allOrders page (1,000), all sent by a process that
 * crashed before journaling the answers. After the restart every fill is in the journal.
 */
import { afterEach, expect, it } from 'vitest';
import type { ComposedApp } from '../../src/compose/app.js';
import { SystemClock } from '../../src/clock/system-clock.js';
import { createBinanceUs } from '../../src/exchanges/binance-us/index.js';
import { silentLogger } from '../../src/log.js';
import type { OrderRecord } from '../../src/ports/store.js';
import { openStore } from '../../src/store/index.js';
import { auditJournal } from './journal-audit.js';
import { liveApp, startLiveVenue, type LiveAppHandle, type LiveVenue } from './live-venue.js';

let venue: LiveVenue | undefined;
let handle: LiveAppHandle | undefined;
let app: ComposedApp | undefined;
afterEach(async () => {
  await app?.close();
  await venue?.close();
  await handle?.remove();
  app = venue = handle = undefined;
});

function pendingIntent(clientOrderId: string, symbol: string, quoteQty: string, now: number): OrderRecord {
  return {
    mode: 'live',
    orderId: null,
    clientOrderId,
    symbol,
    side: 'BUY',
    type: 'MARKET',
    origQty: '0',
    origQuoteOrderQty: quoteQty,
    executedQty: '0',
    cummulativeQuoteQty: '0',
    status: 'PENDING',
    createdAt: now,
    updatedAt: now,
    origin: 'test',
  };
}

it('a restart when the exchange has more fills for a symbol than one myTrades page then reconciliation journals every fill', async () => {
  venue = await startLiveVenue({
    balances: [{ asset: 'USD', free: '10000000', locked: '0' }],
    limits: { ordersPerInterval: 1000 },
  });
  const { fake } = venue;
  handle = await liveApp(fake, {});
  const clock = new SystemClock();
  const store = await openStore({ url: handle.config.databaseUrl, dataDir: handle.dir, logger: silentLogger() });
  const crashed = createBinanceUs({
    baseUrl: fake.url,
    streamUrl: fake.wsUrl,
    clock,
    credentials: { apiKey: fake.apiKey, apiSecret: fake.apiSecret },
  });
  const sent = new Map<string, string>();
  try {
    for (const clientOrderId of ['big-1', 'big-2']) {
      await store.recordIntent(pendingIntent(clientOrderId, 'ATOMUSD', '300000', clock.now()));
      await crashed.broker!.placeOrder({
        clientOrderId,
        symbol: 'ATOMUSD',
        side: 'BUY',
        type: 'MARKET',
        quoteOrderQty: '300000',
      });
      sent.set(clientOrderId, 'ATOMUSD');
    }
  } finally {
    await crashed.close();
    await store.close();
  }
  const venueFills = (await venue.broker.fills({ symbol: 'ATOMUSD' })).length;
  expect(venueFills).toBeGreaterThan(1000);

  app = await handle.open();
  const audit = await auditJournal(app.store, venue.broker, sent);
  expect(audit.unresolved).toEqual([]);
  expect(audit.missingFills).toEqual([]);
  expect(audit.fillMismatches).toEqual([]);
  expect(audit.journalFills).toBe(venueFills);
  expect(audit.journalBalances).toEqual(audit.venueBalances);
}, 60_000);

it('a restart when fills belong to more orders than one allOrders page then every fill is journaled with its client order id', async () => {
  venue = await startLiveVenue({
    limits: { weightPerMinute: 1_000_000, ordersPerInterval: 1_000_000, rawRequestsPer5Minutes: 100_000_000 },
  });
  const { fake } = venue;
  handle = await liveApp(fake, {});
  const clock = new SystemClock();
  const store = await openStore({ url: handle.config.databaseUrl, dataDir: handle.dir, logger: silentLogger() });
  const crashed = createBinanceUs({
    baseUrl: fake.url,
    streamUrl: fake.wsUrl,
    clock,
    credentials: { apiKey: fake.apiKey, apiSecret: fake.apiSecret },
  });
  const sent = new Map<string, string>();
  const ORDERS = 1010;
  try {
    await store.recordIntent(pendingIntent('many-0', 'SOLUSD', '2', clock.now()));
    const ids = Array.from({ length: ORDERS }, (_, i) => `many-${i}`);
    for (let i = 0; i < ids.length; i += 10) {
      await Promise.all(
        ids.slice(i, i + 10).map((clientOrderId) =>
          crashed.broker!.placeOrder({
            clientOrderId,
            symbol: 'SOLUSD',
            side: 'BUY',
            type: 'MARKET',
            quoteOrderQty: '2',
          }),
        ),
      );
    }
    for (const id of ids) sent.set(id, 'SOLUSD');
  } finally {
    await crashed.close();
    await store.close();
  }
  expect(fake.stats.ordersPlaced).toBe(ORDERS);

  app = await handle.open();
  const audit = await auditJournal(app.store, venue.broker, sent);
  expect(audit.missingFills).toEqual([]);
  expect(audit.fillMismatches).toEqual([]);
  expect(audit.journalFills).toBe(audit.venueFills);
  expect(audit.venueOrdersMissingFromJournal).toEqual([]);
  expect(audit.journalAcknowledged).toBe(ORDERS);
}, 90_000);
