/**
 * The backtest reads balances as numbers straight from the account's atto-units: attoNumber gives
 * exactly the double of the decimal text (Number(fromAtto(atto))), for amounts with the usual run of
 * trailing zeros (the short form) and for any other (the parsed form).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attoNumber } from '../../src/exchanges/simulator/fixed-point.js';
import { fromAtto } from '../../src/exchanges/simulator/fixed-point.js';

describe('attoNumber', () => {
  it('is Number(fromAtto(atto)) for any amount', () => {
    const amount = fc.oneof(
      // 8 decimals of a quote or base asset: the amounts a backtest holds.
      fc.bigInt({ min: 0n, max: 10n ** 16n }).map((units) => units * 10n ** 10n),
      fc
        .tuple(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.integer({ min: 0, max: 30 }))
        .map(([digits, zeros]) => digits * 10n ** BigInt(zeros)),
      fc.bigInt({ min: 0n, max: 10n ** 40n }),
    );
    fc.assert(
      fc.property(amount, (atto) => {
        expect(Object.is(attoNumber(atto), Number(fromAtto(atto)))).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });
});
