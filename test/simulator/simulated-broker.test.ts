import { describe, expect, it } from 'vitest';
import type { Balance } from '../../src/model/balance.js';
import type { OrderUpdate } from '../../src/ports/broker.js';
import { SimulatedBroker } from '../../src/exchanges/simulator/simulated-broker.js';
import { runBrokerContract } from '../contract/broker.contract.js';
import { btcUsd, ethUsd } from './fixtures.js';
import { ladder, ManualClock, ScriptedMarketData } from './scripted-market-data.js';

const START: Balance[] = [{ asset: 'USD', free: '10000', locked: '0' }];

function setup(balances: Balance[] = START) {
  const clock = new ManualClock();
  const marketData = new ScriptedMarketData(clock, [btcUsd(), ethUsd()]);
  const btc = ladder(30000, 0.5, '0.5');
  marketData.setBook('BTCUSD', btc.bids, btc.asks);
  marketData.setLastPrice('BTCUSD', '30000.25');
  const eth = ladder(2000, 0.01, '2');
  marketData.setBook('ETHUSD', eth.bids, eth.asks);
  marketData.setLastPrice('ETHUSD', '2000.01');
  const broker = new SimulatedBroker({ marketData, clock, balances });
  return { clock, marketData, broker };
}

runBrokerContract('SimulatedBroker on scripted market data', async () => {
  const { marketData, broker } = setup();
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

describe('SimulatedBroker', () => {
  it('watches trades only for symbols with open orders', async () => {
    const { marketData, broker } = setup();
    expect(marketData.subscriberCount('BTCUSD')).toBe(0);
    const { order } = await broker.placeOrder({
      clientOrderId: 'a',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '29000',
    });
    expect(marketData.subscriberCount('BTCUSD')).toBe(1);
    await broker.cancelOrder('BTCUSD', { orderId: order.orderId });
    expect(marketData.subscriberCount('BTCUSD')).toBe(0);
  });

  it('a STOP_LOSS_LIMIT SELL when a trade crosses its stop then triggers, fetches the book and fills as taker, reporting both', async () => {
    const { marketData, broker } = setup([
      { asset: 'USD', free: '0', locked: '0' },
      { asset: 'BTC', free: '1', locked: '0' },
    ]);
    const updates: OrderUpdate[] = [];
    broker.onOrderUpdate((u) => updates.push(u));
    const { order } = await broker.placeOrder({
      clientOrderId: 's',
      symbol: 'BTCUSD',
      side: 'SELL',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      quantity: '0.8',
      price: '29999.00',
      stopPrice: '29999.50',
    });
    marketData.trade('BTCUSD', '29999.50', '0.01');
    await broker.idle();
    expect(updates.map((u) => [u.order.status, u.order.triggered, u.fills.length])).toEqual([
      ['NEW', true, 0],
      ['FILLED', true, 2],
    ]);
    expect(updates[1].fills.map((f) => [f.price, f.qty])).toEqual([
      ['30000', '0.5'],
      ['29999.5', '0.3'],
    ]);
    expect((await broker.getOrder('BTCUSD', { orderId: order.orderId }))?.status).toBe('FILLED');
    expect(marketData.subscriberCount('BTCUSD')).toBe(0);
  });

  it('restore rebuilds open orders and locks from stored totals, and resting orders keep filling', async () => {
    const first = setup();
    const { order } = await first.broker.placeOrder({
      clientOrderId: 'r',
      symbol: 'ETHUSD',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '1',
      price: '1990',
    });
    const stored = await first.broker.balances();
    await first.broker.close();

    const second = setup([]);
    await second.broker.restore({ balances: stored, openOrders: [order] });
    expect(await second.broker.balances()).toEqual([{ asset: 'USD', free: '8010', locked: '1990' }]);
    second.marketData.trade('ETHUSD', '1989.99', '5');
    expect((await second.broker.getOrder('ETHUSD', { clientOrderId: 'r' }))?.status).toBe('FILLED');
    // maker fee 0.04 % of 1 ETH
    expect(await second.broker.balances()).toEqual([
      { asset: 'ETH', free: '0.9996', locked: '0' },
      { asset: 'USD', free: '8010', locked: '0' },
    ]);
  });

  it('reset then cancels open orders, reports them, and replaces the balances', async () => {
    const { broker, marketData } = setup();
    const updates: OrderUpdate[] = [];
    broker.onOrderUpdate((u) => updates.push(u));
    await broker.placeOrder({
      clientOrderId: 'x',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '29000',
    });
    broker.reset([{ asset: 'USD', free: '2500', locked: '0' }]);
    expect(updates.map((u) => u.order.status)).toEqual(['CANCELED']);
    expect(await broker.balances()).toEqual([{ asset: 'USD', free: '2500', locked: '0' }]);
    expect(marketData.subscriberCount('BTCUSD')).toBe(0);
  });

  it('placeOrder on an unknown symbol then rejects -1121', async () => {
    const { broker } = setup();
    await expect(
      broker.placeOrder({ clientOrderId: 'u', symbol: 'NOPEUSD', side: 'BUY', type: 'MARKET', quantity: '1' }),
    ).rejects.toMatchObject({ code: -1121 });
  });

  it('tradingFees without symbols then lists every market with its schedule or override', async () => {
    const clock = new ManualClock();
    const marketData = new ScriptedMarketData(clock, [btcUsd(), ethUsd()]);
    const broker = new SimulatedBroker({
      marketData,
      clock,
      balances: START,
      feeOverrides: { ETHUSD: { maker: '0', taker: '0.002' } },
    });
    expect(await broker.tradingFees()).toEqual([
      { symbol: 'BTCUSD', maker: '0.001', taker: '0.001' },
      { symbol: 'ETHUSD', maker: '0', taker: '0.002' },
    ]);
  });
});
