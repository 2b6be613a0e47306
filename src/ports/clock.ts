/** Time is injected: domain code never reads Date.now(). */
export interface Clock {
  /** Milliseconds since the Unix epoch, on this clock's timeline (real, replayed or manual). */
  now(): number;
}
