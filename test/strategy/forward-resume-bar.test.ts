/**
 * A run resumed inside a bar watches the prints from then on; at that bar's close the part before
 * the resume is checked as one look trailing from the high the lot had when the watching began, as
 * the backtest's rule would: the highs the watcher saw later do not make an earlier low a stop.
 */
import { describe, expect, it } from 'vitest';
import type { Market } from '../../src/model/market.js';
import { parseStrategy, type SignalStrategy } from '../../src/strategy/index.js';
import { ForwardRun } from '../../src/strategy/run/forward-run.js';
import { emptyRunState } from '../../src/strategy/run/run-state.js';
import { guarded, HOUR, MIN } from './forward-support.js';

const T = Date.UTC(2026, 0, 5, 10);

function resumed(watchFrom: number) {
  const doc = parseStrategy(guarded({ trailingStop: { percent: 1 } })).strategy as SignalStrategy;
  const state = emptyRunState();
  state.lots.push({
    id: 1,
    symbol: 'BTCUSD',
    qty: '1',
    entryPrice: 100,
    entryBar: T - HOUR,
    stop: 0,
    target: 0,
    trail: 0.01,
    high: 100,
  });
  state.nextLot = 2;
  const road = new Proxy({}, { get: () => () => Promise.reject(new Error('no order in this test')) });
  const run = new ForwardRun(
    doc,
    {
      road: road as never,
      markets: new Map<string, Market>(),
      actionPrefix: 'srtest',
      barMs: HOUR,
      origin: 'strategy:test',
      now: () => watchFrom,
    },
    state,
  );
  run.startWatching(watchFrom);
  return run;
}

const bar = (low: number, high: number) =>
  new Map([['BTCUSD', { openTime: T, open: 104, high, low, close: 104, volume: 1 }]]);

describe('a bar watched only in part (the run resumed inside it)', () => {
  it('does not sell on an early low against a trail the later highs raised', () => {
    const run = resumed(T + 30 * MIN);
    run.onPrint('BTCUSD', 110);
    run.look();
    expect(run.state.lots[0]!.high).toBe(110);
    run.decide(T, bar(105, 110));
    expect(run.state.pending).toEqual([]);
  });

  it('sells when the part before the resume crossed the trail it had then', () => {
    const run = resumed(T + 30 * MIN);
    run.onPrint('BTCUSD', 110);
    run.look();
    run.decide(T, bar(98.5, 110));
    expect(run.state.pending).toEqual([expect.objectContaining({ side: 'SELL', reason: 'trailing stop', lotId: 1 })]);
  });

  it('a bar not watched at all is one look: its high raises the trail for the next', () => {
    const run = resumed(T + HOUR + 5 * MIN);
    run.decide(T, bar(105, 110));
    expect(run.state.pending).toEqual([]);
    expect(run.state.lots[0]!.high).toBe(110);
  });
});
