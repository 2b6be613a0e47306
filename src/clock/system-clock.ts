import type { Clock } from '../ports/clock.js';

/** Real wall-clock time. The only place that reads Date.now(). */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}
