import { describe, expect, it } from 'vitest';
import { trailingTrigger, type Order } from '../../src/model/order.js';

const order = (over: Partial<Order>) =>
  ({ side: 'SELL', status: 'NEW', triggered: false, trailingDelta: 100, trailingExtreme: '61000', ...over }) as Order;

describe('trailingTrigger', () => {
  it('a tracking SELL then delta BIPS under its high; a BUY then delta BIPS over its low, exactly', () => {
    expect(trailingTrigger(order({}))).toBe('60390');
    expect(trailingTrigger(order({ trailingDelta: 10, trailingExtreme: '60720.01' }))).toBe('60659.28999');
    expect(trailingTrigger(order({ side: 'BUY', trailingExtreme: '59000.5' }))).toBe('59590.505');
  });

  it('not tracking, not trailing, triggered or ended then none', () => {
    expect(trailingTrigger(order({ trailingExtreme: undefined }))).toBeUndefined();
    expect(trailingTrigger(order({ trailingDelta: undefined }))).toBeUndefined();
    expect(trailingTrigger(order({ triggered: true }))).toBeUndefined();
    expect(trailingTrigger(order({ status: 'CANCELED' }))).toBeUndefined();
  });
});
