import { describe, expect, it } from 'vitest';
import { createSigner, encodeParams } from '../../src/exchanges/binance-us/signing.js';

describe('signing', () => {
  it('createSigner with the documented secret and payload then gives the documented signature', () => {
    const sign = createSigner('NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j');
    const payload =
      'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
    expect(sign(payload)).toBe('c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71');
  });

  it('signing a query and a body then signs their plain concatenation', () => {
    const sign = createSigner('NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j');
    expect(
      sign(
        'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC',
        'quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559',
      ),
    ).toBe('0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77');
  });

  it('createSigner with an empty secret then throws', () => {
    expect(() => createSigner('')).toThrow(/empty/);
  });

  it('encodeParams then keeps the order, skips undefined and percent-encodes a symbols list', () => {
    expect(encodeParams({ symbol: 'BTCUSD', price: undefined, limit: 5, symbols: '["A","B"]' })).toBe(
      'symbol=BTCUSD&limit=5&symbols=%5B%22A%22%2C%22B%22%5D',
    );
  });
});
