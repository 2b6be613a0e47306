import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Big } from '../../src/model/money.js';
import { compareDecimal } from '../../src/risk/decimal-compare.js';

describe('compareDecimal', () => {
  it.each([
    ['100', '100.00', 0],
    ['250.00', '100', 1],
    ['99.999999', '100', -1],
    ['0.00000001', '0', 1],
    ['-0', '0', 0],
    ['-1', '0.5', -1],
    ['-2.5', '-2.4', -1],
    ['007.10', '7.1', 0],
    ['1000', '999.99', 1],
    ['0.1', '0.10000000000000000001', -1],
  ] as const)('compareDecimal(%s, %s) when compared then gives %i', (a, b, expected) => {
    expect(compareDecimal(a, b)).toBe(expected);
  });

  it('compareDecimal when given random decimals then agrees with big.js', () => {
    const decimal = fc
      .tuple(
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 3 }),
      )
      .map(([negative, digits, scale, padding]) => {
        const s = digits.toString().padStart(scale + 1, '0');
        const whole = s.slice(0, s.length - scale);
        const frac = s.slice(s.length - scale) + '0'.repeat(scale > 0 ? padding : 0);
        return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
      });
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        expect(compareDecimal(a, b)).toBe(new Big(a).cmp(b));
      }),
      { numRuns: 2000 },
    );
  });
});
