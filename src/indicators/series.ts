/**
 * Shared conventions of the batch kernels: input is a Float64Array of prices, output is a
 * Float64Array of the same length with NaN for the warm-up bars (never 0).
 */

export function assertPeriod(name: string, period: number, minimum = 1): void {
  if (!Number.isInteger(period) || period < minimum) {
    throw new RangeError(`${name} must be an integer >= ${minimum}, got ${period}`);
  }
}

/**
 * The output for `length` bars whose first `warmup` entries are NaN: `reuse` when given (a caller's
 * buffer, which saves the page faults of a fresh multi-megabyte array), else a new array.
 */
export function warmupOutput(length: number, warmup: number, reuse?: Float64Array): Float64Array {
  let out: Float64Array;
  if (reuse === undefined) out = new Float64Array(length);
  else if (reuse.length !== length) {
    throw new RangeError(`output buffer has ${reuse.length} entries, the input ${length}`);
  } else out = reuse;
  out.fill(NaN, 0, Math.min(warmup, length));
  return out;
}

/** The value at `index` (default: last) or null when it is a warm-up NaN or out of range. */
export function valueAt(series: Float64Array, index = series.length - 1): number | null {
  if (index < 0 || index >= series.length) return null;
  const v = series[index];
  return Number.isNaN(v) ? null : v;
}
