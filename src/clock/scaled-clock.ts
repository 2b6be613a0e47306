import type { Clock } from '../ports/clock.js';
import { SystemClock } from './system-clock.js';

export interface ScaledClockOptions {
  /** Simulated time at which the clock starts (ms since epoch). */
  start: number;
  /** Simulated milliseconds per real millisecond (60 = one simulated minute per real second). */
  speed: number;
  /** The real clock it follows; SystemClock by default (a ManualClock in tests). */
  real?: Clock;
}

/** Simulated time that starts at `start` and runs `speed` times faster than the real clock: for replays. */
export class ScaledClock implements Clock {
  readonly start: number;
  readonly speed: number;
  private readonly real: Clock;
  private readonly realStart: number;

  constructor(options: ScaledClockOptions) {
    if (!(options.speed > 0) || !Number.isFinite(options.speed)) {
      throw new RangeError(`ScaledClock speed must be a positive finite number, got ${options.speed}`);
    }
    this.start = options.start;
    this.speed = options.speed;
    this.real = options.real ?? new SystemClock();
    this.realStart = this.real.now();
  }

  now(): number {
    return this.start + Math.floor((this.real.now() - this.realStart) * this.speed);
  }
}
