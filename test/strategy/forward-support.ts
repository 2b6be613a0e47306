/** Helpers of the forward-run tests: a StrategyRuns over a real paper desk on a manual clock. */
import { expect } from 'vitest';
import { ContextService } from '../../src/app/context-service.js';
import { ConsentKeeper } from '../../src/app/live-consent.js';
import { StrategyRuns } from '../../src/app/strategy-runs.js';
import { silentLogger } from '../../src/log.js';
import type { StrategyRunJournal } from '../../src/ports/strategy-run-journal.js';
import { MemoryConsentJournal } from '../support/memory-consent-journal.js';
import type { PaperDeskHarness } from '../support/paper-desk.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;

export type Desk = PaperDeskHarness['desk']['trading'];

/** Buys once at the first hourly close; only its protection (or `extra`) can sell it. */
export function guarded(protection: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    type: 'signal',
    name: 'guarded',
    symbols: ['BTCUSD'],
    interval: '1h',
    entry: { every: 1_000 },
    exit: { barsSinceEntry: { atLeast: 1_000 } },
    sizing: { kind: 'fixed_quote', amount: '100' },
    protection,
    ...extra,
  };
}

export function runsOver(h: PaperDeskHarness, journal: StrategyRunJournal, desk: Desk = h.desk.trading, driver = 'a') {
  return new StrategyRuns({
    desks: { paper: desk },
    market: new ContextService(h.marketData, h.desk.broker),
    trades: h.marketData,
    clock: h.clock,
    journal,
    live: {
      requiresConfirmation: true,
      consent: new ConsentKeeper({ journal: new MemoryConsentJournal(), clock: h.clock, logger: silentLogger() }),
    },
    logger: silentLogger(),
    driver,
    staleMs: 0,
  });
}

/** The strategies' orders, in the order they were placed. */
export async function orders(h: PaperDeskHarness) {
  const all = await h.store.listOrders({ mode: 'paper', limit: 1000 });
  return all
    .filter((o) => o.origin.startsWith('strategy:'))
    .sort((a, b) => a.createdAt - b.createdAt || Number(a.orderId) - Number(b.orderId));
}

/** Starts a run of `doc` (by default a 0.3% stop-loss) and lets the first hourly bar close: its MARKET entry fills. */
export async function entered(
  h: PaperDeskHarness,
  runs: StrategyRuns,
  cleanups: (() => Promise<void>)[],
  doc: Record<string, unknown> = guarded({ stopLoss: { percent: 0.3 } }),
) {
  cleanups.push(() => runs.close());
  h.clock.set(Math.ceil(h.clock.now() / HOUR) * HOUR + 5 * MIN);
  const view = await runs.start({ strategy: { document: doc }, mode: 'paper', origin: 'test' });
  const barEnd = Math.ceil(h.clock.now() / HOUR) * HOUR;
  await h.advance(barEnd + 1_000 - h.clock.now());
  await runs.tick();
  const [buy] = await orders(h);
  expect(buy).toMatchObject({ side: 'BUY', status: 'FILLED' });
  const avg = Number(buy!.cummulativeQuoteQty) / Number(buy!.executedQty);
  return { view, buy: buy!, avg, stop: avg * (1 - 0.003), nextClose: barEnd + HOUR };
}
