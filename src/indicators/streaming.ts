/**
 * The shape every incremental updater has. `update` commits a closed bar and returns its value;
 * `peek` returns the value the still-forming bar would have if it closed at `value` now, without
 * changing state. Both are O(1) and give bit-for-bit the value the batch kernel gives at that bar
 * (NaN during warm-up).
 */
export interface StreamingIndicator<Value, Input = number> {
  /** Closed bars committed so far. */
  readonly count: number;
  update(input: Input): Value;
  peek(input: Input): Value;
}

/** Feeds every value of `history` to `updater` as closed bars; returns the updater. */
export function primed<U extends StreamingIndicator<unknown, number>>(updater: U, history: ArrayLike<number>): U {
  for (let i = 0; i < history.length; i++) updater.update(history[i]);
  return updater;
}
