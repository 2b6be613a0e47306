import { SimulatedBroker } from '../../src/exchanges/simulator/simulated-broker.js';
import type { Balance } from '../../src/model/balance.js';
import { runCancelReplaceContract } from '../contract/cancel-replace.contract.js';
import { runOrderListContract } from '../contract/order-list.contract.js';
import { btcUsd, ethUsd } from './fixtures.js';
import { ladder, ManualClock, ScriptedMarketData } from './scripted-market-data.js';

const START: Balance[] = [{ asset: 'USD', free: '10000', locked: '0' }];

runOrderListContract('SimulatedBroker on scripted market data', async () => {
  const clock = new ManualClock();
  const marketData = new ScriptedMarketData(clock, [btcUsd(), ethUsd()]);
  const btc = ladder(30000, 0.5, '0.5');
  marketData.setBook('BTCUSD', btc.bids, btc.asks);
  marketData.setLastPrice('BTCUSD', '30000.25');
  const broker = new SimulatedBroker({ marketData, clock, balances: START });
  return {
    broker,
    marketData,
    symbol: 'BTCUSD',
    startingBalances: START,
    tradeAt: async (symbol, price) => {
      marketData.trade(symbol, price, '1000');
      await broker.idle();
    },
    cleanup: () => broker.close(),
  };
});

runCancelReplaceContract('SimulatedBroker on scripted market data', async () => {
  const clock = new ManualClock();
  const marketData = new ScriptedMarketData(clock, [btcUsd(), ethUsd()]);
  const btc = ladder(30000, 0.5, '0.5');
  marketData.setBook('BTCUSD', btc.bids, btc.asks);
  marketData.setLastPrice('BTCUSD', '30000.25');
  const broker = new SimulatedBroker({ marketData, clock, balances: START });
  return {
    broker,
    marketData,
    symbol: 'BTCUSD',
    startingBalances: START,
    tradeAt: async (symbol, price) => {
      marketData.trade(symbol, price, '1000');
      await broker.idle();
    },
    cleanup: () => broker.close(),
  };
});
