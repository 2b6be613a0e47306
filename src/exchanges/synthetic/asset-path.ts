/**
 * One asset's USD log-price path, built in two layers so that any moment can be computed without
 * generating everything before it:
 * - daily closes from a GARCH(1,1) random walk with weak mean reversion towards the reference price
 *   (pegged assets: a tight AR(1) around the peg), stepped outward from an anchor day in both directions;
 * - inside each day, a one-minute path whose increments have their own GARCH-like variance
 *   (volatility clusters within the day too), bridged so it ends exactly at the next daily close.
 * Every random draw is keyed by (seed, asset, day), so the path is a pure function of time.
 */
import type { AssetSpec } from './catalog.js';
import { LruCache } from './lru.js';
import { Rng, hashKeys, hashString } from './rng.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const MINUTES_PER_DAY = 1440;

/** 2020-01-01, the day the daily walk starts from (in both directions). */
const ANCHOR_DAY = 18262;
const GARCH_ALPHA = 0.1;
const GARCH_BETA = 0.85;
const MEAN_REVERSION = 0.004;
const PEG_PERSISTENCE = 0.6;
const INTRADAY_ALPHA = 0.07;
const INTRADAY_BETA = 0.925;

export interface DayPath {
  /** Log USD price at the start of each minute of the day, plus the next day's open (1441 values). */
  logPrice: Float64Array;
  /** Volatility multiplier of each minute (mean about 1): drives wicks, volume and trade counts. */
  activity: Float64Array;
  /** Standard deviation of one minute's log return at activity 1. */
  minuteVol: number;
}

export class AssetPath {
  private readonly key: number;
  private readonly refLog: number;
  private readonly longRunVariance: number;
  private readonly isUsd: boolean;
  // Daily log price and variance, index 0 = anchor day; forward for later days, backward for earlier ones.
  private readonly forwardLog: number[];
  private readonly forwardVar: number[];
  private readonly backwardLog: number[];
  private readonly backwardVar: number[];
  private readonly days = new LruCache<number, DayPath>(96);

  constructor(
    private readonly spec: AssetSpec,
    seed: number,
  ) {
    this.key = hashKeys(seed, hashString(spec.asset));
    this.isUsd = spec.dailyVol === 0;
    this.refLog = Math.log(spec.refPriceUsd);
    this.longRunVariance = spec.dailyVol * spec.dailyVol;
    const start = spec.pegged ? 0 : this.refLog;
    this.forwardLog = [start];
    this.forwardVar = [this.longRunVariance];
    this.backwardLog = [start];
    this.backwardVar = [this.longRunVariance];
  }

  /** Log USD price at 00:00 UTC of `day` (days since 1970-01-01). */
  dailyLog(day: number): number {
    if (this.isUsd) return 0;
    return this.daily(day)[0];
  }

  dailyVol(day: number): number {
    if (this.isUsd) return 0;
    return Math.sqrt(this.daily(day)[1]);
  }

  dayPath(day: number): DayPath {
    return this.days.getOrCreate(day, () => this.buildDay(day));
  }

  private daily(day: number): [number, number] {
    const offset = day - ANCHOR_DAY;
    const logs = offset >= 0 ? this.forwardLog : this.backwardLog;
    const vars = offset >= 0 ? this.forwardVar : this.backwardVar;
    const index = Math.abs(offset);
    const direction = offset >= 0 ? 1 : -1;
    while (logs.length <= index) {
      const i = logs.length - 1;
      const stepDay = ANCHOR_DAY + direction * i;
      const z = new Rng(this.key, stepDay, 0xd1).normal();
      const prevLog = logs[i];
      const prevVar = vars[i];
      if (this.spec.pegged) {
        logs.push(PEG_PERSISTENCE * prevLog + this.spec.dailyVol * z);
        vars.push(this.longRunVariance);
      } else {
        const ret = Math.sqrt(prevVar) * z;
        logs.push(prevLog + ret - MEAN_REVERSION * (prevLog - this.refLog));
        const omega = this.longRunVariance * (1 - GARCH_ALPHA - GARCH_BETA);
        vars.push(omega + GARCH_ALPHA * ret * ret + GARCH_BETA * prevVar);
      }
    }
    return [logs[index], vars[index]];
  }

  private buildDay(day: number): DayPath {
    const logPrice = new Float64Array(MINUTES_PER_DAY + 1);
    const activity = new Float64Array(MINUTES_PER_DAY);
    if (this.isUsd) {
      activity.fill(1);
      return { logPrice, activity, minuteVol: 0 };
    }
    const open = this.dailyLog(day);
    const close = this.dailyLog(day + 1);
    const minuteVol = this.dailyVol(day) / Math.sqrt(MINUTES_PER_DAY);
    const rng = new Rng(this.key, day, 0x1d);
    const omega = 1 - INTRADAY_ALPHA - INTRADAY_BETA;
    let variance = 1;
    let sum = 0;
    for (let i = 0; i < MINUTES_PER_DAY; i++) {
      const z = rng.normal();
      const scale = Math.sqrt(variance);
      activity[i] = scale;
      sum += minuteVol * scale * z;
      logPrice[i + 1] = sum;
      variance = omega + INTRADAY_ALPHA * z * z * variance + INTRADAY_BETA * variance;
    }
    const correction = close - open - sum;
    for (let i = 0; i <= MINUTES_PER_DAY; i++) {
      logPrice[i] = open + logPrice[i] + (correction * i) / MINUTES_PER_DAY;
    }
    logPrice[MINUTES_PER_DAY] = close; // exactly the next day's open, not one rounding error away
    return { logPrice, activity, minuteVol };
  }
}
