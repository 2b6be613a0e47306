/**
 * The fault campaign: a seeded random order flow through the real trading road (createApp with
 * TRADING_MODE=live against the fake Binance.US, orders through app.desks.live) while the fake
 * injects over a thousand faults, then the app is closed and opened again on the same SQLite
 * journal (start-up reconciliation), and the journal must agree with the exchange: no duplicate
 * order, no missing fill, the same balances.
 */
import { afterAll, expect, it } from 'vitest';
import type { App } from '../../src/app/app.js';
import type { PlaceOrderInput, TradingDesk } from '../../src/app/api.js';
import { Big, str, type Decimal } from '../../src/model/money.js';
import { auditJournal, totals } from './journal-audit.js';
import { LogCapture, liveApp, seededRandom, startLiveVenue, type LiveAppHandle, type LiveVenue } from './live-venue.js';

const SEED = 20241125;
const FAULT_TARGET = 1100;
const MIN_STEPS = 250;
const TIME_BUDGET_MS = 40_000;
const SYMBOLS = ['BTCUSD', 'ETHUSD', 'SOLUSD'];
const TUNING = { recvWindow: 500, timeoutMs: 300, readRetries: 3, retryBaseMs: 5, settleMarginMs: 50, pollIntervalMs: 200 };

let venue: LiveVenue | undefined;
let handle: LiveAppHandle | undefined;
const apps: App[] = [];
afterAll(async () => {
  for (const app of apps) await app.close().catch(() => undefined);
  await venue?.close();
  await handle?.remove();
});

type FaultKind = 'latency' | '5xx-before-processing' | '5xx-after-processing' | 'timeout-after-accept' | 'websocket-drop' | 'clock-skew';

interface Flow {
  /** Client order id → symbol, for every order the test ever asked for. */
  sent: Map<string, string>;
  /** Inputs whose first attempt returned an outcome (repeatable as idempotent retries). */
  answered: PlaceOrderInput[];
  outcomes: Record<string, number>;
  /** Calls that threw (a read that failed past its retries, before anything was sent). */
  thrown: number;
  repeats: number;
  repeatsNotDuplicate: number;
}

function bump(record: Record<string, number>, key: string, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}

it('a random order flow through the live app under 1,000+ injected faults, then a restart, then no duplicate order, no missing fill and balances equal to the exchange', async () => {
  const startedAt = Date.now();
  const random = seededRandom(SEED);
  venue = await startLiveVenue({
    limits: { weightPerMinute: 1_000_000, ordersPerInterval: 1_000_000, rawRequestsPer5Minutes: 100_000_000 },
    random: seededRandom(SEED + 1),
  });
  const { fake } = venue;
  handle = await liveApp(fake, TUNING);
  const app = await handle.open();
  apps.push(app);
  const desk = app.desks.live as TradingDesk;
  venue.startTrading(100);

  const flow: Flow = { sent: new Map(), answered: [], outcomes: {}, thrown: 0, repeats: 0, repeatsNotDuplicate: 0 };
  const faults: Record<FaultKind, number> = {
    latency: 0, '5xx-before-processing': 0, '5xx-after-processing': 0, 'timeout-after-accept': 0, 'websocket-drop': 0, 'clock-skew': 0,
  };
  const countedFromStats = () => {
    faults['5xx-after-processing'] = fake.stats.injected5xxAfterProcessing;
    faults['5xx-before-processing'] = fake.stats.injected5xx - fake.stats.injected5xxAfterProcessing;
    faults['timeout-after-accept'] = fake.stats.acceptedThenTimedOut;
    faults['websocket-drop'] = fake.stats.websocketsDropped;
  };
  const totalFaults = () => Object.values(faults).reduce((a, b) => a + b, 0);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  let skew = 0;
  let steps = 0;
  let actionSeq = 0;

  const price = async (symbol: string): Promise<Decimal> => (await venue!.market.prices([symbol]))[0].price;
  const held = async (asset: string): Promise<Decimal> => {
    const b = (await venue!.broker.balances()).find((x) => x.asset === asset);
    return b ? b.free : '0';
  };
  const place = async (input: Omit<PlaceOrderInput, 'actionId' | 'origin'>) => {
    const full: PlaceOrderInput = { ...input, actionId: `fc-${SEED}-${(actionSeq += 1)}`, origin: 'test' };
    flow.sent.set(full.actionId!, input.symbol);
    const outcome = await desk.placeOrder(full);
    bump(flow.outcomes, `place:${outcome.status}`);
    flow.answered.push(full);
  };

  const step = async () => {
    const r = random();
    const symbol = pick(SYMBOLS);
    const base = symbol.replace(/USD$/, '');
    if (r < 0.28) {
      await place({ symbol, side: 'BUY', orderType: 'MARKET', quoteQuantity: String(15 + Math.floor(random() * 45)) });
    } else if (r < 0.40) {
      const qty = str(new Big(await held(base)).times(0.5));
      if (new Big(qty).gt(0)) await place({ symbol, side: 'SELL', orderType: 'MARKET', quantity: qty });
      else await place({ symbol, side: 'BUY', orderType: 'MARKET', quoteQuantity: '25' });
    } else if (r < 0.60) {
      const p = new Big(await price(symbol)).times(1 - 0.0003 - random() * 0.002);
      const quantity = str(new Big(20 + random() * 30).div(p));
      await place({ symbol, side: 'BUY', orderType: 'LIMIT', price: str(p), quantity });
    } else if (r < 0.68) {
      const qty = new Big(await held(base)).times(0.4);
      const p = new Big(await price(symbol)).times(1 + 0.0003 + random() * 0.002);
      if (qty.times(p).gt(5)) await place({ symbol, side: 'SELL', orderType: 'LIMIT', price: str(p), quantity: str(qty) });
      else await place({ symbol, side: 'BUY', orderType: 'LIMIT', price: str(p.times(0.99)), quantity: str(new Big(20).div(p)) });
    } else if (r < 0.90) {
      const open = await desk.orders({ openOnly: true, limit: 500 });
      if (open.length === 0) return;
      const target = pick(open);
      const outcome = await desk.cancelOrder({ symbol: target.symbol, clientOrderId: target.clientOrderId, origin: 'test' });
      bump(flow.outcomes, `cancel:${outcome.status}`);
    } else if (flow.answered.length > 0) {
      const again = pick(flow.answered);
      flow.repeats += 1;
      const outcome = await desk.placeOrder(again);
      if (!outcome.duplicate) flow.repeatsNotDuplicate += 1;
    }
  };

  while ((totalFaults() < FAULT_TARGET || steps < MIN_STEPS) && Date.now() - startedAt < TIME_BUDGET_MS) {
    steps += 1;
    const roll = random();
    if (roll < 0.3) fake.faults.failWith5xx({ probability: 0.3, when: 'either' });
    else if (roll < 0.45) fake.faults.failWith5xx({ next: 1, path: '/api/v3/order', method: 'POST', when: 'either' });
    else if (roll < 0.5) fake.faults.failWith5xx({ next: 1, path: '/api/v3/order', method: 'DELETE', when: 'either' });
    else if (roll < 0.58) fake.faults.timeoutAfterAccept({ next: 1, mode: random() < 0.5 ? 'hang' : 'destroy' });
    const slow = random() < 0.02;
    const latency = slow ? TUNING.timeoutMs + 50 : random() < 0.45 ? 1 + Math.floor(random() * 8) : 0;
    if (random() < 0.03) fake.faults.dropWebsockets();
    if (random() < 0.04) {
      skew = pick([-3000, 0, 3000].filter((s) => s !== skew));
      fake.faults.skewClock(skew);
      faults['clock-skew'] += 1;
    }
    fake.faults.addLatency(latency);
    const requestsBefore = fake.stats.requests;
    try {
      await step();
    } catch {
      flow.thrown += 1;
    }
    if (latency > 0) faults.latency += fake.stats.requests - requestsBefore;
    fake.faults.reset();
    fake.faults.skewClock(skew);
    countedFromStats();
  }
  const campaignMs = Date.now() - startedAt;

  // Calm: no fault, no new trade on the venue; then stop the app and open it again on the same journal.
  fake.faults.reset();
  venue.stopTrading();
  const beforeRestart = await auditJournal(app.store, venue.broker, flow.sent);
  await app.close();
  apps.pop();
  const logs = new LogCapture();
  const reopened = await handle.open({ logger: logs.logger });
  apps.push(reopened);
  const report = logs.find('live journal reconciled with Binance.US')[0]?.report as Record<string, unknown[] | number> | undefined;
  const after = await auditJournal(reopened.store, venue.broker, flow.sent);
  const account = await reopened.desks.live!.account();
  const runtimeMs = Date.now() - startedAt;

  const figures = {
    seed: SEED, steps, faults, totalFaults: totalFaults(), outcomes: flow.outcomes, thrownCalls: flow.thrown, idempotentRepeats: flow.repeats,
    fake: fake.stats.snapshot(),
    beforeRestart: {
      unresolved: beforeRestart.unresolved.length, venueOrdersMissingFromJournal: beforeRestart.venueOrdersMissingFromJournal.length,
      orderMismatches: beforeRestart.orderMismatches.length, missingFills: beforeRestart.missingFills.length,
      balancesEqual: JSON.stringify(beforeRestart.venueBalances) === JSON.stringify(beforeRestart.journalBalances),
    },
    reconcile: report && Object.fromEntries(Object.entries(report).map(([k, v]) => [k, Array.isArray(v) ? v.length : v])),
    after: {
      venueOrders: after.venueOrders, journalAcknowledged: after.journalAcknowledged, duplicates: fake.stats.duplicateOrders,
      missingFills: after.missingFills.length, venueFills: after.venueFills, journalFills: after.journalFills,
    },
    campaignMs, runtimeMs,
  };
  console.log(`fault campaign figures: ${JSON.stringify(figures, null, 2)}`);

  expect(totalFaults()).toBeGreaterThanOrEqual(1000);
  expect(Object.values(faults).every((n) => n > 0)).toBe(true);
  expect(flow.repeatsNotDuplicate).toBe(0);
  expect(fake.stats.duplicateOrders).toBe(0);
  expect(fake.stats.banned418).toBe(0);
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
  expect(runtimeMs).toBeLessThan(90_000);
}, 120_000);
