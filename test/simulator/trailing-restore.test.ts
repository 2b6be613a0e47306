/**
 * The simulated venue's side of keeping a trailing stop across a restart: it reports each time
 * tracking begins or the extreme moves (recordTrails), and a venue restored with that state trails
 * on from it. The recorder keeps at most one write in flight and never loses the newest move.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedBroker } from '../../src/exchanges/simulator/simulated-broker.js';
import { TrailRecorder } from '../../src/exchanges/simulator/trail-recorder.js';
import type { Balance } from '../../src/model/balance.js';
import type { Order, OrderRequest, OrderTrail } from '../../src/model/order.js';
import { btcUsd } from './fixtures.js';
import { ladder, ManualClock, ScriptedMarketData } from './scripted-market-data.js';

const START: Balance[] = [
  { asset: 'USD', free: '100000', locked: '0' },
  { asset: 'BTC', free: '1', locked: '0' },
];

function venue() {
  const clock = new ManualClock();
  const marketData = new ScriptedMarketData(clock, [btcUsd()]);
  const book = ladder(60000, 0.5, '2');
  marketData.setBook('BTCUSD', book.bids, book.asks);
  marketData.setLastPrice('BTCUSD', '60000');
  const journal = new Map<string, OrderTrail>();
  const writes: OrderTrail[][] = [];
  const open = (balances: Balance[]) =>
    new SimulatedBroker({
      marketData,
      clock,
      balances,
      recordTrails: async (trails) => {
        writes.push(trails);
        for (const t of trails) journal.set(t.clientOrderId, t);
      },
    });
  const print = async (broker: SimulatedBroker, ...prices: string[]) => {
    for (const p of prices) {
      clock.advance(1000);
      marketData.trade('BTCUSD', p, '0.001');
      await broker.idle();
    }
  };
  /** What the journal holds of the open orders: the venue's view plus the trails written. */
  const stored = async (broker: SimulatedBroker): Promise<Order[]> =>
    (await broker.openOrders()).map((o) => ({ ...o, ...journal.get(o.clientOrderId) }));
  return { clock, open, print, stored, journal, writes };
}

const trailing = (side: 'BUY' | 'SELL', over: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: `trail-${side}`,
  symbol: 'BTCUSD',
  side,
  type: 'STOP_LOSS_LIMIT',
  timeInForce: 'GTC',
  quantity: '0.01',
  price: side === 'SELL' ? '59000' : '61000',
  trailingDelta: 100,
  ...over,
});

describe('SimulatedBroker trailing stops across a restart', () => {
  it('a trailing SELL without a stop price then tracking from placement is recorded, then each new high, and a restored venue triggers at 1 % under the high', async () => {
    const v = venue();
    const before = v.open(START);
    const { order } = await before.placeOrder(trailing('SELL'));
    await before.idle();
    expect(v.journal.get('trail-SELL')).toEqual({
      clientOrderId: 'trail-SELL',
      trailingTime: order.createdAt,
      trailingExtreme: '60000',
    });
    await v.print(before, '60500', '60400', '61000', '60800');
    expect(v.writes.flat().map((t) => t.trailingExtreme)).toEqual(['60000', '60500', '61000']);
    const state = { balances: await before.balances(), openOrders: await v.stored(before) };
    await before.close();

    const after = v.open([]);
    await after.restore(state);
    expect(after.engine.trailingTrigger('BTCUSD', { orderId: order.orderId })).toBe('60390');
    await v.print(after, '60391');
    expect((await after.getOrder('BTCUSD', { orderId: order.orderId }))!.triggered).toBe(false);
    await v.print(after, '60390');
    expect((await after.getOrder('BTCUSD', { orderId: order.orderId }))!).toMatchObject({
      triggered: true,
      status: 'FILLED',
    });
    await after.close();
  });

  it('a trailing BUY TAKE_PROFIT_LIMIT activated at its stop price then the low and the activation time are restored', async () => {
    const v = venue();
    const before = v.open(START);
    const request = trailing('BUY', { type: 'TAKE_PROFIT_LIMIT', stopPrice: '59500' });
    const { order } = await before.placeOrder(request);
    await v.print(before, '59800');
    expect(v.journal.has('trail-BUY')).toBe(false);
    await v.print(before, '59500');
    const activatedAt = v.clock.now();
    await v.print(before, '59000', '59200');
    expect(v.journal.get('trail-BUY')).toEqual({
      clientOrderId: 'trail-BUY',
      trailingTime: activatedAt,
      trailingExtreme: '59000',
    });
    const state = { balances: await before.balances(), openOrders: await v.stored(before) };
    await before.close();

    const after = v.open([]);
    await after.restore(state);
    // 59,000 × 1.01 = 59,590: the stop price (59,500) is not the reference any more.
    expect(after.engine.trailingTrigger('BTCUSD', { orderId: order.orderId })).toBe('59590');
    await v.print(after, '58900');
    expect(v.journal.get('trail-BUY')).toMatchObject({ trailingTime: activatedAt, trailingExtreme: '58900' });
    await v.print(after, '59488');
    expect((await after.getOrder('BTCUSD', { orderId: order.orderId }))!.triggered).toBe(false);
    await v.print(after, '59489');
    expect((await after.getOrder('BTCUSD', { orderId: order.orderId }))!.triggered).toBe(true);
    await after.close();
  });
});

describe('TrailRecorder', () => {
  function deferredWrites() {
    const calls: { trails: OrderTrail[]; done: () => void; fail: (e: Error) => void }[] = [];
    const write = (trails: OrderTrail[]) =>
      new Promise<void>((resolve, reject) => calls.push({ trails, done: resolve, fail: reject }));
    return { calls, write };
  }
  const at = (clientOrderId: string, trailingExtreme: string): OrderTrail => ({
    clientOrderId,
    trailingTime: 1,
    trailingExtreme,
  });
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('moves heard while a write is in flight then one write follows with the newest of each order', async () => {
    const { calls, write } = deferredWrites();
    const recorder = new TrailRecorder(write);
    recorder.note(at('a', '100'));
    recorder.note(at('c', '9'));
    await tick();
    expect(calls.map((c) => c.trails)).toEqual([[at('a', '100'), at('c', '9')]]);
    recorder.note(at('a', '101'));
    recorder.note(at('b', '50'));
    recorder.note(at('a', '102'));
    expect(calls).toHaveLength(1);
    calls[0]!.done();
    await tick();
    expect(calls.map((c) => c.trails)).toEqual([
      [at('a', '100'), at('c', '9')],
      [at('a', '102'), at('b', '50')],
    ]);
    calls[1]!.done();
    await recorder.idle();
    expect(calls).toHaveLength(2);
  });

  it('a write that fails then its trails go out again (once at once, then with the next move), unless a newer move of the order replaced them', async () => {
    const { calls, write } = deferredWrites();
    const recorder = new TrailRecorder(write);
    recorder.note(at('a', '100'));
    recorder.note(at('b', '50'));
    await tick();
    calls[0]!.done();
    await tick();
    recorder.note(at('a', '101'));
    recorder.note(at('b', '49'));
    await tick();
    calls[1]!.fail(new Error('database is locked'));
    await tick();
    expect(calls[2]!.trails).toEqual([at('a', '101'), at('b', '49')]);
    recorder.note(at('a', '103'));
    calls[2]!.fail(new Error('database is locked'));
    await recorder.idle();
    expect(calls).toHaveLength(3);
    recorder.note(at('c', '7'));
    await tick();
    expect(calls[3]!.trails).toEqual([at('a', '103'), at('b', '49'), at('c', '7')]);
    calls[3]!.done();
    await recorder.idle();
  });
});
