import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Big } from '../../src/model/money.js';
import { paperDesk } from '../support/paper-desk.js';

const SYMBOLS = { BTCUSD: 'BTC', ETHUSD: 'ETH' } as const;

const orderArb = fc.record({
  symbol: fc.constantFrom('BTCUSD', 'ETHUSD'),
  side: fc.constantFrom('BUY', 'BUY', 'SELL'),
  usd: fc.integer({ min: 5, max: 900 }),
});

describe('risk limits under concurrent orders through the real trading service', () => {
  it('when random batches of orders race then no position or trade ever exceeds its limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 100, max: 1500 }),
        fc.integer({ min: 50, max: 600 }),
        fc.array(fc.array(orderArb, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 5 }),
        async (maxPosition, maxTrade, batches) => {
          const h = await paperDesk({
            limits: { maxPositionSizeUsd: String(maxPosition), maxTradeSizeUsd: String(maxTrade) },
          });
          try {
            const last = Object.fromEntries(
              (await h.marketData.prices(Object.keys(SYMBOLS))).map((p) => [p.symbol, p.price]),
            );
            for (const batch of batches) {
              const outcomes = await Promise.all(
                batch.map((o) =>
                  h.desk.trading.placeOrder({
                    symbol: o.symbol,
                    side: o.side as 'BUY' | 'SELL',
                    orderType: 'MARKET',
                    quantity: new Big(o.usd).div(last[o.symbol]!).toFixed(6),
                    origin: 'property',
                  }),
                ),
              );
              for (const outcome of outcomes) {
                if (outcome.status !== 'placed') continue;
                const traded = new Big(outcome.order!.executedQty).times(last[outcome.order!.symbol]!);
                expect(traded.lte(maxTrade)).toBe(true);
              }
              const account = await h.desk.trading.account();
              for (const [symbol, asset] of Object.entries(SYMBOLS)) {
                const held = account.balances.find((b) => b.asset === asset)?.total ?? '0';
                expect(
                  new Big(held).times(last[symbol]!).lte(maxPosition),
                  `${asset} ${held} at ${last[symbol]} vs ${maxPosition}`,
                ).toBe(true);
              }
            }
          } finally {
            await h.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it('when the daily loss limit is reached then concurrent buys are all denied but a sell still passes', async () => {
    const h = await paperDesk({ limits: { maxDailyLossUsd: '1' } });
    try {
      const buy = await h.desk.trading.placeOrder({
        symbol: 'BTCUSD',
        side: 'BUY',
        orderType: 'MARKET',
        quantity: '0.05',
        origin: 'test',
      });
      expect(buy.status).toBe('placed');
      // The taker fee and the spread alone cost more than 1 USD of equity: the breaker trips on the next check.
      const racing = await Promise.all(
        Array.from({ length: 6 }, () =>
          h.desk.trading.placeOrder({
            symbol: 'ETHUSD',
            side: 'BUY',
            orderType: 'MARKET',
            quantity: '0.01',
            origin: 'test',
          }),
        ),
      );
      expect(racing.every((o) => o.status === 'denied' && o.denial?.code === 'DAILY_LOSS_BREAKER_TRIPPED')).toBe(true);
      const held = (await h.desk.trading.account()).balances.find((b) => b.asset === 'BTC')!.free;
      const sell = await h.desk.trading.placeOrder({
        symbol: 'BTCUSD',
        side: 'SELL',
        orderType: 'MARKET',
        quantity: held,
        origin: 'test',
      });
      expect(sell.status).toBe('placed');
      expect((await h.desk.trading.riskStatus()).breaker.tripped).toBe(true);
    } finally {
      await h.close();
    }
  });
});
