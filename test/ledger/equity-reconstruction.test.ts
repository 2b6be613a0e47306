import { describe, expect, it } from 'vitest';
import { reconstructEquity, valuationSymbols } from '../../src/ledger/equity-reconstruction.js';
import type { Fill } from '../../src/model/fill.js';

const MIN = 60_000;
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % MIN);

function fill(partial: Partial<Fill> & Pick<Fill, 'side' | 'price' | 'qty' | 'quoteQty' | 'time'>): Fill {
  return {
    tradeId: String(partial.time),
    orderId: '1',
    clientOrderId: 'c',
    symbol: 'BTCUSD',
    commission: '0',
    commissionAsset: 'USD',
    isMaker: false,
    ...partial,
  };
}

const pairs = new Map([
  ['BTCUSD', { baseAsset: 'BTC', quoteAsset: 'USD' }],
  ['ETHUSDT', { baseAsset: 'ETH', quoteAsset: 'USDT' }],
]);

describe('reconstructEquity', () => {
  it('reconstructEquity when fills fall in later bars then values each bar with the holdings of its close', () => {
    // Start: 1000 USD. Bar 1: buy 0.01 BTC at 100 (fee 0.0001 BTC). Bar 3: sell 0.005 at 120 (fee 0.06 USD).
    const fills = [
      fill({
        side: 'BUY',
        price: '100',
        qty: '0.01',
        quoteQty: '1',
        commission: '0.0001',
        commissionAsset: 'BTC',
        time: T0 + MIN + 5,
      }),
      fill({
        side: 'SELL',
        price: '120',
        qty: '0.005',
        quoteQty: '0.6',
        commission: '0.06',
        commissionAsset: 'USD',
        time: T0 + 3 * MIN + 7,
      }),
    ];
    const holdingsNow = new Map([
      ['USD', '999.54'],
      ['BTC', '0.0049'],
    ]);
    const closes = new Map([
      [
        'BTCUSD',
        new Map([
          [T0, '90'],
          [T0 + MIN, '110'],
          [T0 + 2 * MIN, '130'],
          [T0 + 3 * MIN, '125'],
        ]),
      ],
    ]);
    const { points, unpriced } = reconstructEquity({
      holdingsNow,
      fills,
      pairs,
      barTimes: [T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN],
      closes,
      interval: '1m',
    });
    expect(unpriced).toEqual([]);
    expect(points).toEqual([
      { time: T0, valueUsd: '1000', exposureUsd: '0' },
      { time: T0 + MIN, valueUsd: '1000.089', exposureUsd: '1.089' }, // 999 USD + 0.0099 BTC x 110
      { time: T0 + 2 * MIN, valueUsd: '1000.287', exposureUsd: '1.287' }, // 999 USD + 0.0099 BTC x 130
      { time: T0 + 3 * MIN, valueUsd: '1000.1525', exposureUsd: '0.6125' }, // 999.54 USD + 0.0049 BTC x 125
    ]);
  });

  it('reconstructEquity when a bar has no candle for a symbol then keeps its previous close', () => {
    const { points } = reconstructEquity({
      holdingsNow: new Map([['BTC', '1']]),
      fills: [],
      pairs,
      barTimes: [T0, T0 + MIN],
      interval: '1m',
      closes: new Map([['BTCUSD', new Map([[T0, '50']])]]),
    });
    expect(points.map((p) => p.valueUsd)).toEqual(['50', '50']);
  });

  it('reconstructEquity when an asset has no USD route then leaves it out and names it', () => {
    const { points, unpriced } = reconstructEquity({
      holdingsNow: new Map([
        ['USD', '10'],
        ['XYZ', '5'],
      ]),
      fills: [],
      pairs,
      barTimes: [T0],
      interval: '1m',
      closes: new Map(),
    });
    expect(points).toEqual([{ time: T0, valueUsd: '10', exposureUsd: '0' }]);
    expect(unpriced).toEqual(['XYZ']);
  });

  it('reconstructEquity when an asset trades only against a stablecoin then values it through the stablecoin', () => {
    const fills = [
      fill({
        symbol: 'ETHUSDT',
        side: 'BUY',
        price: '2000',
        qty: '1',
        quoteQty: '2000',
        commission: '0',
        commissionAsset: 'ETH',
        time: T0 + MIN,
      }),
    ];
    const closes = new Map([
      [
        'ETHUSDT',
        new Map([
          [T0, '2000'],
          [T0 + MIN, '2100'],
        ]),
      ],
      [
        'USDTUSD',
        new Map([
          [T0, '0.99'],
          [T0 + MIN, '1'],
        ]),
      ],
    ]);
    const { points } = reconstructEquity({
      holdingsNow: new Map([
        ['ETH', '1'],
        ['USDT', '0'],
      ]),
      fills,
      pairs,
      barTimes: [T0, T0 + MIN],
      closes,
      interval: '1m',
    });
    expect(points.map((p) => p.valueUsd)).toEqual(['1980', '2100']);
  });

  it('valuationSymbols when asked for USD then needs none, for a coin then its USD and stablecoin markets', () => {
    expect(valuationSymbols('USD')).toEqual([]);
    expect(valuationSymbols('USDT')).toEqual(['USDTUSD']);
    expect(valuationSymbols('BTC')).toContain('BTCUSD');
    expect(valuationSymbols('BTC')).toContain('BTCUSDT');
  });
});
