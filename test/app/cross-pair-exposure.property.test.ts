/**
 * Random order sequences on cross pairs through the real trading service (synthetic market on a
 * held clock, the simulated broker): whatever the model sends, no asset's position (open orders
 * counted as filled) ever exceeds MAX_POSITION_SIZE_USD and the total never exceeds MAX_TOTAL_EXPOSURE_USD.
 * The oracle measures the account itself, from balances, open orders and last prices.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Big } from '../../src/model/money.js';
import { paperDesk, type PaperDeskHarness } from '../support/paper-desk.js';

const MARKETS = {
  BTCUSD: ['BTC', 'USD'],
  ETHUSD: ['ETH', 'USD'],
  ETHBTC: ['ETH', 'BTC'],
  BTCUSDT: ['BTC', 'USDT'],
} as const;
type Symbol = keyof typeof MARKETS;
const CASH = new Set(['USD', 'USDT']);

const orderArb = fc.record({
  symbol: fc.constantFrom<Symbol>('BTCUSD', 'ETHUSD', 'ETHBTC', 'ETHBTC', 'BTCUSDT'),
  side: fc.constantFrom('BUY' as const, 'SELL' as const),
  usd: fc.integer({ min: 20, max: 1500 }),
  kind: fc.constantFrom('MARKET', 'MARKET', 'RESTING'),
});

/** USD per unit from last prices, as an independent oracle values the account. */
async function usdPrices(h: PaperDeskHarness): Promise<Record<string, Big>> {
  const last = Object.fromEntries(
    (await h.marketData.prices(['BTCUSD', 'ETHUSD', 'USDTUSD'])).map((p) => [p.symbol, new Big(p.price)]),
  );
  return { BTC: last.BTCUSD!, ETH: last.ETHUSD!, USD: new Big(1), USDT: last.USDTUSD! };
}

async function measure(h: PaperDeskHarness, usd: Record<string, Big>) {
  const held = new Map<string, Big>();
  for (const b of await h.desk.broker.balances()) held.set(b.asset, new Big(b.free).plus(b.locked));
  const incoming = new Map<string, Big>();
  let total = new Big(0);
  for (const [asset, quantity] of held) if (!CASH.has(asset)) total = total.plus(quantity.times(usd[asset]!));
  for (const order of await h.desk.broker.openOrders()) {
    const [base, quote] = MARKETS[order.symbol as Symbol];
    const remaining = new Big(order.origQty).minus(order.executedQty);
    const [inAsset, inQty, outAsset, outQty] =
      order.side === 'BUY'
        ? [base, remaining, quote, remaining.times(order.price!)]
        : [quote, remaining.times(order.price!), base, remaining];
    incoming.set(inAsset, (incoming.get(inAsset) ?? new Big(0)).plus(inQty));
    const value = (asset: string, q: Big) => (CASH.has(asset) ? new Big(0) : q.times(usd[asset]!));
    const delta = value(inAsset, inQty).minus(value(outAsset, outQty));
    if (delta.gt(0)) total = total.plus(delta);
  }
  const positions: Record<string, Big> = {};
  for (const asset of ['BTC', 'ETH'])
    positions[asset] = (held.get(asset) ?? new Big(0)).plus(incoming.get(asset) ?? 0).times(usd[asset]!);
  return { positions, total };
}

describe('exposure limits over random order sequences on cross pairs', () => {
  it('when random MARKET and resting orders on BTCUSD, ETHUSD, ETHBTC and BTCUSDT are sent then no position exceeds MAX_POSITION_SIZE_USD and the total never exceeds MAX_TOTAL_EXPOSURE_USD', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1000, max: 4000 }),
        fc.integer({ min: 2000, max: 6000 }),
        fc.array(orderArb, { minLength: 1, maxLength: 14 }),
        async (maxPosition, maxTotal, orders) => {
          const h = await paperDesk({
            limits: { maxPositionSizeUsd: String(maxPosition), maxTotalExposureUsd: String(maxTotal) },
            balances: 'USD:8000,USDT:2000,ETH:0.2,BTC:0.005',
          });
          try {
            const usd = await usdPrices(h);
            const last = Object.fromEntries(
              (await h.marketData.prices(Object.keys(MARKETS))).map((p) => [p.symbol, new Big(p.price)]),
            );
            let denied = 0;
            for (const [i, o] of orders.entries()) {
              const [base] = MARKETS[o.symbol];
              const quantity = new Big(o.usd)
                .div(usd[base]!)
                .toFixed(o.symbol === 'BTCUSD' || o.symbol === 'BTCUSDT' ? 5 : 4);
              // Resting: 3 % away from the market on the side where it does not trade.
              const away = o.side === 'BUY' ? '0.97' : '1.03';
              const price = last[o.symbol]!.times(away).toFixed(o.symbol === 'ETHBTC' ? 5 : 2);
              const outcome = await h.desk.trading.placeOrder({
                symbol: o.symbol,
                side: o.side,
                quantity,
                origin: 'property',
                actionId: `p${i}`,
                ...(o.kind === 'MARKET' ? { orderType: 'MARKET' } : { orderType: 'LIMIT', price }),
              });
              if (outcome.status === 'denied') denied++;
              const { positions, total } = await measure(h, usd);
              for (const [asset, value] of Object.entries(positions)) {
                expect(
                  value.lte(maxPosition),
                  `${asset} worth ${value.toFixed(2)} > ${maxPosition} after ${JSON.stringify(o)}`,
                ).toBe(true);
              }
              expect(total.lte(maxTotal), `total ${total.toFixed(2)} > ${maxTotal} after ${JSON.stringify(o)}`).toBe(
                true,
              );
            }
            return denied >= 0;
          } finally {
            await h.close();
          }
        },
      ),
      { numRuns: 20 },
    );
  }, 240_000);
});
