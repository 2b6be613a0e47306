import { describe, expect, it } from 'vitest';
import { MapPriceBook, usdPriceOf, valueInUsd } from '../../src/ledger/usd-valuation.js';

describe('valueInUsd', () => {
  it('valueInUsd when the asset is USD then is the amount itself', () => {
    expect(valueInUsd('USD', '10000', new MapPriceBook())).toEqual({
      priceUsd: '1',
      valueUsd: '10000',
      note: 'USD is the unit of account',
    });
  });

  it('valueInUsd when an XUSD market exists then uses its last price and says so', () => {
    const prices = new MapPriceBook({ BTCUSD: '60000', BTCUSDT: '60100' });
    expect(valueInUsd('BTC', '0.5', prices)).toEqual({
      priceUsd: '60000',
      valueUsd: '30000',
      note: 'BTC valued at the BTCUSD last price',
    });
  });

  it('valueInUsd when only an XUSDT market exists and no USDTUSD price then goes through USDT at 1:1 and says both', () => {
    const v = valueInUsd('ETH', '2', new MapPriceBook({ ETHUSDT: '3000' }));
    expect(v.valueUsd).toBe('6000');
    expect(v.note).toBe('ETH valued at the ETHUSDT last price; USDT valued 1:1 (no USDTUSD price)');
  });

  it('valueInUsd when XUSDT and USDTUSD both exist then multiplies by the stablecoin USD price', () => {
    const v = valueInUsd('ETH', '2', new MapPriceBook({ ETHUSDT: '3000', USDTUSD: '0.9990' }));
    expect(v.valueUsd).toBe('5994');
    expect(v.note).toBe('ETH valued at the ETHUSDT last price; USDT valued at the USDTUSD last price');
  });

  it('valueInUsd when only an XUSDC market exists then goes through USDC', () => {
    expect(valueInUsd('SOL', '10', new MapPriceBook({ SOLUSDC: '150.5' })).valueUsd).toBe('1505');
  });

  it('valueInUsd when a stablecoin has a USD market then uses it; when it has none then 1:1 with a note', () => {
    expect(valueInUsd('USDT', '100', new MapPriceBook({ USDTUSD: '1.0002' }))).toEqual({
      priceUsd: '1.0002',
      valueUsd: '100.02',
      note: 'USDT valued at the USDTUSD last price',
    });
    expect(valueInUsd('USDC', '100', new MapPriceBook())).toEqual({
      priceUsd: '1',
      valueUsd: '100',
      note: 'USDC valued 1:1 (no USDCUSD price)',
    });
  });

  it('valueInUsd when no route to USD exists then the value is null and the note says why', () => {
    const v = valueInUsd('XYZ', '5', new MapPriceBook({ XYZBTC: '0.0001' }));
    expect(v.valueUsd).toBeNull();
    expect(v.note).toBe('XYZ not valued (no XYZUSD or XYZ-stablecoin price)');
  });

  it('usdPriceOf when a MapPriceBook is built from entries and updated then reads the newest price', () => {
    const prices = new MapPriceBook([['BTCUSD', '1']]);
    prices.set('BTCUSD', '2');
    expect(usdPriceOf('BTC', prices).priceUsd).toBe('2');
  });
});
