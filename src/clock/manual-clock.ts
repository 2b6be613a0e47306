import type { Clock } from '../ports/clock.js';

/** A clock that moves only when told to: for tests and step-by-step simulations. */
export class ManualClock implements Clock {
  private time: number;

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  set(time: number): void {
    this.time = time;
  }

  advance(ms: number): number {
    if (ms < 0) throw new RangeError(`ManualClock cannot move backwards (advance by ${ms} ms)`);
    this.time += ms;
    return this.time;
  }
}
