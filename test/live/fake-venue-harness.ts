/**
 * A BrokerHarness for the contract suites: BinanceUsBroker talking signed REST and the user-data
 * websocket to the fake Binance.US, whose venue is a SimulatedBroker over scripted market data on
 * the wall clock, so the harness can print a trade that moves resting orders into fills.
 */
import { SystemClock } from '../../src/clock/system-clock.js';
import { createBinanceUs } from '../../src/exchanges/binance-us/index.js';
import { SimulatedBroker } from '../../src/exchanges/simulator/simulated-broker.js';
import { startFakeExchange } from '../../src/fake-exchange/server.js';
import type { Balance } from '../../src/model/balance.js';
import type { BrokerHarness } from '../contract/broker.contract.js';
import { btcUsd, ethUsd } from '../simulator/fixtures.js';
import { ladder, ScriptedMarketData } from '../simulator/scripted-market-data.js';

const START: Balance[] = [{ asset: 'USD', free: '10000', locked: '0' }];

export async function liveBrokerOverTheFake(): Promise<BrokerHarness> {
  const clock = new SystemClock();
  const venueMarket = new ScriptedMarketData(clock, [btcUsd(), ethUsd()]);
  const btc = ladder(30000, 0.5, '0.5');
  venueMarket.setBook('BTCUSD', btc.bids, btc.asks);
  venueMarket.setLastPrice('BTCUSD', '30000.25');
  const venue = new SimulatedBroker({ marketData: venueMarket, clock, balances: START });
  const fake = await startFakeExchange({ broker: venue, marketData: venueMarket, clock });
  const live = createBinanceUs({
    baseUrl: fake.url,
    streamUrl: fake.wsUrl,
    clock,
    credentials: { apiKey: fake.apiKey, apiSecret: fake.apiSecret },
    recvWindow: 1000,
    timeoutMs: 2000,
  });
  return {
    broker: live.broker!,
    marketData: live.marketData,
    symbol: 'BTCUSD',
    startingBalances: START,
    tradeAt: async (symbol, price) => {
      venueMarket.trade(symbol, price, '1000');
      await venue.idle();
    },
    cleanup: async () => {
      await live.close();
      await fake.close();
      await venue.close();
    },
  };
}
