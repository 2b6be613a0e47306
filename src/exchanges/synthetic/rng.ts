/**
 * Counter-based randomness: every random stream is keyed by integers (seed, symbol id, day, ...), so a
 * value depends only on its key and never on what was generated before. Not cryptographic.
 */

/** 32-bit mix of any number of integer keys (murmur3-style finalizer per key). */
export function hashKeys(...keys: number[]): number {
  let h = HASH_SEED;
  for (const key of keys) h = mixKey(h, key);
  return finishHash(h);
}

const HASH_SEED = 0x9e3779b9;

/** One key into the running hash (hashKeys mixes each key in turn, then finishes). */
function mixKey(hash: number, key: number): number {
  let h = hash;
  let k = Math.imul((key | 0) ^ Math.floor(key / 4294967296), 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finishHash(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A stable 32-bit id for a string (FNV-1a). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Small fast sequential generator (sfc32) seeded from keys. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = NaN;

  constructor(...keys: number[]) {
    // hashKeys(...keys, 1), (..., 2) and (..., 3), the keys mixed in once for the three.
    let h = HASH_SEED;
    for (const key of keys) h = mixKey(h, key);
    this.a = finishHash(mixKey(h, 1));
    this.b = finishHash(mixKey(h, 2));
    this.c = finishHash(mixKey(h, 3));
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Uniform in (0, 1]: safe for logarithms. */
  positive(): number {
    return 1 - this.next();
  }

  /** Standard normal (Box-Muller, the second value kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const value = this.spare;
      this.spare = NaN;
      return value;
    }
    const r = Math.sqrt(-2 * Math.log(this.positive()));
    const theta = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Exponential with mean 1. */
  exponential(): number {
    return -Math.log(this.positive());
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}
