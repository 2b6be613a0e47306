import type { Config } from '../config.js';
import { reconcileWithExchange, type BinanceUsBroker } from '../exchanges/binance-us/index.js';
import type { Logger } from '../log.js';
import type { Clock } from '../ports/clock.js';
import type { MarketData } from '../ports/market-data.js';
import type { RiskLimits } from '../risk/limits.js';
import { fencedBroker, type OwnedAccount, type OwnedParts } from '../ownership/index.js';
import { assembleDesk, type Desk } from './desk.js';
import { openPaperBroker, paperResetFollower, startingBalances } from './paper-broker.js';

export interface AccountParts {
  config: Config;
  marketData: MarketData;
  clock: Clock;
  logger: Logger;
  limits: RiskLimits;
}

function owned(desk: Desk, rest: Pick<OwnedAccount, 'resetPaperAccount' | 'close'>): OwnedAccount {
  return {
    placeOrder: (input) => desk.trading.placeOrder(input),
    previewOrder: (input) => desk.trading.previewOrder(input),
    cancelOrder: (input) => desk.trading.cancelOrder(input),
    replaceOrder: (input) => desk.trading.replaceOrder(input),
    placeOco: (input) => desk.trading.placeOco(input),
    placeBracket: (input) => desk.trading.placeBracket(input),
    cancelOrderList: (input) => desk.trading.cancelOrderList(input),
    orderLists: (query) => desk.trading.orderLists(query),
    account: () => desk.trading.account(),
    riskStatus: () => desk.trading.riskStatus(),
    resetBreaker: (actor) => desk.risk.reset(actor),
    observe: async (now) => {
      await desk.risk.observe(now);
    },
    settled: () => desk.trading.settled(),
    ...rest,
  };
}

/**
 * The paper account once this process owns it: the simulated exchange rebuilt from the journal
 * (compose/paper-broker.ts), its desk writing through the journal fenced to this lease.
 */
export async function ownPaperAccount(parts: AccountParts, own: OwnedParts): Promise<OwnedAccount> {
  const { config, marketData, clock, logger, limits } = parts;
  const { broker, ledgerSince } = await openPaperBroker(config, marketData, own.store, clock, logger);
  const followResets = paperResetFollower(own.store, broker, ledgerSince, logger);
  const desk = await assembleDesk({
    mode: 'paper',
    broker: fencedBroker(broker, own.confirmHeld),
    marketData,
    store: own.store,
    lists: own.store,
    clock,
    logger,
    limits,
    ledgerSince,
    syncExternalChanges: followResets,
  });
  return owned(desk, {
    async resetPaperAccount() {
      await own.store.resetPaperAccount(startingBalances(config), clock.now());
      await followResets(desk);
    },
    async close() {
      await broker.close();
      await desk.trading.close();
    },
  });
}

/** The live account once this process owns it: the journal reconciled with Binance.US, then the order road and the user-data stream. */
export async function ownLiveAccount(
  parts: AccountParts,
  broker: BinanceUsBroker,
  own: OwnedParts,
): Promise<OwnedAccount> {
  const { marketData, clock, logger, limits } = parts;
  const startedAt = clock.now();
  const report = await reconcileWithExchange(broker, own.store, { clock, logger });
  logger.info({ report }, 'live journal reconciled with Binance.US');
  const desk = await assembleDesk({
    mode: 'live',
    broker: fencedBroker(broker, own.confirmHeld),
    marketData,
    store: own.store,
    lists: own.store,
    clock,
    logger,
    limits,
    ledgerSince: startedAt,
  });
  return owned(desk, {
    async resetPaperAccount() {
      throw new Error('a paper reset applies to the paper account only');
    },
    close: () => desk.trading.close(),
  });
}
