/**
 * Take-profits and limit entries of a strategy run forward rest on the venue through the one road,
 * as in the backtest: a take-profit is a LIMIT sell placed when the entry fills (canceled when a stop
 * sells the lot first), a limit entry rests until it fills or expires, and both are followed from
 * the desk's orders across a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStrategyRunJournal } from '../../src/strategy/run/memory-run-journal.js';
import { paperDesk } from '../support/paper-desk.js';
import { entered, guarded, HOUR, MIN, orders, runsOver } from './forward-support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('take-profits forward', () => {
  it('rest as a LIMIT sell of the lot at the target, placed at the entry fill; the lot closes when it fills', async () => {
    const h = await paperDesk();
    cleanups.push(() => h.close());
    const runs = runsOver(h, new MemoryStrategyRunJournal());
    const { view, avg } = await entered(h, runs, cleanups, guarded({ takeProfit: { percent: 0.2 } }));
    const [, tp] = await orders(h);
    expect(tp).toMatchObject({ side: 'SELL', type: 'LIMIT', status: 'NEW', timeInForce: 'GTC' });
    expect(Number(tp!.price)).toBeGreaterThanOrEqual(avg * 1.002);
    expect(Number(tp!.price)).toBeLessThan(avg * 1.002 + 0.01 + 1e-9);
    expect(tp!.clientOrderId).toBe(`bma-sr${view.id}-0p1`);
    expect((await runs.status({ id: view.id }))[0]!.openLots).toHaveLength(1);
    for (let i = 0; i < 48 * 60 && (await orders(h))[1]!.status !== 'FILLED'; i++) {
      await h.advance(MIN);
      await runs.tick();
    }
    const after = await orders(h);
    expect(after.map((o) => [o.side, o.type, o.status])).toEqual([
      ['BUY', 'MARKET', 'FILLED'],
      ['SELL', 'LIMIT', 'FILLED'],
    ]);
    await h.advance(MIN);
    await runs.tick();
    const [status] = await runs.status({ id: view.id });
    expect(status).toMatchObject({ openLots: [], orders: { orders: 2, filled: 2 } });
  });

  it('is canceled on the road before a stop sells the lot at market', async () => {
    const h = await paperDesk();
    cleanups.push(() => h.close());
    const runs = runsOver(h, new MemoryStrategyRunJournal());
    const { view } = await entered(
      h,
      runs,
      cleanups,
      guarded({ stopLoss: { percent: 0.3 }, takeProfit: { percent: 20 } }),
    );
    for (let i = 0; i < 48 * 60 && (await orders(h)).length < 3; i++) {
      await h.advance(MIN);
      await runs.tick();
    }
    const after = await orders(h);
    expect(after.map((o) => [o.side, o.type, o.status])).toEqual([
      ['BUY', 'MARKET', 'FILLED'],
      ['SELL', 'LIMIT', 'CANCELED'],
      ['SELL', 'MARKET', 'FILLED'],
    ]);
    expect(after[1]!.updatedAt).toBeLessThanOrEqual(after[2]!.createdAt);
    expect((await runs.status({ id: view.id }))[0]!.openLots).toEqual([]);
  });
});

/** Wants an entry at every hourly close, as a limit `offset` percent below the close that rests two bars. */
function limitBuyer(offsetPercent: number, protection: Record<string, unknown> = {}) {
  return {
    ...guarded(protection, { entry: { every: 1 }, entryOrder: { type: 'limit', offsetPercent, expireBars: 2 } }),
    limits: { maxOpenPositions: 5 },
  };
}

describe('limit entries forward', () => {
  it('rest until they expire (canceled on the road after expireBars bars), blocking new entries meanwhile', async () => {
    const h = await paperDesk();
    cleanups.push(() => h.close());
    const runs = runsOver(h, new MemoryStrategyRunJournal());
    cleanups.push(() => runs.close());
    h.clock.set(Math.ceil(h.clock.now() / HOUR) * HOUR + 5 * MIN);
    const view = await runs.start({ strategy: { document: limitBuyer(30) }, mode: 'paper', origin: 'test' });
    const firstClose = Math.ceil(h.clock.now() / HOUR) * HOUR;
    await h.advance(firstClose + 1_000 - h.clock.now());
    await runs.tick();
    for (let i = 0; i < 5 * 60; i++) {
      await h.advance(MIN);
      await runs.tick();
    }
    const all = await orders(h);
    // Placed after the closes at 0 h and 3 h, each canceled once two more bars have closed (at 2 h and 5 h).
    expect(all.map((o) => [o.side, o.type, o.status])).toEqual([
      ['BUY', 'LIMIT', 'CANCELED'],
      ['BUY', 'LIMIT', 'CANCELED'],
    ]);
    expect(all.map((o) => Math.floor((o.createdAt - firstClose) / HOUR))).toEqual([0, 3]);
    expect(all.map((o) => Math.floor((o.updatedAt - firstClose) / HOUR))).toEqual([2, 5]);
    const [status] = await runs.status({ id: view.id });
    expect(status).toMatchObject({ openLots: [], orders: { orders: 2, filled: 0 } });
  });

  it('still resting when the run is stopped are canceled on the road', async () => {
    const h = await paperDesk();
    cleanups.push(() => h.close());
    const runs = runsOver(h, new MemoryStrategyRunJournal());
    cleanups.push(() => runs.close());
    h.clock.set(Math.ceil(h.clock.now() / HOUR) * HOUR + 5 * MIN);
    const view = await runs.start({ strategy: { document: limitBuyer(30) }, mode: 'paper', origin: 'test' });
    await h.advance(Math.ceil(h.clock.now() / HOUR) * HOUR + 1_000 - h.clock.now());
    await runs.tick();
    expect((await orders(h)).map((o) => o.status)).toEqual(['NEW']);
    await runs.stop(view.id, 'stopped by the test');
    expect((await orders(h)).map((o) => o.status)).toEqual(['CANCELED']);
  });

  it('that fill open a lot with its stop and take-profit, followed across a restart', async () => {
    const h = await paperDesk();
    cleanups.push(() => h.close());
    const journal = new MemoryStrategyRunJournal();
    const first = runsOver(h, journal);
    h.clock.set(Math.ceil(h.clock.now() / HOUR) * HOUR + 5 * MIN);
    const doc = {
      ...limitBuyer(0.05, { stopLoss: { percent: 5 }, takeProfit: { percent: 5 } }),
      limits: { maxOpenPositions: 1 },
    };
    const view = await first.start({ strategy: { document: doc }, mode: 'paper', origin: 'test' });
    const firstClose = Math.ceil(h.clock.now() / HOUR) * HOUR;
    await h.advance(firstClose + 1_000 - h.clock.now());
    await first.tick();
    const [entry] = await orders(h);
    expect(entry).toMatchObject({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC' });
    // The first process stops driving while the entry rests (or right after it filled); a second one follows it.
    await first.close();
    for (let i = 0; i < 30; i++) await h.advance(MIN);
    const second = runsOver(h, journal, h.desk.trading, 'b');
    cleanups.push(() => second.close());
    expect(await second.resumeAll()).toEqual({ resumed: [view!.id], stopped: [] });
    for (let i = 0; i < 2 * 60; i++) {
      await h.advance(MIN);
      await second.tick();
    }
    const all = await orders(h);
    expect(all[0]).toMatchObject({ side: 'BUY', type: 'LIMIT', status: 'FILLED' });
    const avg = Number(all[0]!.cummulativeQuoteQty) / Number(all[0]!.executedQty);
    expect(all[1]).toMatchObject({
      side: 'SELL',
      type: 'LIMIT',
      status: 'NEW',
      clientOrderId: `bma-sr${view!.id}-0p1`,
    });
    const [status] = await second.status({ id: view!.id });
    expect(status!.openLots).toEqual([
      expect.objectContaining({ stop: +(avg * 0.95).toPrecision(10), target: +(avg * 1.05).toPrecision(10) }),
    ]);
    // One lot at a time: no second entry while it is held.
    expect(all.filter((o) => o.side === 'BUY')).toHaveLength(1);
  });
});
