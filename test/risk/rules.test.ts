import { describe, expect, it } from 'vitest';
import { RiskEngine } from '../../src/risk/risk-engine.js';
import { attempt, calm, T0 } from './helpers.js';

function denialOf(engine: RiskEngine, ...args: Parameters<RiskEngine['check']>) {
  const verdict = engine.check(...args);
  if (verdict.allowed) throw new Error('expected a denial');
  return verdict.denial;
}

describe('MAX_TRADE_SIZE_USD', () => {
  const engine = new RiskEngine({ maxTradeSizeUsd: '100' });

  it('check when notional exceeds the limit then denies with MAX_TRADE_SIZE_EXCEEDED naming limit, value and notional', () => {
    const denial = denialOf(engine, attempt({ notionalUsd: '250' }), calm());
    expect(denial).toEqual({
      code: 'MAX_TRADE_SIZE_EXCEEDED',
      message: "MAX_TRADE_SIZE_USD is 100; this order's notional is 250.00 USD",
      limit: 'MAX_TRADE_SIZE_USD',
      limitValue: '100',
      attempted: '250',
    });
  });

  it('check when notional equals the limit then allows', () => {
    expect(engine.check(attempt({ notionalUsd: '100.000' }), calm())).toEqual({ allowed: true });
  });

  it('check when notional exceeds the limit by the smallest fraction then denies', () => {
    expect(engine.check(attempt({ notionalUsd: '100.00000001' }), calm()).allowed).toBe(false);
  });

  it('check when a reducing order exceeds the limit then denies and says to close in slices', () => {
    const denial = denialOf(engine, attempt({ side: 'SELL', notionalUsd: '150', reducesExposure: true }), calm());
    expect(denial.code).toBe('MAX_TRADE_SIZE_EXCEEDED');
    expect(denial.message).toContain('close it in slices');
  });
});

describe('MAX_POSITION_SIZE_USD', () => {
  const engine = new RiskEngine({ maxPositionSizeUsd: '1000' });

  it('check when the position after the order exceeds the limit then denies with MAX_POSITION_SIZE_EXCEEDED', () => {
    const denial = denialOf(engine, attempt({ addsTo: { asset: 'BTC', valueAfterUsd: '1200.5' } }), calm());
    expect(denial.code).toBe('MAX_POSITION_SIZE_EXCEEDED');
    expect(denial.message).toBe(
      'MAX_POSITION_SIZE_USD is 1000; after this BUY of BTCUSD the BTC position (open orders counted as filled) would be worth 1200.50 USD',
    );
    expect(denial.limitValue).toBe('1000');
    expect(denial.attempted).toBe('1200.5');
  });

  it('check when the position after the order is at the limit then allows', () => {
    expect(engine.check(attempt({ addsTo: { asset: 'BTC', valueAfterUsd: '1000' } }), calm()).allowed).toBe(true);
  });

  it('check when a reducing order leaves a position still above the limit then allows', () => {
    expect(
      engine.check(
        attempt({ side: 'SELL', addsTo: { asset: 'BTC', valueAfterUsd: '1500' }, reducesExposure: true }),
        calm(),
      ).allowed,
    ).toBe(true);
  });
});

describe('MAX_POSITION_SIZE_USD on the asset a cross pair adds to', () => {
  const engine = new RiskEngine({ maxPositionSizeUsd: '1000' });

  it('check when a SELL on ETHBTC would make the BTC position too large then denies naming BTC', () => {
    const denial = denialOf(
      engine,
      attempt({
        symbol: 'ETHBTC',
        side: 'SELL',
        baseAsset: 'ETH',
        quoteAsset: 'BTC',
        addsTo: { asset: 'BTC', valueAfterUsd: '1800' },
      }),
      calm(),
    );
    expect(denial.message).toBe(
      'MAX_POSITION_SIZE_USD is 1000; after this SELL of ETHBTC the BTC position (open orders counted as filled) would be worth 1800.00 USD',
    );
  });

  it('check when the order receives cash then passes, and when the asset it receives has no USD price then denies', () => {
    expect(engine.check(attempt({ side: 'SELL', addsTo: null }), calm()).allowed).toBe(true);
    expect(denialOf(engine, attempt({ addsTo: { asset: 'XYZ', valueAfterUsd: null } }), calm()).message).toMatch(
      /XYZ, which has no USD price/,
    );
  });
});

describe('MAX_TOTAL_EXPOSURE_USD', () => {
  const engine = new RiskEngine({ maxTotalExposureUsd: '5000' });

  it('check when an order raises the total above the cap then denies with MAX_TOTAL_EXPOSURE_EXCEEDED', () => {
    const denial = denialOf(
      engine,
      attempt({ totalExposureBeforeUsd: '4900', totalExposureAfterUsd: '5100.5' }),
      calm(),
    );
    expect(denial.code).toBe('MAX_TOTAL_EXPOSURE_EXCEEDED');
    expect(denial.message).toBe(
      'MAX_TOTAL_EXPOSURE_USD is 5000; after this BUY of BTCUSD the positions other than USD and stablecoins (open orders counted as filled) would be worth 5100.50 USD (now 4900.00 USD)',
    );
    expect(denial.attempted).toBe('5100.5');
  });

  it('check when the total is already above the cap and the order does not raise it then allows; at the cap then allows', () => {
    expect(
      engine.check(attempt({ symbol: 'ETHBTC', totalExposureBeforeUsd: '6000', totalExposureAfterUsd: '6000' }), calm())
        .allowed,
    ).toBe(true);
    expect(
      engine.check(attempt({ totalExposureBeforeUsd: '4000', totalExposureAfterUsd: '5000' }), calm()).allowed,
    ).toBe(true);
    expect(
      engine.check(
        attempt({ side: 'SELL', reducesExposure: true, totalExposureBeforeUsd: '9000', totalExposureAfterUsd: '9000' }),
        calm(),
      ).allowed,
    ).toBe(true);
  });
});

describe('MAX_DAILY_LOSS_USD', () => {
  const engine = new RiskEngine({ maxDailyLossUsd: '500' });
  const tripped = calm({
    dailyLossUsd: '612.4',
    breakerTripped: true,
    breakerTrippedAt: T0,
    breakerResetsAt: Date.UTC(2025, 2, 5),
  });

  it('check when the breaker is tripped and the order adds exposure then denies with DAILY_LOSS_BREAKER_TRIPPED', () => {
    const denial = denialOf(engine, attempt({ notionalUsd: '20' }), tripped);
    expect(denial.code).toBe('DAILY_LOSS_BREAKER_TRIPPED');
    expect(denial.limit).toBe('MAX_DAILY_LOSS_USD');
    expect(denial.limitValue).toBe('500');
    expect(denial.attempted).toBe('612.4');
    expect(denial.message).toContain("MAX_DAILY_LOSS_USD is 500; today's loss is 612.40 USD");
    expect(denial.message).toContain('tripped at 14:02:05 UTC');
    expect(denial.message).toContain('until 2025-03-05 00:00 UTC');
    expect(denial.message).toContain('binance-mcp risk reset');
    expect(denial.message).toContain('this BUY of BTCUSD for 20.00 USD adds exposure');
  });

  it('check when the breaker is tripped and the order only reduces exposure then allows', () => {
    expect(engine.check(attempt({ side: 'SELL', reducesExposure: true }), tripped)).toEqual({ allowed: true });
  });

  it('check when the loss has reached the limit but the breaker was not marked tripped then still denies', () => {
    expect(denialOf(engine, attempt(), calm({ dailyLossUsd: '500' })).code).toBe('DAILY_LOSS_BREAKER_TRIPPED');
  });

  it('check when the loss is below the limit and the breaker is not tripped then allows', () => {
    expect(engine.check(attempt(), calm({ dailyLossUsd: '499.99' })).allowed).toBe(true);
  });

  it('check when no daily loss limit is set then a tripped flag does not deny', () => {
    expect(new RiskEngine({}).check(attempt(), tripped).allowed).toBe(true);
  });
});

describe('MAX_ORDERS_PER_MINUTE', () => {
  const engine = new RiskEngine({ maxOrdersPerMinute: 10 });

  it('check when the minute already holds the maximum then denies with MAX_ORDERS_PER_MINUTE_EXCEEDED', () => {
    const denial = denialOf(engine, attempt(), calm({ ordersInLastMinute: 10 }));
    expect(denial).toEqual({
      code: 'MAX_ORDERS_PER_MINUTE_EXCEEDED',
      message: 'MAX_ORDERS_PER_MINUTE is 10; 10 orders were placed in the last 60 seconds, this one would be number 11',
      limit: 'MAX_ORDERS_PER_MINUTE',
      limitValue: '10',
      attempted: '11',
    });
  });

  it('check when the minute holds one fewer than the maximum then allows', () => {
    expect(engine.check(attempt(), calm({ ordersInLastMinute: 9 })).allowed).toBe(true);
  });

  it('check when a reducing order comes over the rate then denies', () => {
    expect(
      engine.check(attempt({ reducesExposure: true, side: 'SELL' }), calm({ ordersInLastMinute: 10 })).allowed,
    ).toBe(false);
  });
});

describe('symbol lists', () => {
  it('check when the symbol is on DENIED_SYMBOLS then denies with SYMBOL_DENIED', () => {
    const denial = denialOf(
      new RiskEngine({ deniedSymbols: ['DOGEUSD', 'SHIBUSD'] }),
      attempt({ symbol: 'DOGEUSD' }),
      calm(),
    );
    expect(denial).toEqual({
      code: 'SYMBOL_DENIED',
      message: 'DENIED_SYMBOLS is DOGEUSD,SHIBUSD; DOGEUSD is on it, so no order on DOGEUSD is allowed',
      limit: 'DENIED_SYMBOLS',
      limitValue: 'DOGEUSD,SHIBUSD',
      attempted: 'DOGEUSD',
    });
  });

  it('check when ALLOWED_SYMBOLS is set and the symbol is not on it then denies with SYMBOL_NOT_ALLOWED', () => {
    const denial = denialOf(
      new RiskEngine({ allowedSymbols: ['BTCUSD', 'ETHUSD'] }),
      attempt({ symbol: 'SOLUSD' }),
      calm(),
    );
    expect(denial.code).toBe('SYMBOL_NOT_ALLOWED');
    expect(denial.message).toBe('ALLOWED_SYMBOLS is BTCUSD,ETHUSD; SOLUSD is not on it');
  });

  it('check when ALLOWED_SYMBOLS is set and the symbol is on it then allows', () => {
    expect(new RiskEngine({ allowedSymbols: ['BTCUSD'] }).check(attempt(), calm()).allowed).toBe(true);
  });

  it('check when ALLOWED_SYMBOLS is an empty list then every symbol is allowed', () => {
    expect(new RiskEngine({ allowedSymbols: [] }).check(attempt({ symbol: 'XYZUSD' }), calm()).allowed).toBe(true);
  });

  it('check when a reducing order is on a denied symbol while the breaker is tripped then denies by the symbol list', () => {
    const engine = new RiskEngine({ deniedSymbols: ['BTCUSD'], maxDailyLossUsd: '10' });
    expect(
      denialOf(
        engine,
        attempt({ side: 'SELL', reducesExposure: true }),
        calm({ breakerTripped: true, dailyLossUsd: '20' }),
      ).code,
    ).toBe('SYMBOL_DENIED');
  });

  it('check when a long list is denied then the message shows ten and counts the rest', () => {
    const many = Array.from({ length: 13 }, (_, i) => `S${i}USD`);
    const denial = denialOf(new RiskEngine({ deniedSymbols: many }), attempt({ symbol: 'S12USD' }), calm());
    expect(denial.message).toContain('(+3 more)');
    expect(denial.limitValue).toBe(many.join(','));
  });
});
