import { AccountService } from '../app/account-service.js';
import { OrderPricer } from '../app/order-pricer.js';
import { RiskGuard } from '../app/risk-guard.js';
import { TradingService, type TradingServiceDeps } from '../app/trading-service.js';
import type { RiskLimits } from '../risk/limits.js';
import type { Broker } from '../ports/broker.js';
import type { Store } from '../ports/store.js';

export interface Desk {
  trading: TradingService;
  risk: RiskGuard;
  accounts: AccountService;
  broker: Broker;
}

export interface DeskParts extends Pick<
  TradingServiceDeps,
  'mode' | 'broker' | 'marketData' | 'lists' | 'clock' | 'logger'
> {
  /** The whole journal: each service below takes the part it needs. */
  store: Store;
  limits: RiskLimits;
  /** Fills journaled since this time make up the positions' history. */
  ledgerSince: number;
  syncExternalChanges?: (desk: Pick<Desk, 'accounts'>) => Promise<void>;
}

/** One account's application services over a broker: identical for paper and live. */
export async function assembleDesk(deps: DeskParts): Promise<Desk> {
  const { mode, broker, marketData, store, lists, clock, logger, limits } = deps;
  const accounts = new AccountService(mode, broker, store, marketData, clock);
  await accounts.load(deps.ledgerSince);
  const risk = new RiskGuard(mode, limits, store, accounts, clock, logger);
  const pricer = new OrderPricer(marketData, broker, (asset) => accounts.usdPrice(asset));
  const sync = deps.syncExternalChanges;
  const trading = new TradingService({
    mode,
    broker,
    marketData,
    store,
    lists,
    clock,
    logger,
    risk,
    pricer,
    accounts,
    ...(sync ? { syncExternalChanges: () => sync({ accounts }) } : {}),
  });
  // Lists sent without an answer, and brackets whose fills lack their OCO, are settled before any call.
  await trading.recover();
  return { trading, risk, accounts, broker };
}
