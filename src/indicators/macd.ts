import { EmaUpdater, emaFactor } from './ema.js';
import { assertPeriod, warmupOutput } from './series.js';
import type { StreamingIndicator } from './streaming.js';

export interface MacdSeries {
  macd: Float64Array;
  signal: Float64Array;
  histogram: Float64Array;
}

export interface MacdValue {
  macd: number;
  signal: number;
  histogram: number;
}

/** Bar of the first MACD output: both EMAs start at slow-1, the signal needs `signal` MACD values. */
export function macdFirstBar(fast: number, slow: number, signal: number): number {
  return Math.max(fast, slow) - 1 + signal - 1;
}

function checkPeriods(fast: number, slow: number, signal: number): [number, number] {
  assertPeriod('MACD fast period', fast, 2);
  assertPeriod('MACD slow period', slow, 2);
  assertPeriod('MACD signal period', signal, 1);
  return fast <= slow ? [fast, slow] : [slow, fast];
}

/**
 * MACD as TA_MACD computes it: the fast EMA is seeded with the SMA of the `fast` closes ending at
 * bar slow-1 (not the first `fast` closes), so both EMAs start at bar slow-1; the signal is an EMA
 * of the MACD line seeded with the SMA of its first `signal` values. All three outputs start at
 * bar slow+signal-2 (33 for 12/26/9). `out`, when given, receives the result.
 */
export function macd(
  closes: Float64Array,
  fastPeriod = 12,
  slowPeriod = 26,
  signalPeriod = 9,
  out?: MacdSeries,
): MacdSeries {
  const [fast, slow] = checkPeriods(fastPeriod, slowPeriod, signalPeriod);
  const length = closes.length;
  const first = macdFirstBar(fast, slow, signalPeriod);
  const macdOut = warmupOutput(length, first, out?.macd);
  const signalOut = warmupOutput(length, first, out?.signal);
  const histOut = warmupOutput(length, first, out?.histogram);
  const result = { macd: macdOut, signal: signalOut, histogram: histOut };
  if (length <= first) return result;

  const kFast = emaFactor(fast);
  const kSlow = emaFactor(slow);
  const kSignal = emaFactor(signalPeriod);
  const fastSeedStart = slow - fast;
  let fastSum = 0;
  let slowSum = 0;
  for (let i = 0; i < slow; i++) {
    slowSum += closes[i];
    if (i >= fastSeedStart) fastSum += closes[i];
  }
  let fastEma = fastSum / fast;
  let slowEma = slowSum / slow;
  let signalSum = fastEma - slowEma;
  for (let i = slow; i <= first; i++) {
    const close = closes[i];
    fastEma = (close - fastEma) * kFast + fastEma;
    slowEma = (close - slowEma) * kSlow + slowEma;
    signalSum += fastEma - slowEma;
  }
  let line = fastEma - slowEma;
  let signal = signalSum / signalPeriod;
  macdOut[first] = line;
  signalOut[first] = signal;
  histOut[first] = line - signal;
  for (let i = first + 1; i < length; i++) {
    const close = closes[i];
    fastEma = (close - fastEma) * kFast + fastEma;
    slowEma = (close - slowEma) * kSlow + slowEma;
    line = fastEma - slowEma;
    signal = (line - signal) * kSignal + signal;
    macdOut[i] = line;
    signalOut[i] = signal;
    histOut[i] = line - signal;
  }
  return result;
}

const NO_MACD: MacdValue = Object.freeze({ macd: NaN, signal: NaN, histogram: NaN });

export class MacdUpdater implements StreamingIndicator<MacdValue> {
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly signalPeriod: number;
  readonly #fast: EmaUpdater;
  readonly #slow: EmaUpdater;
  readonly #signal: EmaUpdater;
  readonly #first: number;
  #count = 0;

  constructor(fastPeriod = 12, slowPeriod = 26, signalPeriod = 9) {
    const [fast, slow] = checkPeriods(fastPeriod, slowPeriod, signalPeriod);
    this.fastPeriod = fast;
    this.slowPeriod = slow;
    this.signalPeriod = signalPeriod;
    this.#fast = new EmaUpdater(fast);
    this.#slow = new EmaUpdater(slow);
    this.#signal = new EmaUpdater(signalPeriod);
    this.#first = macdFirstBar(fast, slow, signalPeriod);
  }

  get count(): number {
    return this.#count;
  }

  update(close: number): MacdValue {
    const index = this.#count++;
    const slow = this.#slow.update(close);
    if (index < this.slowPeriod - this.fastPeriod) return NO_MACD;
    const line = this.#fast.update(close) - slow;
    if (index < this.slowPeriod - 1) return NO_MACD;
    return this.#result(index, line, this.#signal.update(line));
  }

  peek(close: number): MacdValue {
    const index = this.#count;
    if (index < this.slowPeriod - 1) return NO_MACD;
    const line = this.#fast.peek(close) - this.#slow.peek(close);
    return this.#result(index, line, this.#signal.peek(line));
  }

  #result(index: number, line: number, signal: number): MacdValue {
    if (index < this.#first) return NO_MACD;
    return { macd: line, signal, histogram: line - signal };
  }
}
