/**
 * A paper trailing stop across a restart: the process stops, the paper venue is rebuilt from the
 * same journal, and the stop is exactly where it was: it still trails the highest trade seen before
 * the restart, so a fall of delta BIPS from that high triggers it. (Tracking again from the first
 * trade after the restart would lower the trigger: the stop would protect less than before.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createScratchPostgresDatabase } from '../contract/store.contract.js';
import { assembleDesk, type Desk } from '../../src/compose/desk.js';
import { openPaperBroker } from '../../src/compose/paper-broker.js';
import { loadConfig } from '../../src/config.js';
import type { SimulatedBroker } from '../../src/exchanges/simulator/simulated-broker.js';
import { silentLogger } from '../../src/log.js';
import { Big } from '../../src/model/money.js';
import { trailingTrigger } from '../../src/model/order.js';
import type { IdSequence } from '../../src/ports/id-sequence.js';
import type { LeaseStore } from '../../src/ports/lease-store.js';
import type { OrderListJournal } from '../../src/ports/order-list-journal.js';
import type { Store } from '../../src/ports/store.js';
import { openKyselyStore } from '../../src/store/open-store.js';
import { btcUsd } from '../simulator/fixtures.js';
import { ladder, ManualClock, ScriptedMarketData } from '../simulator/scripted-market-data.js';

type Journal = Store & IdSequence & OrderListJournal & LeaseStore;

interface Process {
  desk: Desk;
  broker: SimulatedBroker;
  /** Prints trades one after the other and waits until everything they started is journaled. */
  prints(...prices: string[]): Promise<void>;
  close(): Promise<void>;
}

const clock = new ManualClock(Date.UTC(2026, 10, 25, 12));
let marketData: ScriptedMarketData;
let store: Journal;
let dropScratch: (() => Promise<void>) | undefined;
const running: Process[] = [];

afterEach(async () => {
  for (const p of running.splice(0)) await p.close();
  await store.close();
  await dropScratch?.();
  dropScratch = undefined;
});

const adminUrl = process.env.TEST_DATABASE_URL;
const journals: [string, boolean][] = [
  ['SQLite journal', true],
  [`PostgreSQL journal${adminUrl ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`, adminUrl !== undefined],
];
let usePostgres = false;

async function freshJournal(): Promise<void> {
  marketData = new ScriptedMarketData(clock, [btcUsd()]);
  const book = ladder(60000, 0.5, '2');
  marketData.setBook('BTCUSD', book.bids, book.asks);
  marketData.setLastPrice('BTCUSD', '60000');
  let url = 'sqlite::memory:';
  if (usePostgres) {
    const scratch = await createScratchPostgresDatabase(adminUrl!);
    url = scratch.url;
    dropScratch = () => scratch.drop();
  }
  store = await openKyselyStore({ url, dataDir: '/tmp' });
}

/** One server process on the journal: the paper venue rebuilt from it, and the desk over it. */
async function startProcess(): Promise<Process> {
  const config = loadConfig({ PAPER_STARTING_BALANCES: 'USD:100000,BTC:1', DATA_DIR: '/tmp' });
  const logger = silentLogger();
  const { broker, ledgerSince } = await openPaperBroker(config, marketData, store, clock, logger);
  const desk = await assembleDesk({
    mode: 'paper',
    broker,
    marketData,
    store,
    lists: store,
    clock,
    logger,
    limits: {},
    ledgerSince,
  });
  const process: Process = {
    desk,
    broker,
    async prints(...prices) {
      for (const price of prices) {
        clock.advance(1000);
        marketData.trade('BTCUSD', price, '0.001');
        await broker.idle();
        await desk.trading.settled();
      }
    },
    async close() {
      await desk.trading.close();
      await broker.close();
    },
  };
  running.push(process);
  return process;
}

async function restart(before: Process): Promise<Process> {
  running.splice(running.indexOf(before), 1);
  await before.close();
  return startProcess();
}

async function journaled(clientOrderId: string) {
  const order = await store.findOrder('paper', clientOrderId);
  if (!order) throw new Error(`order ${clientOrderId} is not journaled`);
  return order;
}

async function trailingSell(
  p: Process,
  actionId: string,
  stopPrice: string,
  orderType: 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT_LIMIT' = 'STOP_LOSS_LIMIT',
): Promise<string> {
  const out = await p.desk.trading.placeOrder({
    symbol: 'BTCUSD',
    side: 'SELL',
    orderType,
    quantity: '0.01',
    price: '59000',
    stopPrice,
    trailingDelta: 100,
    actionId,
    origin: 'test',
  });
  expect(out.status, JSON.stringify(out)).toBe('placed');
  return out.clientOrderId;
}

describe.each(journals)('a paper trailing stop across a restart (%s)', (name, enabled) => {
  if (!enabled) {
    it.skip('needs TEST_DATABASE_URL (scripts/start-postgres.sh)', () => undefined);
    return;
  }
  beforeEach(() => {
    usePostgres = name.startsWith('PostgreSQL');
  });
  // 1 % below the high of 61,000 is 60,390; had tracking restarted at 60,500 it would be 59,895.
  it('a trailing TAKE_PROFIT_LIMIT SELL that tracked a high of 61,000 then after a restart a fall to 60,390 triggers it', async () => {
    await freshJournal();
    const first = await startProcess();
    const id = await trailingSell(first, 'trail-a', '60500', 'TAKE_PROFIT_LIMIT');
    await first.prints('60500', '61000', '60800');
    expect((await journaled(id)).triggered).toBe(false);

    const second = await restart(first);
    // What get_orders shows (from the journal) is where the restored venue triggers.
    const before = await journaled(id);
    expect(trailingTrigger(before)).toBe('60390');
    expect(second.broker.engine.trailingTrigger('BTCUSD', { orderId: before.orderId! })).toBe('60390');
    await second.prints('60500');
    expect((await journaled(id)).triggered).toBe(false);
    await second.prints('60390');
    const order = await journaled(id);
    expect(order.triggered).toBe(true);
    expect(order.status).toBe('FILLED');
    expect(trailingTrigger(order)).toBeUndefined();
  });

  it('a trailing STOP_LOSS_LIMIT SELL whose stop price activated it before the restart then it keeps tracking from its high', async () => {
    await freshJournal();
    const first = await startProcess();
    const id = await trailingSell(first, 'trail-b', '59900');
    await first.prints('59900', '60500', '61000');
    expect((await journaled(id)).triggered).toBe(false);

    const second = await restart(first);
    await second.prints('60500', '60391');
    expect((await journaled(id)).triggered).toBe(false);
    await second.prints('60390');
    expect((await journaled(id)).triggered).toBe(true);
  });

  it('a trailing stop with a stop price not yet reached before the restart then it still waits for that price', async () => {
    await freshJournal();
    const first = await startProcess();
    const id = await trailingSell(first, 'trail-c', '59900');
    await first.prints('60500', '61000');
    const second = await restart(first);
    // 60,390 is no trigger: tracking has not begun (the stop price 59,900 was never reached).
    await second.prints('60390', '59950');
    expect((await journaled(id)).triggered).toBe(false);
    await second.prints('59900', '60600');
    expect((await journaled(id)).triggered).toBe(false);
    await second.prints('59994');
    expect((await journaled(id)).triggered).toBe(true);
  });

  it('the trailing stop leg of an OCO that tracked a high before the restart then a fall of delta from that high triggers it', async () => {
    await freshJournal();
    const first = await startProcess();
    const out = await first.desk.trading.placeOco({
      symbol: 'BTCUSD',
      side: 'SELL',
      quantity: '0.01',
      price: '65000',
      stopPrice: '59900',
      stopLimitPrice: '59000',
      trailingDelta: 100,
      actionId: 'trail-oco',
      origin: 'test',
    });
    expect(out.status, JSON.stringify(out)).toBe('placed');
    const stopLeg = out.orders.find((o) => o.type === 'STOP_LOSS_LIMIT')!;
    await first.prints('59900', '61000');

    const second = await restart(first);
    await second.prints('60500');
    expect((await journaled(stopLeg.clientOrderId)).triggered).toBe(false);
    await second.prints('60390');
    const leg = await journaled(stopLeg.clientOrderId);
    expect(leg.triggered).toBe(true);
    expect(new Big(leg.executedQty).eq('0.01')).toBe(true);
  });

  it("a process whose lease was taken over then its trail writes are refused and the journal keeps the owner's trail", async () => {
    await freshJournal();
    const first = await startProcess();
    const id = await trailingSell(first, 'trail-fence', '60500', 'TAKE_PROFIT_LIMIT');
    await first.prints('60500', '61000');
    const holder = { ownerId: 'new-owner', pid: 1, hostname: 'h', endpoint: 'e' };
    const lease = await store.takeLease('paper', holder, undefined, clock.now(), 60_000);
    expect(lease).toBeDefined();
    const stale = store.fencedTo('paper', 'old-owner', lease!.epoch - 1);
    await expect(
      stale.recordTrails('paper', [{ clientOrderId: id, trailingTime: clock.now(), trailingExtreme: '60500' }]),
    ).rejects.toThrow(/lease/);
    expect((await journaled(id)).trailingExtreme).toBe('61000');
  });
});
