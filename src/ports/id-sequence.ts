/**
 * Named counters kept in the journal. A number handed out is never handed out again, whatever
 * happens afterwards: restarts, crashes, resets, or another process sharing the journal.
 */
export interface IdSequence {
  /** Reserves `count` (≥ 1) consecutive numbers of the counter `name`; returns the first. Counters start at 1. */
  reserve(name: string, count: number): Promise<number>;
}
