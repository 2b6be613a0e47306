import { describe, expect, it } from 'vitest';
import { InvalidRiskLimit, riskLimitsView } from '../../src/risk/limits.js';
import { RiskEngine } from '../../src/risk/risk-engine.js';
import { attempt, calm } from './helpers.js';

describe('RiskEngine', () => {
  it('check when no limit is set then allows anything', () => {
    const engine = new RiskEngine({});
    const verdict = engine.check(
      attempt({ notionalUsd: '1000000000', addsTo: { asset: 'BTC', valueAfterUsd: '1000000000' } }),
      calm({ ordersInLastMinute: 100000, dailyLossUsd: '99999' }),
    );
    expect(verdict).toEqual({ allowed: true });
  });

  it('check when several limits object then the symbol list decides before the sizes', () => {
    const engine = new RiskEngine({
      deniedSymbols: ['BTCUSD'],
      maxTradeSizeUsd: '1',
      maxPositionSizeUsd: '1',
      maxOrdersPerMinute: 1,
    });
    const verdict = engine.check(
      attempt({ notionalUsd: '5', addsTo: { asset: 'BTC', valueAfterUsd: '5' } }),
      calm({ ordersInLastMinute: 3 }),
    );
    expect(verdict.allowed === false && verdict.denial.code).toBe('SYMBOL_DENIED');
  });

  it('check when the breaker is tripped and the order is too large then reports the breaker first', () => {
    const engine = new RiskEngine({ maxTradeSizeUsd: '1', maxDailyLossUsd: '10' });
    const verdict = engine.check(attempt({ notionalUsd: '5' }), calm({ breakerTripped: true, dailyLossUsd: '11' }));
    expect(verdict.allowed === false && verdict.denial.code).toBe('DAILY_LOSS_BREAKER_TRIPPED');
  });

  it('check when the breaker is tripped and a reducing order fits every other limit then allows it', () => {
    const engine = new RiskEngine({
      maxTradeSizeUsd: '100',
      maxPositionSizeUsd: '10',
      maxDailyLossUsd: '10',
      maxOrdersPerMinute: 5,
      allowedSymbols: ['BTCUSD'],
    });
    const verdict = engine.check(
      attempt({
        side: 'SELL',
        notionalUsd: '90',
        addsTo: { asset: 'BTC', valueAfterUsd: '400' },
        reducesExposure: true,
      }),
      calm({ breakerTripped: true, dailyLossUsd: '50', ordersInLastMinute: 4 }),
    );
    expect(verdict).toEqual({ allowed: true });
  });

  it('constructor when a USD limit is not a decimal then throws naming the limit', () => {
    expect(() => new RiskEngine({ maxTradeSizeUsd: '1e3' })).toThrow(InvalidRiskLimit);
    expect(() => new RiskEngine({ maxTradeSizeUsd: '-5' })).toThrow(/MAX_TRADE_SIZE_USD="-5"/);
    expect(() => new RiskEngine({ maxOrdersPerMinute: 2.5 })).toThrow(/MAX_ORDERS_PER_MINUTE/);
  });

  it('limits when the caller mutates the object it passed then the engine is unaffected', () => {
    const limits = { maxTradeSizeUsd: '100' };
    const engine = new RiskEngine(limits);
    limits.maxTradeSizeUsd = '1';
    expect(engine.check(attempt({ notionalUsd: '50' }), calm()).allowed).toBe(true);
    expect(engine.limits.maxTradeSizeUsd).toBe('100');
  });

  it('view when limits are partly set then unset ones are null and denied symbols an array', () => {
    expect(new RiskEngine({ maxTradeSizeUsd: '100', maxOrdersPerMinute: 30 }).view()).toEqual({
      maxTradeSizeUsd: '100',
      maxPositionSizeUsd: null,
      maxDailyLossUsd: null,
      maxOrdersPerMinute: 30,
      allowedSymbols: null,
      deniedSymbols: [],
      maxTotalExposureUsd: null,
    });
    expect(riskLimitsView({ allowedSymbols: ['BTCUSD'], deniedSymbols: ['DOGEUSD'] })).toMatchObject({
      allowedSymbols: ['BTCUSD'],
      deniedSymbols: ['DOGEUSD'],
    });
  });
});
