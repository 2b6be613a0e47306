/**
 * A string-keyed map for the engine's duplicate client-order-id check, which misses on almost
 * every order. A `Map` miss walks a bucket chain and reads every candidate key string from
 * wherever it lives on the heap; here each probe reads one slot of a typed array holding the
 * key's 32-bit hash, and a key string is compared only when the hashes agree.
 * Insertion only (plus clear), as the engine needs.
 */
export class StringIndex<V> {
  /** Per slot: [hash, entry index + 1]; an entry index of 0 marks an empty slot. Linear probing. */
  private slots = new Int32Array(2 * 1024);
  private mask = 1023;
  private readonly keys: string[] = [];
  private readonly values: V[] = [];

  get size(): number {
    return this.keys.length;
  }

  get(key: string): V | undefined {
    const hash = hashOf(key);
    const slots = this.slots;
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const entry = slots[2 * i + 1];
      if (entry === 0) return undefined;
      if (slots[2 * i] === hash && this.keys[entry - 1] === key) return this.values[entry - 1];
    }
  }

  set(key: string, value: V): void {
    const hash = hashOf(key);
    const slots = this.slots;
    let i = hash & this.mask;
    for (; ; i = (i + 1) & this.mask) {
      const entry = slots[2 * i + 1];
      if (entry === 0) break;
      if (slots[2 * i] === hash && this.keys[entry - 1] === key) {
        this.values[entry - 1] = value;
        return;
      }
    }
    this.keys.push(key);
    this.values.push(value);
    slots[2 * i] = hash;
    slots[2 * i + 1] = this.keys.length;
    if (2 * this.keys.length > this.mask) this.grow();
  }

  clear(): void {
    this.keys.length = 0;
    this.values.length = 0;
    this.slots = new Int32Array(2 * 1024);
    this.mask = 1023;
  }

  /** Doubles the table, keeping it at most half full. */
  private grow(): void {
    const capacity = 2 * (this.mask + 1);
    const slots = new Int32Array(2 * capacity);
    const mask = capacity - 1;
    const old = this.slots;
    for (let s = 0; s < old.length; s += 2) {
      const entry = old[s + 1];
      if (entry === 0) continue;
      let i = old[s] & mask;
      while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
      slots[2 * i] = old[s];
      slots[2 * i + 1] = entry;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** FNV-1a over UTF-16 code units, then a final avalanche so that low bits (the slot) mix all characters. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h & 0x7fffffff;
}
