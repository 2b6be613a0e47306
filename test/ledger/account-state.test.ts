import { describe, expect, it } from 'vitest';
import { buildAccountState } from '../../src/ledger/account-state.js';
import { AverageCostLedger } from '../../src/ledger/average-cost-ledger.js';
import { MapPriceBook } from '../../src/ledger/usd-valuation.js';
import type { Fill } from '../../src/model/fill.js';

function buy(qty: string, price: string, quoteQty: string): Fill {
  return {
    tradeId: '1',
    orderId: '1',
    clientOrderId: 'c',
    symbol: 'BTCUSD',
    side: 'BUY',
    price,
    qty,
    quoteQty,
    commission: '0',
    commissionAsset: 'BTC',
    isMaker: false,
    time: 0,
  };
}

describe('buildAccountState', () => {
  it('buildAccountState when holding USD, BTC bought at 50000 and USDT without a USD market then values and explains each', () => {
    const ledger = new AverageCostLedger();
    ledger.openingBalance('USDT', '500', new MapPriceBook());
    ledger.applyFill(buy('0.1', '50000', '5000'), { baseAsset: 'BTC', quoteAsset: 'USD' }, new MapPriceBook());
    const prices = new MapPriceBook({ BTCUSD: '60000' });
    const state = buildAccountState({
      mode: 'paper',
      balances: [
        { asset: 'USD', free: '4000', locked: '1000' },
        { asset: 'BTC', free: '0.1', locked: '0' },
        { asset: 'USDT', free: '500', locked: '0' },
      ],
      holdings: ledger.holdings(),
      prices,
      dayStartEquityUsd: '11000',
    });
    expect(state.portfolioValueUsd).toBe('11500');
    expect(state.dailyPnlUsd).toBe('500');
    expect(state.unrealizedPnlUsd).toBe('1000');
    expect(state.realizedPnlUsd).toBe('0');
    expect(state.balances[0]).toEqual({ asset: 'USD', free: '4000', locked: '1000', total: '5000' });
    expect(state.positions).toEqual([
      {
        asset: 'BTC',
        quantity: '0.1',
        averageCost: '50000',
        costBasisUsd: '5000',
        marketPrice: '60000',
        marketValueUsd: '6000',
        unrealizedPnlUsd: '1000',
        realizedPnlUsd: '0',
        valuation: 'BTC valued at the BTCUSD last price',
      },
      {
        asset: 'USDT',
        quantity: '500',
        averageCost: '1',
        costBasisUsd: '500',
        marketPrice: '1',
        marketValueUsd: '500',
        unrealizedPnlUsd: '0',
        realizedPnlUsd: '0',
        valuation: 'USDT valued 1:1 (no USDTUSD price)',
      },
    ]);
    expect(state.valuationNotes).toEqual(['BTC valued at the BTCUSD last price', 'USDT valued 1:1 (no USDTUSD price)']);
  });

  it('buildAccountState when an asset has no USD route then it adds nothing to the value and a note says so', () => {
    const state = buildAccountState({
      mode: 'live',
      balances: [
        { asset: 'USD', free: '10', locked: '0' },
        { asset: 'XYZ', free: '3', locked: '0' },
      ],
      holdings: [],
      prices: new MapPriceBook(),
      dayStartEquityUsd: null,
    });
    expect(state.portfolioValueUsd).toBe('10');
    expect(state.dailyPnlUsd).toBe('0');
    expect(state.valuationNotes).toContain('XYZ not valued (no XYZUSD or XYZ-stablecoin price)');
    expect(state.valuationNotes.some((n) => n.includes('the ledger holds 0 XYZ but the balance is 3'))).toBe(true);
  });

  it('buildAccountState when a position was closed with a profit then it is still listed with its realized P&L', () => {
    const ledger = new AverageCostLedger();
    const m = { baseAsset: 'BTC', quoteAsset: 'USD' };
    ledger.applyFill(buy('1', '100', '100'), m, new MapPriceBook());
    ledger.applyFill({ ...buy('1', '130', '130'), side: 'SELL', commissionAsset: 'USD' }, m, new MapPriceBook());
    const state = buildAccountState({
      mode: 'paper',
      balances: [{ asset: 'USD', free: '130', locked: '0' }],
      holdings: ledger.holdings(),
      prices: new MapPriceBook({ BTCUSD: '130' }),
    });
    expect(state.positions).toHaveLength(1);
    expect(state.positions[0]).toMatchObject({
      asset: 'BTC',
      quantity: '0',
      averageCost: '0',
      realizedPnlUsd: '30',
      unrealizedPnlUsd: '0',
    });
    expect(state.realizedPnlUsd).toBe('30');
  });
});
