/**
 * A grid strategy run forward rests its orders as the backtest's GridDriver does: LIMIT buys at the
 * levels below the first price, a filled buy rests a LIMIT sell one level up, a filled sell re-arms
 * the buy one level below; every order on the one road, followed from the desk's orders.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStrategyRunJournal } from '../../src/strategy/run/memory-run-journal.js';
import { paperDesk } from '../support/paper-desk.js';
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
  it('rest buys below the first close, a sell one level up for each filled buy, and re-arm the buy below a filled sell', async () => {
    const h = await paperDesk();
    cleanups.push(() => h.close());
    const runs = runsOver(h, new MemoryStrategyRunJournal());
    cleanups.push(() => runs.close());
    const view = await runs.start({ strategy: { document: grid }, mode: 'paper', origin: 'test' });
    await h.advance(MIN + 1_000);
    await runs.tick();
    const armed = await orders(h);
    const [close] = await h.marketData.candles('BTCUSD', '1m', { limit: 2 });
    const first = Number(close!.close);
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
    const level = (o: (typeof all)[number]) => Number(/-0g[bs](\d+)n\d+$/.exec(o.clientOrderId)![1]);
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
});
