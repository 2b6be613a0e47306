export { SystemClock } from './system-clock.js';
export { ManualClock } from './manual-clock.js';
export { ScaledClock, type ScaledClockOptions } from './scaled-clock.js';
