import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/demo/run-demo.js';

describe('demo', () => {
  it('runDemo when run offline then walks discovery, buys, prints a portfolio summary and returns 0', async () => {
    let out = '';
    const code = await runDemo({
      write: (text) => {
        out += text;
      },
      settings: { LOG_LEVEL: 'silent' },
    });
    expect(code, out).toBe(0);
    for (const step of [
      'list_markets',
      'get_fees',
      'get_candles',
      'get_indicators',
      'preview_order',
      'place_order',
      'get_account',
      'Portfolio summary',
    ]) {
      expect(out).toContain(step);
    }
    expect(out).toMatch(/PAPER: placed BUY [\d.]+ BTCUSD MARKET, status FILLED/);
    expect(out).toMatch(/duplicate=true, no second order/);
    expect(out).toMatch(/portfolio value: +\$[\d,]+\.\d\d/);
    expect(out).toMatch(/denied: MAX_TRADE_SIZE_EXCEEDED — MAX_TRADE_SIZE_USD is 1000/);
    expect(out).toMatch(/Why the average cost \([\d,.]+\) is above the fill price \([\d,.]+\): the [\d.]+ BTC fee/);
    expect(out).toMatch(/next buy denied: DAILY_LOSS_BREAKER_TRIPPED/);
    expect(out).toMatch(/circuit breaker: +TRIPPED/);
  }, 60_000);
});
