/**
 * SimulatedBroker.placeOrderNow (the backtest's synchronous place over instant views, with the
 * average price computed only when the filters need it) gives what the awaited placeOrder gives over
 * the same market: the same orders, fills, refusals and balances. Without instant views it does nothing.
 */
import { describe, expect, it, vi } from 'vitest';
import { InstantCachedMarketData } from '../../src/backtest/broker-market.js';
import { openBacktestMarket } from '../../src/backtest/market.js';
import { SimulatedBroker } from '../../src/exchanges/simulator/simulated-broker.js';
import type { TapeMarketData } from '../../src/exchanges/synthetic/tape-market-data.js';
import type { OrderRequest } from '../../src/model/order.js';
import { T0, wavyBars, writeCsv } from './support.js';

const MINUTE = 60_000;
let replayFile: string | undefined;

function side(spec: string, instant: boolean) {
  const market = openBacktestMarket(spec, ['BTCUSDT']);
  market.clock.set(T0 + 600 * MINUTE);
  const tape = market.marketData as TapeMarketData;
  const averages = vi.spyOn(tape, 'averagePriceNow');
  const cached = new InstantCachedMarketData(tape);
  const broker = new SimulatedBroker({
    marketData: cached,
    unitBooks: cached,
    ...(instant ? { instantViews: cached } : {}),
    clock: market.clock,
    balances: [{ asset: 'USDT', free: '10000', locked: '0' }],
    bookDepth: 50,
    idPrefix: 'bt',
  });
  return { market, broker, averages };
}

const orders: Omit<OrderRequest, 'clientOrderId'>[] = [
  { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '2500.12345678' },
  { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.01' },
  // Below the notional minimum whatever the average: refused.
  { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.00001' },
  // Far below the average: outside PERCENT_PRICE's band.
  { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '1000', quantity: '0.5' },
  { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.02' },
  // More than is held.
  { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '5' },
  { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '100' },
];

describe('SimulatedBroker.placeOrderNow', () => {
  for (const [name, spec] of [
    [
      'a replay (the average price bounded by the candles, computed only when needed)',
      () => `replay:${(replayFile ??= writeCsv(wavyBars(3000), T0, MINUTE))}`,
    ],
    ['a synthetic market (no bounds: the average computed for each order that reads it)', () => 'synthetic:7'],
  ] as const)
    it(`places as placeOrder does, without a wait: ${name}`, async () => {
      const now = side(spec(), true);
      const awaited = side(spec(), false);
      try {
        for (const [k, o] of orders.entries()) {
          const request = { ...o, clientOrderId: `c${k}` } as OrderRequest;
          const outcome = async (f: () => unknown) => {
            try {
              return { ok: await f() };
            } catch (error) {
              return { error: (error as Error).message };
            }
          };
          const a = await outcome(() => now.broker.placeOrderNow(request));
          const b = await outcome(() => awaited.broker.placeOrder(request));
          expect(a).toEqual(b);
          expect(await now.broker.balances()).toEqual(await awaited.broker.balances());
          now.market.clock.advance(61_000);
          awaited.market.clock.advance(61_000);
        }
        // The refusals and fills above were real ones.
        expect(JSON.stringify(await now.broker.fills())).toContain('BTCUSDT');
        expect(awaited.broker.placeOrderNow({ ...orders[0]!, clientOrderId: 'x' } as OrderRequest)).toBeUndefined();
        // Five orders read the average (four sells by quantity and the limit): the awaited road computed it for each.
        expect(awaited.averages).toHaveBeenCalledTimes(5);
        if (spec().startsWith('replay:')) expect(now.averages.mock.calls.length).toBeLessThan(5);
      } finally {
        await now.market.close();
        await awaited.market.close();
      }
    });
});
