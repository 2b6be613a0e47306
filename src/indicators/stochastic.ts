import type { Bar } from './ohlcv.js';
import { assertSameLength } from './ohlcv.js';
import { assertPeriod, warmupOutput } from './series.js';
import { sma, SmaUpdater } from './sma.js';
import type { StreamingIndicator } from './streaming.js';
import { WindowMax } from './window-extreme.js';

export interface StochasticSeries {
  k: Float64Array;
  d: Float64Array;
}

export interface StochasticValue {
  k: number;
  d: number;
}

/** Slow stochastic's first bar: both lines start together, as TA_STOCH reports them. */
export function stochasticFirstBar(kPeriod: number, kSlowing: number, dPeriod: number): number {
  return kPeriod - 1 + kSlowing - 1 + dPeriod - 1;
}

/**
 * Fast %K in TA-Lib's operation order, (close - lowest) / ((highest - lowest) / 100). A window
 * with no range reads 50 (TA-Lib says 0, i.e. "at the low", for a market that did not move).
 */
export function fastK(close: number, highest: number, lowest: number): number {
  const range = (highest - lowest) / 100;
  return range !== 0 ? (close - lowest) / range : 50;
}

function checkPeriods(kPeriod: number, kSlowing: number, dPeriod: number): void {
  assertPeriod('stochastic %K period', kPeriod);
  assertPeriod('stochastic %K slowing', kSlowing);
  assertPeriod('stochastic %D period', dPeriod);
}

/**
 * Slow stochastic as TA_STOCH with SMA smoothing: %K = SMA(kSlowing) of fast %K over `kPeriod`
 * bars, %D = SMA(dPeriod) of %K. Defaults 14, 3, 3.
 */
export function stochastic(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  kPeriod = 14,
  kSlowing = 3,
  dPeriod = 3,
): StochasticSeries {
  checkPeriods(kPeriod, kSlowing, dPeriod);
  const length = assertSameLength(high, low, close);
  const first = stochasticFirstBar(kPeriod, kSlowing, dPeriod);
  const k = warmupOutput(length, first);
  const d = warmupOutput(length, first);
  if (length <= first) return { k, d };
  const highest = new WindowMax(kPeriod);
  const lowest = new WindowMax(kPeriod);
  const raw = new Float64Array(length - (kPeriod - 1));
  for (let i = 0; i < length; i++) {
    const hh = highest.push(high[i]);
    const ll = -lowest.push(-low[i]);
    if (i >= kPeriod - 1) raw[i - (kPeriod - 1)] = fastK(close[i], hh, ll);
  }
  const slowK = sma(raw, kSlowing);
  const slowD = sma(slowK.subarray(kSlowing - 1), dPeriod);
  const offset = kPeriod - 1;
  for (let i = first; i < length; i++) {
    k[i] = slowK[i - offset];
    d[i] = slowD[i - offset - (kSlowing - 1)];
  }
  return { k, d };
}

const NO_STOCHASTIC: StochasticValue = Object.freeze({ k: NaN, d: NaN });

export class StochasticUpdater implements StreamingIndicator<StochasticValue, Bar> {
  readonly #first: number;
  readonly #kPeriod: number;
  readonly #highest: WindowMax;
  readonly #lowest: WindowMax;
  readonly #slowK: SmaUpdater;
  readonly #slowD: SmaUpdater;
  #count = 0;

  constructor(kPeriod = 14, kSlowing = 3, dPeriod = 3) {
    checkPeriods(kPeriod, kSlowing, dPeriod);
    this.#kPeriod = kPeriod;
    this.#first = stochasticFirstBar(kPeriod, kSlowing, dPeriod);
    this.#highest = new WindowMax(kPeriod);
    this.#lowest = new WindowMax(kPeriod);
    this.#slowK = new SmaUpdater(kSlowing);
    this.#slowD = new SmaUpdater(dPeriod);
  }

  get count(): number {
    return this.#count;
  }

  update(bar: Bar): StochasticValue {
    const index = this.#count++;
    const hh = this.#highest.push(bar.high);
    const ll = -this.#lowest.push(-bar.low);
    if (index < this.#kPeriod - 1) return NO_STOCHASTIC;
    const k = this.#slowK.update(fastK(bar.close, hh, ll));
    if (Number.isNaN(k)) return NO_STOCHASTIC;
    const d = this.#slowD.update(k);
    return index < this.#first ? NO_STOCHASTIC : { k, d };
  }

  peek(bar: Bar): StochasticValue {
    if (this.#count < this.#first) return NO_STOCHASTIC;
    const hh = this.#highest.peek(bar.high);
    const ll = -this.#lowest.peek(-bar.low);
    const k = this.#slowK.peek(fastK(bar.close, hh, ll));
    return { k, d: this.#slowD.peek(k) };
  }
}
