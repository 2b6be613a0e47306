import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/demo/run-demo.js';

describe('demo', () => {
  it('runDemo when run offline then walks discovery, buys, prints a portfolio summary and returns 0', async () => {
    let out = '';
    const code = await runDemo({ write: (text) => { out += text; }, settings: { LOG_LEVEL: 'silent' } });
    expect(code, out).toBe(0);
    for (const step of ['list_markets', 'get_fees', 'get_candles', 'get_indicators', 'preview_order', 'place_order', 'get_account', 'Portfolio summary']) {
      expect(out).toContain(step);
    }
    expect(out).toMatch(/PAPER: placed BUY [\d.]+ BTCUSD MARKET, status FILLED/);
    expect(out).toMatch(/duplicate=true, no second order/);
    expect(out).toMatch(/portfolio value: +\$[\d,]+\.\d\d/);
  }, 60_000);
});
