/** The model speaks Binance's words: STOP stays an alias of STOP_LOSS_LIMIT; the market stop types Binance.US does not list are refused saying which type to use. */
import { describe, expect, it } from 'vitest';
import { orderRequestFrom } from '../../src/app/order-input.js';
import type { PlaceOrderInput } from '../../src/app/api.js';
import { btcUsd } from '../simulator/fixtures.js';

const input = (orderType: string): PlaceOrderInput =>
  ({
    actionId: 'a',
    symbol: 'BTCUSD',
    side: 'SELL',
    orderType,
    quantity: '0.01',
    price: '100',
    stopPrice: '101',
  }) as PlaceOrderInput;

describe('order type names', () => {
  it('STOP then is STOP_LOSS_LIMIT', () => {
    expect(orderRequestFrom(input('STOP'), btcUsd(), 'c').type).toBe('STOP_LOSS_LIMIT');
  });

  it('STOP_LOSS then an error naming STOP_LOSS_LIMIT; TAKE_PROFIT then one naming TAKE_PROFIT_LIMIT', () => {
    expect(() => orderRequestFrom(input('STOP_LOSS'), btcUsd(), 'c')).toThrow(
      /order_type: STOP_LOSS \(a stop-market order\) is not offered on Binance\.US: use STOP_LOSS_LIMIT \(or STOP\)/,
    );
    expect(() => orderRequestFrom(input('take_profit'), btcUsd(), 'c')).toThrow(
      /use TAKE_PROFIT_LIMIT with stop_price and a price/,
    );
  });
});
