/**
 * A grid strategy run forward rests its orders as the backtest's GridDriver does: LIMIT buys at the
 * levels below the open of the bar open at the start (sent at the run's first look), a filled buy
 * rests a LIMIT sell one level up, a filled sell re-arms the buy one level below; every order on the
 * one road, followed from the desk's orders.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStrategyRunJournal } from '../../src/strategy/run/memory-run-journal.js';
import { paperDesk, T0 } from '../support/paper-desk.js';
import { MIN, orders, runsOver } from './forward-support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const grid = {
  type: 'grid',
  name: 'tight grid',
  symbols: ['BTCUSD'],
  interval: '1m',
  grid: { lowerPercent: 0.15, upperPercent: 0.15, levels: 6, quotePerLevel: '50' },
};

describe('grid strategies forward', () => {
  it('rest buys below the open of the bar open at the start, a sell one level up for each filled buy, and re-arm the buy below a filled sell', async () => {
    const h = await paperDesk();
    cleanups.push(() => h.close());
    const runs = runsOver(h, new MemoryStrategyRunJournal());
    cleanups.push(() => runs.close());
    await h.advance(30 * MIN + 20_000);
    const view = await runs.start({ strategy: { document: grid }, mode: 'paper', origin: 'test' });
    await h.advance(1_000);
    await runs.tick();
    const armed = await orders(h);
    const [bar] = await h.marketData.candles('BTCUSD', '1m', { limit: 1 });
    expect(bar!.openTime).toBe(T0 + 30 * MIN);
    const first = Number(bar!.open);
    const lo = first * (1 - 0.0015);
    const ratio = (first * 1.0015) / lo;
    const levels = Array.from({ length: 6 }, (_, k) => lo * ratio ** (k / 5));
    const below = levels.slice(0, 5).filter((p) => p < first);
    expect(armed.map((o) => [o.side, o.type, o.timeInForce])).toEqual(below.map(() => ['BUY', 'LIMIT', 'GTC']));
    armed.forEach((o, k) => expect(Math.abs(Number(o.price) - levels[k]!)).toBeLessThanOrEqual(0.01));

    for (let i = 0; i < 6 * 60; i++) {
      await h.advance(MIN);
      await runs.tick();
    }
    const all = await orders(h);
    const filledBuys = all.filter((o) => o.side === 'BUY' && Number(o.executedQty) > 0);
    const filledSells = all.filter((o) => o.side === 'SELL' && o.status === 'FILLED');
    expect(filledBuys.length).toBeGreaterThan(0);
    expect(filledSells.length).toBeGreaterThan(0);
    for (const b of filledBuys) {
      const sell = all.find((o) => o.side === 'SELL' && level(o) === level(b) + 1 && o.createdAt >= b.updatedAt);
      expect(sell, `a sell one level above the buy ${b.clientOrderId}`).toBeDefined();
      expect(Math.abs(Number(sell!.price) - levels[level(b) + 1]!)).toBeLessThanOrEqual(0.01);
    }
    for (const s of filledSells) {
      const rearmed = all.find((o) => o.side === 'BUY' && level(o) === level(s) - 1 && o.createdAt >= s.updatedAt);
      expect(rearmed, `the buy below the sell ${s.clientOrderId}`).toBeDefined();
    }
    const [status] = await runs.status({ id: view.id });
    expect(status!.orders.orders).toBe(all.length);
    // Never two buys resting at one level.
    const open = await h.desk.trading.orders({ symbol: 'BTCUSD', openOnly: true });
    const openBuyLevels = open.filter((o) => o.side === 'BUY').map(level);
    expect(new Set(openBuyLevels).size).toBe(openBuyLevels.length);
  });

  it('buy a level again only once no lot it bought is held, when a buy filled by several prints has a sell per print', async () => {
    const h = await paperDesk();
    cleanups.push(() => h.close());
    const runs = runsOver(h, new MemoryStrategyRunJournal());
    cleanups.push(() => runs.close());
    await h.advance(30 * MIN + 20_000);
    const big = { ...grid, grid: { ...grid.grid, quotePerLevel: '5000' } };
    await runs.start({ strategy: { document: big }, mode: 'paper', origin: 'test' });
    for (let i = 0; i < 12 * 60; i++) {
      await h.advance(MIN);
      await runs.tick();
    }
    const all = await orders(h);
    const sells = all.filter((o) => o.side === 'SELL');
    // The case under test happened: one buy made more than one lot (a sell per print it filled on).
    const sellsPerBuy = new Map<string, number>();
    for (const s of sells)
      sellsPerBuy.set(`${level(s)}@${s.createdAt}`, (sellsPerBuy.get(`${level(s)}@${s.createdAt}`) ?? 0) + 1);
    expect(Math.max(...sellsPerBuy.values())).toBeGreaterThan(1);
    for (const b of all.filter((o) => o.side === 'BUY')) {
      // A lot this level bought is held while its sell (one level up) is unfilled.
      const held = sells.filter(
        (s) =>
          level(s) === level(b) + 1 &&
          s.createdAt < b.createdAt &&
          !(s.status === 'FILLED' && s.updatedAt <= b.createdAt),
      );
      expect(
        held.map((s) => s.clientOrderId),
        `lots of level ${level(b)} held when ${b.clientOrderId} was placed`,
      ).toEqual([]);
    }
  });

  it('resumed after dying between sending its first buys and booking them, sends no buy twice and arms once', async () => {
    const h = await paperDesk();
    cleanups.push(() => h.close());
    const journal = new DyingJournal();
    const first = runsOver(h, journal);
    await h.advance(30 * MIN + 20_000);
    const view = await first.start({ strategy: { document: grid }, mode: 'paper', origin: 'test' });
    journal.killWhen = async () => (await orders(h)).length > 0;
    await h.advance(1_000);
    await first.tick();
    expect(journal.dead).toBe(true);
    await first.close();
    const sent = await orders(h);
    expect(sent.length).toBeGreaterThan(0);
    const row = (await journal.get(view.id))!;
    const written = row.state as { pending: { actionId: string }[]; grid: Record<string, number[]> };
    // The levels and the buys were written down before the buys went out.
    expect(written.grid.BTCUSD).toHaveLength(6);
    expect(written.pending.map((p) => `bma-${p.actionId}`)).toEqual(sent.map((o) => o.clientOrderId));

    journal.dead = false;
    journal.killWhen = undefined;
    const second = runsOver(h, journal, h.desk.trading, 'b');
    cleanups.push(() => second.close());
    expect(await second.resumeAll()).toEqual({ resumed: [view.id], stopped: [] });
    await second.tick();
    expect((await orders(h)).map((o) => o.clientOrderId)).toEqual(sent.map((o) => o.clientOrderId));
    for (let i = 0; i < 3 * 60; i++) {
      await h.advance(MIN);
      await second.tick();
    }
    const all = await orders(h);
    expect(all.filter((o) => o.side === 'SELL' && Number(o.executedQty) > 0).length).toBeGreaterThan(0);
    // The levels were set once: every order rests at one of the written levels.
    for (const o of all) expect(written.grid.BTCUSD!.some((l) => Math.abs(Number(o.price) - l) <= 0.01)).toBe(true);
    expect(new Set(all.map((o) => o.clientOrderId)).size).toBe(all.length);
    const open = await h.desk.trading.orders({ symbol: 'BTCUSD', openOnly: true });
    const openBuyLevels = open.filter((o) => o.side === 'BUY').map(level);
    expect(new Set(openBuyLevels).size).toBe(openBuyLevels.length);
  });
});

const level = (o: { clientOrderId: string }) => Number(/-0g[bs](\d+)n\d+$/.exec(o.clientOrderId)![1]);

/** A journal whose process dies (every write fails) once `killWhen` says so, on the save it is asked for. */
class DyingJournal extends MemoryStrategyRunJournal {
  dead = false;
  killWhen: (() => Promise<boolean>) | undefined;

  override async save(id: string, driver: string, p: { lastBar: number; state: unknown; now: number }) {
    if (!this.dead && this.killWhen && (await this.killWhen())) this.dead = true;
    if (this.dead) throw new Error('killed');
    return super.save(id, driver, p);
  }

  override async claim(id: string, driver: string, now: number, staleBefore: number) {
    if (this.dead) throw new Error('killed');
    return super.claim(id, driver, now, staleBefore);
  }
}
