/**
 * The grid template run as a backtest and run forward on a paper account over the same prints
 * (the synthetic market, one seed, on a manual clock) fills the same orders: the same side, level
 * and quantity, bar by bar, in the same order.
 *
 * What differs by construction, and what this test allows for:
 * - The backtest walks a grid's bar in one step and hands its fills to the grid at the bar's end
 *   (stamped then); forward, fills are stamped when the look delivered their print (here every
 *   minute, in production every second) and booked at the first look after each close. Fills are
 *   therefore compared bar by bar; the orders a close calls for go out 1.001 s after the backtest's.
 * - An order placed through the market (a level the price crossed before the close that placed it,
 *   or before the first look) fills at the book a second later than the backtest's: prices within
 *   0.05% (measured over this window: 0.0067%). Resting orders fill at their level both ways.
 * - A fill in the second between a close and the look after it is booked with the bar that closed
 *   (the backtest: with the next one); none in this window.
 * A buy filled by several prints makes one lot and one sell per print, both ways, and both buy a
 * level again only once no lot it bought is held. At 200 per level the window has such a buy
 * (bar 32): before the backtest held to that rule, it bought level 9 twice there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openBacktestMarket, runBacktest } from '../../src/backtest/index.js';
import { instantiateTemplate } from '../../src/strategy/index.js';
import { entryOf } from '../../src/strategy/run/resting-orders.js';
import { MemoryStrategyRunJournal } from '../../src/strategy/run/memory-run-journal.js';
import { paperDesk } from '../support/paper-desk.js';
import { HOUR, MIN, orders, runsOver } from './forward-support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** How often the forward run looks in this test (production: every second). */
const LOOK = MIN;

interface Fill {
  side: 'BUY' | 'SELL';
  level: number;
  price: number;
  /** Base the buy booked net of its commission, or the base the sell sold. */
  qty: number;
  time: number;
}

describe('a grid backtest and a forward paper run of the same document', () => {
  it.each([50, 200])(
    'fill the same orders at the same levels in the same order over the same prints (%i per level)',
    async (quotePerLevel) => {
      const { strategy, hash } = instantiateTemplate('grid', {
        symbol: 'BTCUSD',
        interval: '1h',
        lowerPercent: 6,
        upperPercent: 2,
        levels: 20,
        quotePerLevel,
      });
      const h = await paperDesk();
      cleanups.push(() => h.close());
      const from = Math.ceil(h.clock.now() / HOUR) * HOUR + 24 * HOUR;
      const to = from + 72 * HOUR;

      const market = openBacktestMarket('synthetic:7', strategy.symbols);
      cleanups.push(() => market.close());
      const backtest = await runBacktest({ strategy, hash, market, from, to, warmupBars: 0 });
      const runs = runsOver(h, new MemoryStrategyRunJournal());
      cleanups.push(() => runs.close());
      await h.advance(from + 1_000 - h.clock.now());
      await runs.start({ strategy: { document: strategy }, mode: 'paper', origin: 'test' });
      await runs.tick();
      while (h.clock.now() < to) {
        await h.advance(LOOK);
        await runs.tick();
      }
      // The backtest's levels: around the first bar's open.
      const [first] = await h.marketData.candles('BTCUSD', '1h', { startTime: from, limit: 1 });
      const open = Number(first!.open);
      const lo = open * 0.94;
      const levels = Array.from({ length: 20 }, (_, k) => lo * ((open * 1.02) / lo) ** (k / 19));
      const expected: Fill[] = [];
      for (const t of backtest.trades) {
        const sold = /^grid level (\d+)$/.exec(t.exitReason);
        // A sold lot's sell rested one level above its buy (the reason counts levels from 1); a buy fills at or below its level.
        const buy = sold ? Number(sold[1]) - 2 : levels.findIndex((l) => l > t.entryPrice - 0.015);
        expected.push({ side: 'BUY', level: buy, price: t.entryPrice, qty: t.quantity, time: t.entryTime });
        // A lot's sell is its quantity floored to the lot step (0.00001 BTC).
        const sell = Math.floor(t.quantity * 1e5 + 1e-6) / 1e5;
        if (sold) expected.push({ side: 'SELL', level: buy + 1, price: t.exitPrice, qty: sell, time: t.exitTime });
      }
      expected.sort((a, b) => a.time - b.time || (a.side === b.side ? 0 : a.side === 'BUY' ? -1 : 1));
      const sells = expected.filter((f) => f.side === 'SELL').length;
      expect(sells).toBeGreaterThanOrEqual(20);
      expect(expected.length - sells).toBeGreaterThanOrEqual(20);

      const forward: Fill[] = [];
      for (const o of await orders(h)) {
        if (Number(o.executedQty) <= 0) continue;
        const fills = (
          await h.desk.trading.tradeHistory({ symbol: o.symbol, clientOrderId: o.clientOrderId })
        ).reverse();
        const side = o.side as 'BUY' | 'SELL';
        const level = Number(/-0g[bs](\d+)n\d+$/.exec(o.clientOrderId)![1]);
        expect(Math.abs(Number(o.price) - levels[level]!), `${o.clientOrderId} rests at its level`).toBeLessThan(0.015);
        // A buy's parts, as the backtest books them: what it took from the book when placed, then each print that filled it.
        const parts =
          side === 'SELL'
            ? [fills]
            : [fills.filter((f) => !f.isMaker), ...fills.filter((f) => f.isMaker).map((f) => [f])];
        for (const part of parts.filter((p) => p.length > 0)) {
          const entry = entryOf(part, 'BTC')!;
          const qty = side === 'BUY' ? Number(entry.net) : part.reduce((q, f) => q + Number(f.qty), 0);
          if (entry.time < to) forward.push({ side, level, price: entry.avg, qty, time: entry.time });
        }
      }

      // The backtest hands a bar's fills to the grid at the bar's end (and stamps them then): fills are
      // compared bar by bar. Forward, what a close calls for is placed a second after it (CLOSE_LAG).
      const barOf = (f: Fill, lag: number) => Math.floor((f.time - from - lag) / HOUR);
      const key = (f: Fill, lag: number) => `bar ${barOf(f, lag)} ${f.side} level ${f.level} qty ${f.qty.toFixed(8)}`;
      const byKey = (lag: number) => (a: Fill, b: Fill) =>
        key(a, lag) < key(b, lag) ? -1 : key(a, lag) > key(b, lag) ? 1 : 0;
      const bt = [...expected].sort(byKey(0));
      const fw = [...forward].sort(byKey(1_001));
      expect(fw.map((f) => key(f, 1_001))).toEqual(bt.map((f) => key(f, 0)));
      // Prices: resting orders fill at their level both ways; an order placed through the market (a
      // level the price crossed before the close that placed it) fills at the book a second apart.
      let worst = 0;
      for (const [i, b] of bt.entries()) worst = Math.max(worst, Math.abs(fw[i]!.price / b.price - 1));
      expect(worst).toBeLessThan(0.0005);
    },
  );
});
