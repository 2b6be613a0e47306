/**
 * The premise of strategies as documents: the same document run as a backtest and run forward on
 * a paper account over the same prints (the synthetic market, one seed, on a manual clock) makes the
 * same trades. What differs by construction: a forward run acts one second after a close (bars are
 * read a second late, as from a venue) where the backtest acts at the next open, and it looks at the
 * prints when the clock ticks instead of the backtest's sub-steps; the prices therefore differ by
 * what the market moved in that second.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openBacktestMarket, runBacktest } from '../../src/backtest/index.js';
import { parseStrategy } from '../../src/strategy/index.js';
import { MemoryStrategyRunJournal } from '../../src/strategy/run/memory-run-journal.js';
import { paperDesk } from '../support/paper-desk.js';
import { HOUR, MIN, orders, runsOver } from './forward-support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const REASON: Record<string, string> = { s: 'stop-loss', l: 'trailing stop', x: 'exit signal', p: 'take-profit' };

describe('a backtest and a forward paper run of one document', () => {
  it('make the same trades over the same prints (sma cross with a stop-loss, a trailing stop and a take-profit)', async () => {
    const doc = {
      type: 'signal',
      name: 'parity',
      symbols: ['BTCUSD'],
      interval: '1h',
      indicators: { fast: { kind: 'sma', period: 3 }, slow: { kind: 'sma', period: 8 } },
      entry: { crossesAbove: ['fast', 'slow'] },
      exit: { crossesBelow: ['fast', 'slow'] },
      sizing: { kind: 'fixed_quote', amount: '1000' },
      protection: { stopLoss: { percent: 1 }, trailingStop: { percent: 0.8 }, takeProfit: { percent: 1.5 } },
    };
    const h = await paperDesk();
    cleanups.push(() => h.close());
    const from = Math.ceil(h.clock.now() / HOUR) * HOUR + 24 * HOUR;
    const to = from + 72 * HOUR;

    const { strategy, hash } = parseStrategy(doc);
    const market = openBacktestMarket('synthetic:7', strategy.symbols);
    cleanups.push(() => market.close());
    const backtest = await runBacktest({ strategy, hash, market, from, to, warmupBars: 24 });
    expect(backtest.trades.length).toBeGreaterThanOrEqual(3);

    const runs = runsOver(h, new MemoryStrategyRunJournal());
    cleanups.push(() => runs.close());
    await h.advance(from + 1_000 - h.clock.now());
    await runs.start({ strategy: { document: doc }, mode: 'paper', origin: 'test' });
    while (h.clock.now() < to) {
      await h.advance(MIN);
      await runs.tick();
    }
    const placed = await orders(h);
    const forward: {
      entryTime: number;
      exitTime: number;
      entryPrice: number;
      exitPrice: number;
      exitReason: string;
    }[] = [];
    let open: (typeof placed)[number] | undefined;
    for (const o of placed.filter((x) => Number(x.executedQty) > 0)) {
      if (o.side === 'BUY') open = o;
      else if (open) {
        const price = (x: typeof o) => Number(x.cummulativeQuoteQty) / Number(x.executedQty);
        const tag = /-\d([sxlp])\d+$/.exec(o.clientOrderId)![1]!;
        forward.push({
          entryTime: open.createdAt,
          exitTime: o.updatedAt,
          entryPrice: price(open),
          exitPrice: price(o),
          exitReason: REASON[tag]!,
        });
        open = undefined;
      }
    }
    const closedInRange = backtest.trades.filter((t) => !t.exitReason.startsWith('end of'));
    expect(forward.map((t) => t.exitReason)).toEqual(closedInRange.map((t) => t.exitReason));
    for (const [i, b] of closedInRange.entries()) {
      const f = forward[i]!;
      expect(Math.abs(f.entryTime - b.entryTime)).toBeLessThanOrEqual(1_000);
      expect(Math.abs(f.exitTime - b.exitTime)).toBeLessThanOrEqual(MIN + 1_000);
      expect(Math.abs(f.entryPrice / b.entryPrice - 1)).toBeLessThan(0.001);
      expect(Math.abs(f.exitPrice / b.exitPrice - 1)).toBeLessThan(0.001);
    }
  });
});
