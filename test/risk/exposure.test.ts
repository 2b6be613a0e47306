import { describe, expect, it } from 'vitest';
import { positionValueAfterUsd, reducesExposure } from '../../src/risk/exposure.js';

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

describe('positionValueAfterUsd', () => {
  it('positionValueAfterUsd when buying then values held plus bought at the price; when selling more than held then 0', () => {
    expect(positionValueAfterUsd({ side: 'BUY', quantity: '0.25', heldBaseQuantity: '0.5', basePriceUsd: '60000' })).toBe('45000');
    expect(positionValueAfterUsd({ side: 'SELL', quantity: '0.2', heldBaseQuantity: '0.5', basePriceUsd: '60000' })).toBe('18000');
    expect(positionValueAfterUsd({ side: 'SELL', quantity: '0.7', heldBaseQuantity: '0.5', basePriceUsd: '60000' })).toBe('0');
  });
});
