/**
 * Strategies run forward on the real paper desk (synthetic market on a manual clock, simulated
 * broker, SQLite journal): through MCP, across a crash and a restart, under risk denials, and
 * never live without consent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContextService } from '../../src/app/context-service.js';
import { ConsentKeeper } from '../../src/app/live-consent.js';
import { StrategyRuns } from '../../src/app/strategy-runs.js';
import { silentLogger } from '../../src/log.js';
import type { NotifyEvent } from '../../src/model/notify-event.js';
import type { StrategyRunJournal } from '../../src/ports/strategy-run-journal.js';
import { KyselyStrategyRunJournal, openKyselyStore, type KyselyStore } from '../../src/store/index.js';
import { MemoryStrategyRunJournal } from '../../src/strategy/run/memory-run-journal.js';
import { deskApp, type DeskApp } from '../app/desk-app.js';
import { paperDesk, type PaperDeskHarness } from '../support/paper-desk.js';
import { MemoryConsentJournal } from '../support/memory-consent-journal.js';
import { fakeApp } from '../support/fake-app.js';
import { createMcpServerFactory } from '../../src/mcp/server.js';
import { connectInMemory, structured, textOf } from '../support/mcp-clients.js';

const MIN = 60_000;

/** Buys 100 USD of BTCUSD every third bar and sells it one bar later. */
const flipper = {
  type: 'signal',
  name: 'flipper',
  symbols: ['BTCUSD'],
  interval: '1m',
  entry: { every: 3 },
  exit: { barsSinceEntry: { atLeast: 1 } },
  sizing: { kind: 'fixed_quote', amount: '100' },
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Moves one bar (plus the close lag on the first step) and lets the runs process what closed. */
async function bar(h: PaperDeskHarness, runs: StrategyRuns, ms = MIN): Promise<void> {
  await h.advance(ms);
  await runs.tick();
}

async function strategyOrders(h: PaperDeskHarness, runId?: string) {
  const orders = await h.store.listOrders({ mode: 'paper', limit: 1000 });
  return orders
    .filter((o) => o.origin.startsWith('strategy:') && (!runId || o.origin === `strategy:${runId}`))
    .sort((a, b) => a.createdAt - b.createdAt || Number(a.orderId) - Number(b.orderId));
}

describe('run_strategy through MCP on paper', () => {
  let d: DeskApp;
  it('trades on closed bars through the one road, reports compactly, and stops on stop_strategy', async () => {
    const events: NotifyEvent[] = [];
    d = await deskApp({ notify: (e) => events.push(e) });
    cleanups.push(() => d.close());
    const { run } = await d.call('run_strategy', { strategy: flipper });
    expect(run).toMatchObject({ mode: 'paper', status: 'running', name: 'flipper', lastBar: null });
    expect(run.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(events.map((e) => e.kind)).toEqual(['strategy_started']);

    await bar(d.h, d.app.strategyRuns, MIN + 1_000); // the bar open at the start has closed
    for (let i = 0; i < 6; i++) await bar(d.h, d.app.strategyRuns);
    const orders = await strategyOrders(d.h, run.id);
    // Bars 1, 4, 7 buy; each entry opens in the next bar, so bars 3, 6 sell (bar 8 has not closed yet).
    expect(orders.map((o) => o.side)).toEqual(['BUY', 'SELL', 'BUY', 'SELL', 'BUY']);
    expect(orders.every((o) => o.status === 'FILLED' && o.type === 'MARKET')).toBe(true);
    expect(orders[0]!.origQuoteOrderQty).toBe('100');
    // Each order is journaled with the strategy's rationale and a client id derived from the run, the bar and the signal.
    expect(orders[0]!.clientOrderId).toMatch(new RegExp(`^bma-sr${run.id}-[0-9a-z]+-0e$`));

    const { runs } = await d.call('strategy_status', { run_id: run.id });
    expect(runs[0]).toMatchObject({ status: 'running', orders: { orders: 5, filled: 5, denied: 0, rejected: 0 } });
    expect(runs[0].openLots).toHaveLength(1);
    expect(new Date(runs[0].lastBar).getTime()).toBe(d.h.clock.now() - (d.h.clock.now() % MIN) - MIN);

    const stopped = await d.call('stop_strategy', { run_id: run.id });
    expect(stopped.run).toMatchObject({ status: 'stopped', stopReason: expect.stringMatching(/stopped by the model/) });
    expect(events.map((e) => e.kind)).toEqual(['strategy_started', 'strategy_stopped']);
    for (let i = 0; i < 4; i++) await bar(d.h, d.app.strategyRuns);
    expect(await strategyOrders(d.h, run.id)).toHaveLength(5);
  });

  it('refuses what it cannot run forward by name, and a bad document by JSON path', async () => {
    d = await deskApp();
    cleanups.push(() => d.close());
    const monthly = await d.callRaw('run_strategy', { strategy: { ...flipper, interval: '1M' } });
    expect(monthly.isError).toBe(true);
    expect(monthly.text).toMatch(/strategy\.interval: calendar months have no fixed length/);
    const bad = await d.callRaw('run_strategy', { strategy: { ...flipper, sizing: { kind: 'nope' } } });
    expect(bad.isError).toBe(true);
    expect(bad.text).toMatch(/\$\.sizing/);
    expect((await d.call('strategy_status', {})).runs).toEqual([]);
  });
});

describe('risk limits', () => {
  it('a denied order is journaled as a risk event and the run goes on (the next signal is tried again)', async () => {
    const d = await deskApp({ limits: { maxTradeSizeUsd: '50' } });
    cleanups.push(() => d.close());
    const { run } = await d.call('run_strategy', { strategy: flipper });
    await bar(d.h, d.app.strategyRuns, MIN + 1_000);
    for (let i = 0; i < 3; i++) await bar(d.h, d.app.strategyRuns);
    const [view] = (await d.call('strategy_status', { run_id: run.id })).runs;
    expect(view).toMatchObject({ status: 'running', orders: { orders: 2, filled: 0, denied: 2 } });
    expect(view.lastProblem).toMatch(/entry signal BUY BTCUSD denied by the risk limits/);
    const events = await d.h.store.listRiskEvents('paper', 10);
    expect(events.filter((e) => /MAX_TRADE_SIZE/.test(JSON.stringify(e)))).toHaveLength(2);
    expect(await strategyOrders(d.h, run.id)).toHaveLength(0);
  });
});

describe('a restart mid-run', () => {
  let dir: string;
  let store: KyselyStore;

  async function open(journal: StrategyRunJournal, options: { driver: string; staleMs?: number }) {
    const h = await paperDesk({ store });
    const runs = new StrategyRuns({
      desks: { paper: h.desk.trading },
      market: new ContextService(h.marketData, h.desk.broker),
      trades: h.marketData,
      clock: h.clock,
      journal,
      live: {
        requiresConfirmation: true,
        consent: new ConsentKeeper({ journal: new MemoryConsentJournal(), clock: h.clock, logger: silentLogger() }),
      },
      logger: silentLogger(),
      driver: options.driver,
      staleMs: options.staleMs,
    });
    return { h, runs };
  }

  it('resumes from the last processed bar and sends no order twice, even when it died between an order and its bookkeeping', async () => {
    // The same run without a crash, for reference.
    const reference = await (async () => {
      dir = mkdtempSync(join(tmpdir(), 'runs-ref-'));
      store = await openKyselyStore({ url: `sqlite:${join(dir, 'j.db')}`, dataDir: dir });
      const { h, runs } = await open(new KyselyStrategyRunJournal(store.database), { driver: 'a' });
      const view = await runs.start({ strategy: { document: flipper }, mode: 'paper', origin: 'test' });
      await bar(h, runs, MIN + 1_000);
      for (let i = 0; i < 12; i++) await bar(h, runs);
      const orders = (await strategyOrders(h, view.id)).map((o) => [o.createdAt, o.side, o.executedQty]);
      await runs.close();
      await h.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      return orders;
    })();
    expect(reference.length).toBe(9);

    dir = mkdtempSync(join(tmpdir(), 'runs-'));
    store = await openKyselyStore({ url: `sqlite:${join(dir, 'j.db')}`, dataDir: dir });
    cleanups.push(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const real = new KyselyStrategyRunJournal(store.database);
    // The first process dies right after the orders of its 4th bar went out, before it books them.
    let saves = 0;
    let dead = false;
    const dying: StrategyRunJournal = {
      create: (r) => real.create(r),
      get: (id) => real.get(id),
      list: (o) => real.list(o),
      claim: async (...a) => (dead ? Promise.reject(new Error('dead')) : real.claim(...a)),
      stop: async (...a) => (dead ? Promise.reject(new Error('dead')) : real.stop(...a)),
      save: async (id, driver, p) => {
        if (dead) throw new Error('dead');
        const pending = (p.state as { pending: unknown[] }).pending.length;
        if (pending === 0 && (saves += 1) && p.lastBar > 0 && (await strategyOrders(first.h)).length === 4) {
          dead = true;
          throw new Error('killed');
        }
        return real.save(id, driver, p);
      },
    };
    const first = await open(dying, { driver: 'a' });
    const view = await first.runs.start({ strategy: { document: flipper }, mode: 'paper', origin: 'test' });
    await bar(first.h, first.runs, MIN + 1_000);
    for (let i = 0; i < 6 && !dead; i++) await bar(first.h, first.runs).catch(() => undefined);
    expect(dead).toBe(true);
    const diedAt = first.h.clock.now();
    const row = (await real.get(view.id))!;
    expect(row.status).toBe('running');
    expect((row.state as { pending: unknown[] }).pending).toHaveLength(1); // written down before it was sent
    const sentBeforeDeath = (await strategyOrders(first.h, view.id)).length;
    await first.h.desk.trading.close();
    await first.h.marketData.close();

    const second = await open(real, { driver: 'b', staleMs: 0 });
    cleanups.push(async () => {
      await second.runs.close();
      await second.h.close();
    });
    second.h.clock.set(diedAt);
    expect(await second.runs.resumeAll()).toEqual({ resumed: [view.id], stopped: [] });
    await second.runs.tick(); // the bar it died on: its order is sent again, answered as the first one
    expect((await strategyOrders(second.h, view.id)).length).toBe(sentBeforeDeath);
    for (let i = 0; i < 12 - 4; i++) await bar(second.h, second.runs);
    const after = (await strategyOrders(second.h, view.id)).map((o) => [o.createdAt, o.side, o.executedQty]);
    expect(after).toEqual(reference);
    const [status] = await second.runs.status({ id: view.id });
    // The count died with the first process's unsaved bookkeeping: the resent order counts once.
    expect(status!.orders).toMatchObject({ orders: 9, filled: 9 });
  });
});

describe('a passing failure', () => {
  it('does not stop the run: it is rebuilt from the journal and its pending order sent once, indicators fed once per bar', async () => {
    const h = await paperDesk();
    cleanups.push(() => h.close());
    let calls = 0;
    const desk = {
      placeOrder: async (input: Parameters<typeof h.desk.trading.placeOrder>[0]) => {
        if ((calls += 1) === 2) throw new Error('journal briefly unavailable');
        return h.desk.trading.placeOrder(input);
      },
      account: () => h.desk.trading.account(),
    } as unknown as typeof h.desk.trading;
    const runs = new StrategyRuns({
      desks: { paper: desk },
      market: new ContextService(h.marketData, h.desk.broker),
      trades: h.marketData,
      clock: h.clock,
      journal: new MemoryStrategyRunJournal(),
      live: {
        requiresConfirmation: true,
        consent: new ConsentKeeper({ journal: new MemoryConsentJournal(), clock: h.clock, logger: silentLogger() }),
      },
      logger: silentLogger(),
    });
    cleanups.push(() => runs.close());
    const view = await runs.start({ strategy: { document: flipper }, mode: 'paper', origin: 'test' });
    await bar(h, runs, MIN + 1_000);
    await bar(h, runs);
    await bar(h, runs); // the exit at bar 3's close fails
    expect((await runs.status({ id: view.id }))[0]).toMatchObject({ status: 'running' });
    expect(await strategyOrders(h, view.id)).toHaveLength(1);
    for (let i = 0; i < 4; i++) await bar(h, runs);
    const orders = await strategyOrders(h, view.id);
    expect(orders.map((o) => o.side)).toEqual(['BUY', 'SELL', 'BUY', 'SELL', 'BUY']);
    // Entries stay three bars apart: no bar was counted twice by the rebuilt run.
    const buys = orders.filter((o) => o.side === 'BUY').map((o) => Math.floor(o.createdAt / MIN));
    expect(buys[1]! - buys[0]!).toBe(3);
    expect(buys[2]! - buys[1]!).toBe(3);
  });
});

describe('live runs', () => {
  it('need a session already live by the consent rules: a paper session runs paper, a bare live start is refused', async () => {
    const app = fakeApp({ available: true });
    const client = await connectInMemory(createMcpServerFactory(app), { era: 'modern' });
    cleanups.push(() => client.close());
    const result = await client.callTool({
      name: 'run_strategy',
      arguments: { template: 'sma-cross', parameters: { symbol: 'BTCUSD' } },
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(structured<{ run: { mode: string } }>(result).run.mode).toBe('paper');
    await expect(
      app.strategyRuns.start({ strategy: { document: flipper }, mode: 'live', origin: 'test' }),
    ).rejects.toThrow(/live without a licence/);
  });

  it('a live run on a session confirmation is not resumed after a restart: stopped, saying why', async () => {
    const journal = new MemoryStrategyRunJournal();
    const app = fakeApp({ available: true });
    const make = () =>
      new StrategyRuns({
        desks: app.desks,
        market: app.market,
        trades: { subscribeTrades: () => () => undefined },
        clock: { now: () => 5 * 3_600_000 },
        journal,
        live: app.live,
        logger: silentLogger(),
        staleMs: 0,
      });
    const run = await make().start({
      strategy: { document: { ...flipper, interval: '1h' } },
      mode: 'live',
      origin: 'test',
      license: { kind: 'session' },
    });
    expect(run.mode).toBe('live');
    const after = make();
    expect(await after.resumeAll()).toEqual({ resumed: [], stopped: [run.id] });
    const [view] = await after.status({ id: run.id });
    expect(view!.stopReason).toMatch(/live session confirmation does not outlive its process/);
  });

  it('a live session on the operator grant runs live on that grant, and the run stops at the first bar after the grant ends', async () => {
    const app = fakeApp({ available: true });
    const grant = await app.consentJournal.grantLive({
      grantedAt: app.consentClock.now(),
      expiresAt: app.consentClock.now() + 3_600_000,
      grantedBy: 'test',
    });
    let now = 5 * 3_600_000;
    const runs = new StrategyRuns({
      desks: app.desks,
      market: app.market,
      trades: { subscribeTrades: () => () => undefined },
      clock: { now: () => now },
      journal: new MemoryStrategyRunJournal(),
      live: app.live,
      logger: silentLogger(),
    });
    const client = await connectInMemory(createMcpServerFactory({ ...app, strategyRuns: runs }), { era: 'modern' });
    cleanups.push(() => client.close());
    const switched = await client.callTool({ name: 'set_trading_mode', arguments: { mode: 'live' } });
    expect(switched.isError, textOf(switched)).toBeFalsy();
    const started = await client.callTool({
      name: 'run_strategy',
      arguments: { strategy: { ...flipper, symbols: ['BTCUSD'], interval: '1h' } },
    });
    expect(started.isError, textOf(started)).toBeFalsy();
    const { run } = structured<{ run: { id: string; mode: string } }>(started);
    expect(run.mode).toBe('live');
    await app.consentJournal.revokeLive(app.consentClock.now());
    now += 2 * 3_600_000;
    await runs.tick();
    const [view] = await runs.status({ id: run.id });
    expect(view).toMatchObject({ status: 'stopped', stopReason: `the operator grant ${grant.id} it ran on has ended` });
    expect(view!.orders.orders).toBe(0);
  });
});
