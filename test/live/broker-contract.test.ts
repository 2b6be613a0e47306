/**
 * The Broker contract suite against BinanceUsBroker, talking signed REST and the user-data
 * websocket to the fake Binance.US. The fake's venue is a SimulatedBroker over scripted market
 * data on the wall clock, so the harness can print a trade that moves resting orders into fills.
 */
import { beforeEach } from 'vitest';
import { SystemClock } from '../../src/clock/system-clock.js';
import { createBinanceUs } from '../../src/exchanges/binance-us/index.js';
import { SimulatedBroker } from '../../src/exchanges/simulator/simulated-broker.js';
import { startFakeExchange } from '../../src/fake-exchange/server.js';
import type { Balance } from '../../src/model/balance.js';
import { runBrokerContract } from '../contract/broker.contract.js';
import { btcUsd, ethUsd } from '../simulator/fixtures.js';
import { ladder, ScriptedMarketData } from '../simulator/scripted-market-data.js';

/**
 * Contract tests this adapter does not pass by design, each with the gap it names. The issue asks
 * the live adapter to round quantities and prices to the symbol's filters before sending, so an
 * off-step quantity is floored to the LOT_SIZE grid and placed, where the venue (and the simulated
 * broker) refuses it with -1013. Through the app the difference never shows: TradingService rounds
 * first and reports the adjustment.
 */
const GAPS: Record<string, string> = {
  'placeOrder with a quantity off the LOT_SIZE step then rejects -1013 Filter failure: LOT_SIZE':
    'gap: BinanceUsBroker rounds quantities to the LOT_SIZE step before sending (issue 4: "rounded to the filters before sending"), so it never sends an off-step quantity for the venue to reject',
};

beforeEach((context) => {
  const gap = GAPS[context.task.name];
  if (gap) context.skip(gap);
});

const START: Balance[] = [{ asset: 'USD', free: '10000', locked: '0' }];

runBrokerContract('BinanceUsBroker over REST and websocket against the fake Binance.US', async () => {
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
});
