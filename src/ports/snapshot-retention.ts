/** Context snapshots are kept for a while only (SNAPSHOT_RETENTION_DAYS). */
export interface SnapshotRetention {
  /** Deletes the snapshots taken before `time` (ms), of both modes; returns how many. */
  pruneContextSnapshots(time: number): Promise<number>;
}
