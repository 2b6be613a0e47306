/**
 * The fault campaign: a seeded random order flow through the real trading road (createApp with
 * TRADING_MODE=live against the fake Binance.US, orders through app.desks.live) while the fake
 * injects over a thousand faults, then the app is closed and opened again on the same SQLite
 * journal (start-up reconciliation), and the journal must agree with the exchange: no duplicate
 * order or OCO, no missing fill, the same balances, every OCO with the venue's status. Among the faults: -1006/-1007 with 400/408, order
 * queries lagging behind the engine, lost answers on orders already done (a resend would be
 * accepted as a second order, as on Binance), and -1015 storms, on orders and OCOs alike; every
 * UNKNOWN (order, OCO or bracket) must resolve before the restart, by lookups alone, and every
 * bracket's filled entry must be covered by its OCOs (never more than it brought) or say why not.
 * The flow goes on until every kind of fault has been injected and a few OCOs and brackets have
 * reached the venue (within a time budget),
 * so that another seed, or a slower machine, cannot end it before the rare cases happened.
 */
import { afterAll, expect, it } from 'vitest';
import type { App } from '../../src/app/app.js';
import type { TradingDesk } from '../../src/app/api.js';
import { SystemClock } from '../../src/clock/system-clock.js';
import { createBinanceUs } from '../../src/exchanges/binance-us/index.js';
import { silentLogger } from '../../src/log.js';
import type { OrderRecord } from '../../src/ports/store.js';
import { openStore } from '../../src/store/index.js';
import { Big, str } from '../../src/model/money.js';
import { FaultPlan } from './fault-plan.js';
import type { OrderListJournal } from '../../src/ports/order-list-journal.js';
import { auditBrackets, auditJournal, auditLists, totals } from './journal-audit.js';
import { LogCapture, liveApp, seededRandom, startLiveVenue, type LiveAppHandle, type LiveVenue } from './live-venue.js';
import { RandomOrderFlow } from './random-order-flow.js';

/** FAULT_CAMPAIGN_SEED replays another campaign. */
const SEED = Number(process.env.FAULT_CAMPAIGN_SEED ?? 20241125);
const FAULT_TARGET = 1100;
const MIN_STEPS = 150;
/** OCOs, and brackets, that reached the venue (placed, or sent with their answer lost) before the campaign may end. */
const MIN_OCOS = 3;
const MIN_BRACKETS = 2;
const TIME_BUDGET_MS = 33_000;
/** Query lags up to MAX_QUERY_LAG_MS, inside the client's lag allowance (settleMarginMs). */
const MAX_QUERY_LAG_MS = 300;
const TUNING = {
  recvWindow: 350,
  timeoutMs: 250,
  readRetries: 3,
  retryBaseMs: 5,
  settleMarginMs: 500,
  lookupIntervalMs: 40,
  pollIntervalMs: 200,
};

let venue: LiveVenue | undefined;
let handle: LiveAppHandle | undefined;
const apps: App[] = [];
afterAll(async () => {
  for (const app of apps) await app.close().catch(() => undefined);
  await venue?.close();
  await handle?.remove();
});

function intent(clientOrderId: string, symbol: string, quantity: string, now: number): OrderRecord {
  return {
    mode: 'live',
    orderId: null,
    clientOrderId,
    symbol,
    side: 'BUY',
    type: 'MARKET',
    origQty: quantity,
    executedQty: '0',
    cummulativeQuoteQty: '0',
    status: 'PENDING',
    createdAt: now,
    updatedAt: now,
    origin: 'test',
  };
}

/**
 * The app is closed. A crash left two intents in the journal: one whose order reached the exchange
 * (its answer never journaled), one that never left. Someone on the website cancels one of our
 * resting orders and places one of their own, and the market trades through our resting orders.
 */
async function whileDown(venue: LiveVenue, handle: LiveAppHandle, sent: Map<string, string>) {
  const { fake } = venue;
  const clock = new SystemClock();
  const store = await openStore({ url: handle.config.databaseUrl, dataDir: handle.dir, logger: silentLogger() });
  const website = createBinanceUs({
    baseUrl: fake.url,
    streamUrl: fake.wsUrl,
    clock,
    credentials: { apiKey: fake.apiKey, apiSecret: fake.apiSecret },
  });
  try {
    await store.recordIntent(intent('crash-after-submit', 'BTCUSD', '0.0003', clock.now()));
    await website.broker!.placeOrder({
      clientOrderId: 'crash-after-submit',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.0003',
    });
    await store.recordIntent(intent('crash-before-submit', 'BTCUSD', '0.0003', clock.now()));
    sent.set('crash-after-submit', 'BTCUSD').set('crash-before-submit', 'BTCUSD');

    const ours = await venue.broker.openOrders();
    let canceledBehindOurBack = ours[0]?.clientOrderId;
    if (!canceledBehindOurBack) {
      const p = new Big((await venue.market.prices(['ETHUSD']))[0].price).times(0.9).round(2, Big.roundDown);
      await website.broker!.placeOrder({
        clientOrderId: 'ours-to-cancel',
        symbol: 'ETHUSD',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: str(p),
        quantity: '0.01',
      });
      canceledBehindOurBack = 'ours-to-cancel';
      sent.set(canceledBehindOurBack, 'ETHUSD');
      await store.recordExecution({
        mode: 'live',
        order: (await venue.broker.getOrder('ETHUSD', { clientOrderId: canceledBehindOurBack }))!,
        fills: [],
      });
    }
    await website.broker!.cancelOrder(sent.get(canceledBehindOurBack)!, { clientOrderId: canceledBehindOurBack });

    const p = new Big((await venue.market.prices(['SOLUSD']))[0].price).times(0.8).round(2, Big.roundDown);
    await website.broker!.placeOrder({
      clientOrderId: 'web-outsider-1',
      symbol: 'SOLUSD',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: str(p),
      quantity: '0.1',
    });
    sent.set('web-outsider-1', 'SOLUSD');

    const openBefore = (await venue.broker.openOrders()).length;
    const fillsBefore = (await venue.broker.fills()).length;
    // The market trades through every resting limit order of ours while we are away.
    for (const order of await venue.broker.openOrders()) {
      if (order.clientOrderId === 'web-outsider-1' || order.type === 'STOP_LOSS_LIMIT' || !order.price) continue;
      const through = new Big(order.price).plus(order.side === 'BUY' ? '-0.01' : '0.01');
      await venue.printTrade(order.symbol, str(through), '1000');
    }
    return {
      canceledBehindOurBack,
      restingOrdersFilledWhileDown: openBefore - (await venue.broker.openOrders()).length,
      fillsWhileDown: (await venue.broker.fills()).length - fillsBefore,
    };
  } finally {
    await website.close();
    await store.close();
  }
}

it('a random order flow through the live app under 1,000+ injected faults, then a restart, then no duplicate order or OCO, no missing fill, every OCO and the balances as the exchange has them, every bracket fill protected', async () => {
  const startedAt = Date.now();
  const random = seededRandom(SEED);
  venue = await startLiveVenue({
    // ORDERS per 1 s: a -1015 storm holds the client's orders for one second, not ten.
    limits: {
      weightPerMinute: 1_000_000,
      ordersPerInterval: 1_000_000,
      ordersIntervalSeconds: 1,
      rawRequestsPer5Minutes: 100_000_000,
    },
    random: seededRandom(SEED + 1),
    // Some of each base from the start, so that sells and OCOs have something to protect from the first step.
    balances: [
      { asset: 'USD', free: '10000', locked: '0' },
      { asset: 'BTC', free: '0.003', locked: '0' },
      { asset: 'ETH', free: '0.08', locked: '0' },
      { asset: 'SOL', free: '1.7', locked: '0' },
    ],
  });
  const { fake } = venue;
  handle = await liveApp(fake, TUNING);
  const app = await handle.open();
  apps.push(app);
  const desk = app.desks.live as TradingDesk;
  venue.startTrading(100);

  const flow = new RandomOrderFlow(desk, venue, random, `fc-${SEED}`);
  const plan = new FaultPlan(fake, random, TUNING.timeoutMs + 50, MAX_QUERY_LAG_MS);
  let steps = 0;
  const sent = (kind: string) => (flow.outcomes[`${kind}:placed`] ?? 0) + (flow.outcomes[`${kind}:unknown`] ?? 0);
  while (
    (plan.total() < FAULT_TARGET ||
      steps < MIN_STEPS ||
      sent('oco') < MIN_OCOS ||
      sent('bracket') < MIN_BRACKETS ||
      !plan.everyKindSeen()) &&
    Date.now() - startedAt < TIME_BUDGET_MS
  ) {
    steps += 1;
    plan.arm();
    await flow.step();
    plan.disarm();
  }
  const campaignMs = Date.now() - startedAt;

  // Calm: no fault, no new trade on the venue; every UNKNOWN resolves by lookups alone; then stop the app.
  plan.calm();
  venue.stopTrading();
  const everUnknown = (await app.store.listOrders({ mode: 'live', limit: 1_000_000 })).filter(
    (o) => /outcome of order .* is unknown/.test(o.reason ?? '') || o.status === 'UNKNOWN',
  ).length;
  await expect
    .poll(
      async () =>
        (await app.store.listOrders({ mode: 'live', openOnly: true, limit: 1_000_000 })).filter(
          (o) => o.status === 'UNKNOWN',
        ).length,
      { timeout: 10_000, interval: 100 },
    )
    .toBe(0);
  const lists = (store: unknown) => store as OrderListJournal;
  await expect
    .poll(
      async () =>
        (await lists(app.store).listLists({ mode: 'live', openOnly: true, limit: 1_000_000 }))
          .filter((l) => l.status === 'UNKNOWN' || l.status === 'PENDING')
          .map((l) => `${l.kind} ${l.listClientOrderId} ${l.status}: ${l.reason ?? ''}`),
      { timeout: 10_000, interval: 100 },
    )
    .toEqual([]);
  const beforeRestart = await auditJournal(app.store, venue.broker, flow.sent);
  const listsBeforeRestart = await auditLists(lists(app.store), venue.broker, flow.sentLists, flow.sentBrackets);
  const markets = (symbol: string) => venue!.market.market(symbol);
  const bracketsBeforeRestart = await auditBrackets(
    app.store,
    lists(app.store),
    venue.broker,
    flow.sentBrackets,
    markets,
  );
  await app.close();
  apps.pop();

  // While the app is down: a crash's leftovers in the journal, and the world going on without us.
  const down = await whileDown(venue, handle, flow.sent);

  const logs = new LogCapture();
  const reopened = await handle.open({ logger: logs.logger });
  apps.push(reopened);
  const report = logs.find('live journal reconciled with Binance.US')[0]?.report as
    Record<string, unknown[] | number> | undefined;
  const after = await auditJournal(reopened.store, venue.broker, flow.sent);
  const listsAfter = await auditLists(lists(reopened.store), venue.broker, flow.sentLists, flow.sentBrackets);
  const bracketsAfter = await auditBrackets(
    reopened.store,
    lists(reopened.store),
    venue.broker,
    flow.sentBrackets,
    markets,
  );
  const account = await reopened.desks.live!.account();
  const runtimeMs = Date.now() - startedAt;

  const figures = {
    seed: SEED,
    steps,
    faults: plan.counts(),
    totalFaults: plan.total(),
    outcomes: flow.outcomes,
    thrownCalls: flow.thrown,
    idempotentRepeats: flow.repeats,
    repeatsNotDuplicate: flow.notDuplicates,
    unknownOutcomes: {
      ever: flow.outcomes['place:unknown'] ?? 0,
      journaledWithUnknownReason: everUnknown,
      unresolvedBeforeRestart: beforeRestart.unresolved.length,
    },
    fake: fake.stats.snapshot(),
    beforeRestart: {
      unresolved: beforeRestart.unresolved.length,
      venueOrdersMissingFromJournal: beforeRestart.venueOrdersMissingFromJournal.length,
      orderMismatches: beforeRestart.orderMismatches.length,
      missingFills: beforeRestart.missingFills.length,
      balancesEqual: JSON.stringify(beforeRestart.venueBalances) === JSON.stringify(beforeRestart.journalBalances),
    },
    ocos: { beforeRestart: listsBeforeRestart, after: listsAfter },
    brackets: { sent: flow.sentBrackets.size, beforeRestart: bracketsBeforeRestart, after: bracketsAfter },
    whileDown: down,
    reconcile:
      report && Object.fromEntries(Object.entries(report).map(([k, v]) => [k, Array.isArray(v) ? v.length : v])),
    after: {
      venueOrders: after.venueOrders,
      venueOrdersByTypeAndStatus: after.venueOrdersByTypeAndStatus,
      journalAcknowledged: after.journalAcknowledged,
      duplicates: fake.stats.duplicateOrders,
      missingFills: after.missingFills.length,
      venueFills: after.venueFills,
      journalFills: after.journalFills,
      makerFills: (await venue.broker.fills()).filter((f) => f.isMaker).length,
    },
    campaignMs,
    runtimeMs,
  };
  console.log(`fault campaign figures: ${JSON.stringify(figures, null, 2)}`);

  expect(report?.imported).toEqual(['web-outsider-1']);
  expect(report?.notFound).toEqual(expect.arrayContaining(['crash-before-submit']));
  expect(report?.resolved).toEqual(
    expect.arrayContaining([
      { clientOrderId: 'crash-after-submit', status: 'FILLED' },
      { clientOrderId: down.canceledBehindOurBack, status: 'CANCELED' },
    ]),
  );
  expect(plan.total()).toBeGreaterThanOrEqual(1000);
  expect(
    Object.entries(plan.counts()).flatMap(([kind, n]) => (n === 0 ? [kind] : [])),
    'fault kinds never injected',
  ).toEqual([]);
  expect(flow.notDuplicates).toEqual([]);
  expect(flow.repeatsNotDuplicate).toBe(0);
  expect(fake.stats.duplicateOrders).toBe(0);
  expect(fake.stats.reusedClientIds).toBe(0);
  expect(fake.stats.banned418).toBe(0);
  expect(beforeRestart.unresolved).toEqual([]);
  expect(flow.outcomes['place:unknown'] ?? 0).toBeGreaterThan(0);
  expect(sent('oco')).toBeGreaterThanOrEqual(MIN_OCOS);
  expect(sent('bracket')).toBeGreaterThanOrEqual(MIN_BRACKETS);
  expect(listsBeforeRestart.unresolvedLists).toEqual([]);
  expect(listsAfter.listMismatches).toEqual([]);
  expect(listsAfter.unresolvedLists).toEqual([]);
  expect(listsAfter.journalListsUnknownToVenue).toEqual([]);
  expect(bracketsBeforeRestart.overCovered).toEqual([]);
  expect(bracketsBeforeRestart.unprotectedSilently).toEqual([]);
  expect(bracketsAfter.overCovered).toEqual([]);
  expect(bracketsAfter.unprotectedSilently).toEqual([]);
  expect(after.venueOrders).toBe(fake.stats.ordersPlaced);
  expect(after.journalAcknowledged).toBe(fake.stats.ordersPlaced);
  expect(after.venueOrdersMissingFromJournal).toEqual([]);
  expect(after.journalOrdersUnknownToVenue).toEqual([]);
  expect(after.journalOrdersNeverPlaced).toEqual([]);
  expect(after.orderMismatches).toEqual([]);
  expect(after.unresolved).toEqual([]);
  expect(after.missingFills).toEqual([]);
  expect(after.fillMismatches).toEqual([]);
  expect(after.journalFills).toBe(after.venueFills);
  expect(after.journalBalances).toEqual(after.venueBalances);
  expect(totals(account.balances)).toEqual(after.venueBalances);
}, 120_000);
