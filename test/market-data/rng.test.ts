/**
 * The counter-based randomness keeps its values: hashKeys and Rng (which mixes its keys once for
 * its three seeds) give exactly what the plain form below gives, for any keys. Every synthetic
 * book, price path and replay book is made from these values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashKeys, Rng } from '../../src/exchanges/synthetic/rng.js';

/** hashKeys as first written: every key mixed in turn, then the finalizer. */
function plainHash(...keys: number[]): number {
  let h = 0x9e3779b9;
  for (const key of keys) {
    let k = Math.imul((key | 0) ^ Math.floor(key / 4294967296), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** sfc32 seeded with plainHash(...keys, 1), (..., 2), (..., 3), 12 values skipped. */
function plainSequence(keys: number[], count: number): number[] {
  let a = plainHash(...keys, 1);
  let b = plainHash(...keys, 2);
  let c = plainHash(...keys, 3);
  let d = 1;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return Array.from({ length: count }, next);
}

const key = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 32 }),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom(0, 1, 0xb0, 0xb1, 0xb2, 2 ** 32, 1_700_000_000_000),
);

describe('counter-based randomness', () => {
  it('hashKeys and Rng give the plain form’s values for any keys', () => {
    fc.assert(
      fc.property(fc.array(key, { minLength: 0, maxLength: 5 }), (keys) => {
        expect(hashKeys(...keys)).toBe(plainHash(...keys));
        const rng = new Rng(...keys);
        expect(Array.from({ length: 20 }, () => rng.next())).toEqual(plainSequence(keys, 20));
      }),
      { numRuns: 2000 },
    );
  });
});
