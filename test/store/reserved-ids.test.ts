/**
 * The simulated exchange on numbers reserved from a sequence: the whole broker contract with the
 * smallest block (every step must reserve first), and prints that arrive while the sequence has not
 * answered are queued, then matched, never dropped or matched without numbers.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedBroker } from '../../src/exchanges/simulator/simulated-broker.js';
import { ReservedIds } from '../../src/exchanges/simulator/venue-ids.js';
import type { Balance } from '../../src/model/balance.js';
import type { OrderUpdate } from '../../src/ports/broker.js';
import type { IdSequence } from '../../src/ports/id-sequence.js';
import { runBrokerContract } from '../contract/broker.contract.js';
import { btcUsd, ethUsd } from '../simulator/fixtures.js';
import { ladder, ManualClock, ScriptedMarketData } from '../simulator/scripted-market-data.js';

const START: Balance[] = [{ asset: 'USD', free: '100000', locked: '0' }];

/** Counters in memory; while `hold` is set, reservations wait until it is released. */
class HeldSequence implements IdSequence {
  private readonly counters = new Map<string, number>();
  hold: Promise<void> | undefined;
  handedOut: number[] = [];

  async reserve(name: string, count: number): Promise<number> {
    if (this.hold) await this.hold;
    const first = (this.counters.get(name) ?? 0) + 1;
    this.counters.set(name, first + count - 1);
    return first;
  }
}

function setup(block: number) {
  const clock = new ManualClock();
  const marketData = new ScriptedMarketData(clock, [btcUsd(), ethUsd()]);
  const btc = ladder(30000, 0.5, '0.5');
  marketData.setBook('BTCUSD', btc.bids, btc.asks);
  marketData.setLastPrice('BTCUSD', '30000.25');
  const eth = ladder(2000, 0.01, '2');
  marketData.setBook('ETHUSD', eth.bids, eth.asks);
  marketData.setLastPrice('ETHUSD', '2000.01');
  const sequence = new HeldSequence();
  const ids = new ReservedIds(sequence, { orderCounter: 'o', tradeCounter: 't', block });
  const broker = new SimulatedBroker({ marketData, clock, balances: START, ids });
  return { marketData, broker, sequence, ids };
}

runBrokerContract('SimulatedBroker on ids reserved one at a time', async () => {
  const { marketData, broker } = setup(1);
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

describe('ReservedIds in the simulated broker', () => {
  it('a market order walking many levels then takes one reserved trade number per fill, all distinct', async () => {
    const { broker } = setup(1);
    const { order, fills } = await broker.placeOrder({
      clientOrderId: 'walk',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quantity: '3',
    });
    expect(order.status).toBe('FILLED');
    expect(fills.length).toBe(6);
    expect(new Set(fills.map((f) => f.tradeId)).size).toBe(6);
    await broker.close();
  });

  it('prints arriving while the sequence has not answered then are queued and fill every resting order once, in order', async () => {
    const { marketData, broker, sequence, ids } = setup(1);
    for (let i = 0; i < 5; i += 1) {
      await broker.placeOrder({
        clientOrderId: `rest-${i}`,
        symbol: 'BTCUSD',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.1',
        price: '29990',
      });
    }
    const updates: OrderUpdate[] = [];
    broker.onOrderUpdate((u) => updates.push(u));
    await new Promise((resolve) => setImmediate(resolve));
    // Spend the trade numbers at hand, and keep the sequence from answering: the next prints must wait.
    while (ids.has(0, 1)) ids.nextTradeNumber();
    let release!: () => void;
    sequence.hold = new Promise((resolve) => (release = resolve));
    marketData.trade('BTCUSD', '29980', '0.25');
    marketData.trade('BTCUSD', '29980', '10');
    expect(updates).toEqual([]);
    release();
    sequence.hold = undefined;
    await broker.idle();
    const fills = updates.flatMap((u) => u.fills);
    expect(fills.map((f) => [f.clientOrderId, f.qty])).toEqual([
      ['rest-0', '0.1'],
      ['rest-1', '0.1'],
      ['rest-2', '0.05'],
      ['rest-2', '0.05'],
      ['rest-3', '0.1'],
      ['rest-4', '0.1'],
    ]);
    expect(new Set(fills.map((f) => f.tradeId)).size).toBe(fills.length);
    expect((await broker.openOrders()).length).toBe(0);
    await broker.close();
  });
});
