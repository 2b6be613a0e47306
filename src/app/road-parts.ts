import type { Mutex } from 'async-mutex';
import type { Logger } from '../log.js';
import type { Fill } from '../model/fill.js';
import type { Order } from '../model/order.js';
import type { TradingMode } from '../model/trading-mode.js';
import type { Broker } from '../ports/broker.js';
import type { Clock } from '../ports/clock.js';
import type { OrderListJournal } from '../ports/order-list-journal.js';
import type { OrderPricer } from './order-pricer.js';
import type { RiskGuard } from './risk-guard.js';
import type { TradingJournal } from './trading-journal.js';

/** What every road beside placeOrder's (order lists, cancel-replace) shares with the trading service: its journal, its venue and its locks. */
export interface RoadParts {
  mode: TradingMode;
  broker: Broker;
  store: TradingJournal;
  lists: OrderListJournal;
  clock: Clock;
  logger: Logger;
  risk: RiskGuard;
  pricer: OrderPricer;
  riskLock: Mutex;
  /** Journals an order the venue reported and its fills (balances and positions follow). */
  journal(order: Order, fills: Fill[]): Promise<void>;
}
