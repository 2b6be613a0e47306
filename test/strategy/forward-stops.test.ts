/**
 * Stops of a strategy run forward are watched on the market's prints inside the bar, with the
 * backtest's rule (src/strategy/protective-stop.ts), not at the bar's close; a restart between a
 * stop's trigger and its exit order sells once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStrategyRunJournal } from '../../src/strategy/run/memory-run-journal.js';
import { paperDesk, type PaperDeskHarness } from '../support/paper-desk.js';

import { entered, MIN, orders, runsOver, type Desk } from './forward-support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The first minute after `from` whose prints reach `level` (from the market's 1m candles). */
async function firstMinuteAtOrBelow(h: PaperDeskHarness, from: number, level: number): Promise<number> {
  const candles = await h.marketData.candles('BTCUSD', '1m', { startTime: from, limit: 1000 });
  const hit = candles.find((c) => c.openTime >= from && Number(c.low) <= level);
  if (!hit) throw new Error('the stop is never crossed in the data: pick another level');
  return hit.openTime;
}

describe('stops run forward', () => {
  it('a stop crossed inside a bar sells within a look of the crossing print, not at the bar close', async () => {
    const h = await paperDesk();
    cleanups.push(() => h.close());
    const runs = runsOver(h, new MemoryStrategyRunJournal());
    const { stop, buy, nextClose } = await entered(h, runs, cleanups);
    // The timer looks every second; here the test looks once a minute (the prints since the last look count alike).
    while (h.clock.now() < nextClose + 1_000) {
      await h.advance(MIN);
      await runs.tick();
    }
    const crossing = await firstMinuteAtOrBelow(h, buy.createdAt, stop);
    // The data must cross the stop well inside the bar for this test to tell a close check from a watched stop.
    expect(crossing + 2 * MIN).toBeLessThan(nextClose);
    const sells = (await orders(h)).filter((o) => o.side === 'SELL');
    expect(sells).toHaveLength(1);
    expect(sells[0]).toMatchObject({ type: 'MARKET', status: 'FILLED' });
    expect(sells[0]!.createdAt).toBeGreaterThan(crossing);
    expect(sells[0]!.createdAt).toBeLessThanOrEqual(crossing + 2 * MIN);
    expect(sells[0]!.clientOrderId).toMatch(/-0s1$/);
  });
});

describe('a restart between a stop and its exit order', () => {
  for (const when of ['before', 'after'] as const)
    it(`sells once when the process died ${when} the exit order went out`, async () => {
      const h = await paperDesk();
      cleanups.push(() => h.close());
      const journal = new MemoryStrategyRunJournal();
      let dying = true;
      const desk = {
        placeOrder: async (input: Parameters<Desk['placeOrder']>[0]) => {
          if (!dying || input.side !== 'SELL') return h.desk.trading.placeOrder(input);
          dying = false;
          if (when === 'after') await h.desk.trading.placeOrder(input);
          throw new Error('the process died');
        },
        account: () => h.desk.trading.account(),
      } as unknown as Desk;
      const first = runsOver(h, journal, desk);
      const { view, nextClose } = await entered(h, first, cleanups);
      while (dying && h.clock.now() < nextClose) {
        await h.advance(MIN);
        await first.tick();
      }
      expect(dying).toBe(false);
      const saved = (await journal.get(view.id))!;
      const written = (saved.state as { pending: { actionId: string; side: string; reason: string }[] }).pending;
      expect(written).toEqual([expect.objectContaining({ side: 'SELL', reason: 'stop-loss' })]);
      expect((await orders(h)).filter((o) => o.side === 'SELL')).toHaveLength(when === 'after' ? 1 : 0);
      await first.close();

      const second = runsOver(h, journal, h.desk.trading, 'b');
      cleanups.push(() => second.close());
      expect(await second.resumeAll()).toEqual({ resumed: [view.id], stopped: [] });
      await second.tick();
      for (let i = 0; i < 90; i++) {
        await h.advance(MIN);
        await second.tick();
      }
      const sells = (await orders(h)).filter((o) => o.side === 'SELL');
      expect(sells).toHaveLength(1);
      expect(sells[0]!.clientOrderId).toBe(`bma-${written[0]!.actionId}`);
      const [status] = await second.status({ id: view.id });
      expect(status).toMatchObject({ status: 'running', openLots: [] });
    });
});
