/**
 * Highest value of the last `period` entries in O(1) amortised per push (a monotonic deque in a
 * ring). For the lowest, push negated values.
 */
export class WindowMax {
  readonly period: number;
  readonly #index: Float64Array;
  readonly #value: Float64Array;
  #head = 0;
  #size = 0;
  #pushed = 0;

  constructor(period: number) {
    this.period = period;
    this.#index = new Float64Array(period + 1);
    this.#value = new Float64Array(period + 1);
  }

  /** Appends the next value; returns the highest of the last `period`. */
  push(value: number): number {
    const index = this.#pushed++;
    const cap = this.#index.length;
    while (this.#size > 0 && this.#value[(this.#head + this.#size - 1) % cap] <= value) this.#size--;
    const slot = (this.#head + this.#size) % cap;
    this.#index[slot] = index;
    this.#value[slot] = value;
    this.#size++;
    if (this.#index[this.#head] <= index - this.period) {
      this.#head = (this.#head + 1) % cap;
      this.#size--;
    }
    return this.#value[this.#head];
  }

  /** What push(value) would return, without pushing. */
  peek(value: number): number {
    if (this.#size === 0) return value;
    const cap = this.#index.length;
    let slot = this.#head;
    if (this.#index[slot] <= this.#pushed - this.period) {
      if (this.#size === 1) return value;
      slot = (slot + 1) % cap;
    }
    const held = this.#value[slot];
    return held > value ? held : value;
  }
}
