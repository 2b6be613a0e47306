import { describe, expect, it } from 'vitest';
import {
  addsExposure,
  exposureAfter,
  flowOf,
  isCash,
  reducesExposure,
  type ExposureView,
} from '../../src/risk/exposure.js';

describe('reducesExposure', () => {
  it('reducesExposure when selling at most the base held into USD or a stablecoin then is true', () => {
    expect(reducesExposure({ side: 'SELL', quoteAsset: 'USD', quantity: '0.5', heldBaseQuantity: '0.5' })).toBe(true);
    expect(reducesExposure({ side: 'SELL', quoteAsset: 'USDT', quantity: '0.1', heldBaseQuantity: '0.5' })).toBe(true);
  });

  it('reducesExposure when selling more than held, buying, or selling into a volatile asset then is false', () => {
    expect(reducesExposure({ side: 'SELL', quoteAsset: 'USD', quantity: '0.6', heldBaseQuantity: '0.5' })).toBe(false);
    expect(reducesExposure({ side: 'BUY', quoteAsset: 'USD', quantity: '0.1', heldBaseQuantity: '0.5' })).toBe(false);
    expect(reducesExposure({ side: 'SELL', quoteAsset: 'BTC', quantity: '1', heldBaseQuantity: '5' })).toBe(false);
    expect(reducesExposure({ side: 'SELL', quoteAsset: 'USD', quantity: '0', heldBaseQuantity: '5' })).toBe(false);
  });
});

const PRICES: Record<string, string> = { BTC: '60000', ETH: '3000', USD: '1', USDT: '1' };
function view(holdings: Record<string, string>, open: ExposureView['open'] = []): ExposureView {
  return { holdings: new Map(Object.entries(holdings)), open, priceUsd: (a) => PRICES[a] ?? null };
}

describe('flowOf and addsExposure', () => {
  it('flowOf when buying receives the base and when selling receives the quote; only non-cash receipts add exposure', () => {
    const sellEthForBtc = flowOf({
      side: 'SELL',
      baseAsset: 'ETH',
      quoteAsset: 'BTC',
      quantity: '2',
      quoteQuantity: '0.1',
    });
    expect(sellEthForBtc).toEqual({ inAsset: 'BTC', inQty: '0.1', outAsset: 'ETH', outQty: '2' });
    expect(addsExposure(sellEthForBtc)).toBe(true);
    expect(
      addsExposure(
        flowOf({ side: 'SELL', baseAsset: 'BTC', quoteAsset: 'USDT', quantity: '1', quoteQuantity: '60000' }),
      ),
    ).toBe(false);
    expect(
      addsExposure(
        flowOf({ side: 'BUY', baseAsset: 'USDT', quoteAsset: 'USD', quantity: '100', quoteQuantity: '100' }),
      ),
    ).toBe(false);
    expect(isCash('USDC')).toBe(true);
    expect(isCash('ETH')).toBe(false);
  });
});

describe('exposureAfter', () => {
  it('exposureAfter when a SELL on ETHBTC receives BTC then values the BTC position held plus open BTC receipts plus this order', () => {
    const openBuyBtc = flowOf({
      side: 'BUY',
      baseAsset: 'BTC',
      quoteAsset: 'USD',
      quantity: '0.01',
      quoteQuantity: '590',
    });
    const after = exposureAfter(
      view({ USD: '5000', BTC: '0.01', ETH: '1' }, [openBuyBtc]),
      flowOf({ side: 'SELL', baseAsset: 'ETH', quoteAsset: 'BTC', quantity: '1', quoteQuantity: '0.05' }),
    );
    expect(after.addsTo).toEqual({ asset: 'BTC', valueAfterUsd: '4200' });
    // holdings 600 BTC + 3000 ETH, the open BUY adds 600: 4200; the swap brings 3000 of BTC for 3000 of ETH: +0.
    expect(after.totalBeforeUsd).toBe('4200');
    expect(after.totalAfterUsd).toBe('4200');
  });

  it('exposureAfter when a BUY spends USD then the total grows by all of it; when a SELL receives USD then nothing is added', () => {
    const buy = exposureAfter(
      view({ USD: '5000' }),
      flowOf({ side: 'BUY', baseAsset: 'ETH', quoteAsset: 'USD', quantity: '0.5', quoteQuantity: '1500' }),
    );
    expect(buy).toEqual({
      addsTo: { asset: 'ETH', valueAfterUsd: '1500' },
      totalBeforeUsd: '0',
      totalAfterUsd: '1500',
    });
    const sell = exposureAfter(
      view({ ETH: '1' }),
      flowOf({ side: 'SELL', baseAsset: 'ETH', quoteAsset: 'USD', quantity: '1', quoteQuantity: '3000' }),
    );
    expect(sell).toEqual({ addsTo: null, totalBeforeUsd: '3000', totalAfterUsd: '3000' });
  });

  it('exposureAfter when the received asset has no USD price then says it cannot be valued', () => {
    const after = exposureAfter(
      view({ BTC: '1' }),
      flowOf({ side: 'BUY', baseAsset: 'XYZ', quoteAsset: 'BTC', quantity: '10', quoteQuantity: '0.1' }),
    );
    expect(after.addsTo).toEqual({ asset: 'XYZ', valueAfterUsd: null });
    expect(after.totalAfterUsd).toBeNull();
  });
});
