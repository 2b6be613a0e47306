import { ManualClock } from '../../src/clock/index.js';
import { assembleDesk, type Desk } from '../../src/compose/desk.js';
import { openPaperBroker, paperResetFollower } from '../../src/compose/paper-broker.js';
import { loadConfig } from '../../src/config.js';
import { SyntheticMarketData } from '../../src/exchanges/synthetic/index.js';
import { silentLogger } from '../../src/log.js';
import type { RiskLimits } from '../../src/risk/limits.js';
import type { IdSequence } from '../../src/ports/id-sequence.js';
import type { OrderListJournal } from '../../src/ports/order-list-journal.js';
import type { Store } from '../../src/ports/store.js';
import { openStore } from '../../src/store/index.js';

export const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);

export interface PaperDeskHarness {
  desk: Desk;
  store: Store & OrderListJournal;
  clock: ManualClock;
  marketData: SyntheticMarketData;
  /** Moves the clock and delivers the market's trades (resting orders fill, stops trigger). */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** A real paper desk: synthetic market on a manual clock, the simulated broker, an SQLite journal. */
export async function paperDesk(
  options: {
    limits?: RiskLimits;
    storeUrl?: string;
    balances?: string;
    store?: Store & IdSequence & OrderListJournal;
  } = {},
): Promise<PaperDeskHarness> {
  const clock = new ManualClock(T0);
  const marketData = new SyntheticMarketData(clock, { seed: 7 });
  const store = options.store ?? (await openStore({ url: options.storeUrl ?? 'sqlite::memory:', dataDir: '/tmp' }));
  const config = loadConfig({ PAPER_STARTING_BALANCES: options.balances ?? 'USD:10000', DATA_DIR: '/tmp' });
  const logger = silentLogger();
  const paper = await openPaperBroker(config, marketData, store, clock, logger);
  const syncExternalChanges = paperResetFollower(store, paper.broker, paper.ledgerSince, logger);
  const desk = await assembleDesk({
    mode: 'paper',
    broker: paper.broker,
    marketData,
    store,
    lists: store,
    clock,
    logger,
    limits: options.limits ?? {},
    ledgerSince: paper.ledgerSince,
    syncExternalChanges,
  });
  return {
    desk,
    store,
    clock,
    marketData,
    async advance(ms: number) {
      clock.advance(ms);
      marketData.pump();
      await paper.broker.idle();
      await desk.trading.settled();
    },
    async close() {
      await desk.trading.close();
      await paper.broker.close();
      await marketData.close();
      if (!options.store) await store.close();
    },
  };
}
