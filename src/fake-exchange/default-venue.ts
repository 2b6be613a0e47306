import { SimulatedBroker } from '../exchanges/simulator/simulated-broker.js';
import { SyntheticMarketData } from '../exchanges/synthetic/synthetic-market-data.js';
import type { Balance } from '../model/balance.js';
import type { Broker } from '../ports/broker.js';
import type { Clock } from '../ports/clock.js';
import type { MarketData } from '../ports/market-data.js';

export const DEFAULT_STARTING_BALANCES: Balance[] = [{ asset: 'USD', free: '10000', locked: '0' }];
const PUMP_EVERY_MS = 250;

export interface Venue {
  broker: Broker;
  marketData: MarketData;
  close(): Promise<void>;
}

/**
 * What the fake trades on when the caller gives nothing: seeded synthetic prices (trades pumped
 * every 250 ms) and a simulated broker with the paper starting balance. Given market data is
 * used as is and left open on close (its owner closes it).
 */
export async function buildDefaultVenue(
  clock: Clock,
  marketData?: MarketData,
  balances: Balance[] = DEFAULT_STARTING_BALANCES,
): Promise<Venue> {
  let ownMarket: SyntheticMarketData | undefined;
  if (!marketData) {
    ownMarket = new SyntheticMarketData(clock);
    ownMarket.start(PUMP_EVERY_MS);
  }
  const market = marketData ?? ownMarket!;
  const broker = new SimulatedBroker({ marketData: market, clock, balances });
  return {
    broker,
    marketData: market,
    close: async () => {
      await broker.close();
      await ownMarket?.close();
    },
  };
}
