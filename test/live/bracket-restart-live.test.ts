/**
 * A restart in the middle of a bracket in LIVE mode: the entry filled on the fake Binance.US but the
 * process died before the bracket's OCO was placed. The next start (live reconciliation, then
 * recover()) places the OCO exactly once, and a further start places nothing more.
 */
import { afterEach, expect, it } from 'vitest';
import { SystemClock } from '../../src/clock/system-clock.js';
import type { ComposedApp } from '../../src/compose/app.js';
import { ownLiveAccount } from '../../src/compose/owned-accounts.js';
import { riskLimitsFrom } from '../../src/compose/risk-limits.js';
import { createBinanceUs } from '../../src/exchanges/binance-us/index.js';
import { silentLogger } from '../../src/log.js';
import { Big } from '../../src/model/money.js';
import type { OwnedParts } from '../../src/ownership/index.js';
import type { OrderListJournal } from '../../src/ports/order-list-journal.js';
import { openStore } from '../../src/store/index.js';
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

type Journal = OwnedParts['store'];

/** The journal of a process that dies at the first write `diesAt` picks: that write and every later one throw. */
function dyingAt(store: Journal, diesAt: (method: string, args: unknown[]) => boolean): Journal {
  let dead = false;
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (!dead && diesAt(String(property), args)) dead = true;
        if (dead) return Promise.reject(new Error('the process died here'));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** A first process owning the live account over the fake, on a journal that dies; it places one bracket. */
async function firstProcessPlacesBracket(diesAt: (method: string, args: unknown[]) => boolean): Promise<unknown> {
  const clock = new SystemClock();
  const store = await openStore({ url: handle!.config.databaseUrl, dataDir: handle!.dir, logger: silentLogger() });
  const binance = createBinanceUs({
    baseUrl: venue!.fake.url,
    streamUrl: venue!.fake.wsUrl,
    clock,
    credentials: { apiKey: venue!.fake.apiKey, apiSecret: venue!.fake.apiSecret },
  });
  try {
    const parts = {
      config: handle!.config,
      marketData: binance.marketData,
      clock,
      logger: silentLogger(),
      limits: riskLimitsFrom(handle!.config),
    };
    const own = { store: dyingAt(store, diesAt), confirmHeld: async () => undefined } as unknown as OwnedParts;
    const account = await ownLiveAccount(parts, binance.broker!, own);
    const p = new Big((await venue!.market.prices(['BTCUSD']))[0]!.price);
    const out = await account
      .placeBracket({
        symbol: 'BTCUSD',
        side: 'BUY',
        quantity: '0.02',
        takeProfitPrice: p.times('1.05').toFixed(2),
        stopPrice: p.times('0.95').toFixed(2),
        actionId: 'br-live-restart',
        origin: 'test',
      })
      .catch((error: unknown) => error);
    await account.close().catch(() => undefined);
    return out;
  } finally {
    await binance.close();
    await store.close();
  }
}

async function startAndCheckProtected(): Promise<void> {
  app = await handle!.open();
  const lists = app.store as unknown as OrderListJournal;
  const [bracket] = await lists.listLists({ mode: 'live', kind: 'BRACKET' });
  expect(bracket!.status).toBe('EXECUTING');
  const children = await lists.listLists({ mode: 'live', parentListClientOrderId: bracket!.listClientOrderId });
  const onVenue = await venue!.broker.openOrderLists('BTCUSD');
  expect(onVenue).toHaveLength(1);
  expect(children.map((c) => [c.status, c.orderListId])).toEqual([['EXECUTING', onVenue[0]!.orderListId]]);
  const entry = (await app.store.findOrder('live', bracket!.entryClientOrderId!))!;
  expect(entry.status).toBe('FILLED');
  expect(new Big(children[0]!.quantity).lte(entry.executedQty)).toBe(true);
  expect(new Big(entry.executedQty).minus(children[0]!.quantity).lt('0.0001')).toBe(true);
}

async function restartAndCheckNothingMore(): Promise<void> {
  const placedBefore = venue!.fake.stats.ordersPlaced;
  await app!.close();
  app = undefined;
  await startAndCheckProtected();
  expect(venue!.fake.stats.ordersPlaced).toBe(placedBefore);
}

it('a live restart when the entry fill was journaled but the process died before journaling the OCO then the next start places the OCO exactly once', async () => {
  venue = await startLiveVenue({ balances: [{ asset: 'USD', free: '100000', locked: '0' }] });
  handle = await liveApp(venue.fake, {});
  const out = await firstProcessPlacesBracket(
    (method, args) =>
      method === 'recordList' &&
      (args[0] as { parentListClientOrderId?: string }).parentListClientOrderId !== undefined,
  );
  expect(String(out)).toMatch(/the process died here/);
  expect(await venue.broker.openOrderLists('BTCUSD')).toHaveLength(0);
  expect((await venue.broker.balances()).find((b) => b.asset === 'BTC')).toBeDefined();

  await startAndCheckProtected();
  await restartAndCheckNothingMore();
}, 60_000);

it('a live restart when the entry filled on the exchange but the process died before journaling its answer then reconciliation journals the fill and the next start places the OCO exactly once', async () => {
  venue = await startLiveVenue({ balances: [{ asset: 'USD', free: '100000', locked: '0' }] });
  handle = await liveApp(venue.fake, {});
  const out = await firstProcessPlacesBracket((method) => method === 'recordExecution');
  expect(String(out)).toMatch(/the process died here/);
  expect(await venue.broker.openOrderLists('BTCUSD')).toHaveLength(0);
  const onVenue = await venue.broker.openOrders('BTCUSD');
  expect(onVenue).toHaveLength(0);
  expect((await venue.broker.balances()).find((b) => b.asset === 'BTC')).toBeDefined();

  await startAndCheckProtected();
  await restartAndCheckNothingMore();
}, 60_000);

it('a live restart when an OCO leg filled while the process was down then the next start journals the list as over, and a bracket whose OCO filled ends', async () => {
  venue = await startLiveVenue({ balances: [{ asset: 'USD', free: '100000', locked: '0' }] });
  handle = await liveApp(venue.fake, {});
  app = await handle.open();
  const desk = app.desks.live!;
  const p = new Big((await venue.market.prices(['BTCUSD']))[0]!.price);
  const bracket = await desk.placeBracket({
    symbol: 'BTCUSD',
    side: 'BUY',
    quantity: '0.02',
    takeProfitPrice: p.times('1.05').toFixed(2),
    stopPrice: p.times('0.95').toFixed(2),
    actionId: 'br-down',
    origin: 'test',
  });
  expect(bracket.status, JSON.stringify(bracket)).toBe('placed');
  const [child] = await (app.store as unknown as OrderListJournal).listLists({
    mode: 'live',
    parentListClientOrderId: bracket.listClientOrderId,
  });
  expect(child!.status).toBe('EXECUTING');
  await app.close();
  app = undefined;

  // While no process runs, the market rises through the take-profit: the limit leg fills, the stop leg expires.
  await venue.printTrade('BTCUSD', p.times('1.06').toFixed(2), '1');
  const onVenue = await venue.broker.getOrderList({ listClientOrderId: child!.listClientOrderId });
  expect(onVenue!.listOrderStatus).toBe('ALL_DONE');

  const placedBefore = venue.fake.stats.ordersPlaced;
  app = await handle.open();
  const lists = app.store as unknown as OrderListJournal;
  const legs = async (l: { limitClientOrderId?: string; stopClientOrderId?: string }) =>
    Promise.all(
      [l.limitClientOrderId, l.stopClientOrderId].map(async (id) => (await app!.store.findOrder('live', id!))!.status),
    );
  const after = (await lists.findList('live', child!.listClientOrderId))!;
  expect(after.status).toBe('ALL_DONE');
  expect(await legs(after)).toEqual(['FILLED', 'EXPIRED']);
  expect((await lists.findList('live', bracket.listClientOrderId))!.status).toBe('ALL_DONE');
  expect(venue.fake.stats.ordersPlaced).toBe(placedBefore);
  expect(await venue.broker.openOrderLists('BTCUSD')).toHaveLength(0);
}, 60_000);
