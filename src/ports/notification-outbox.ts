import type { NotifyEvent } from '../model/notify-event.js';

/** One event waiting for (or done with) one channel. */
export interface OutboxRow {
  id: number;
  eventKey: string;
  channel: string;
  silent: boolean;
  event: NotifyEvent;
  attempts: number;
  /** Not before this time (ms): backoff or the channel's retry_after. */
  nextAt: number;
}

/**
 * Where notifications wait until each channel has them. Kept apart from Store: only the notifier
 * writes and the dispatcher reads it. (event key, channel) is unique: an event is queued once per channel.
 */
export interface NotificationOutbox {
  /** Queues each event for each channel; an (event key, channel) already queued is left as it is. */
  enqueue(rows: { event: NotifyEvent; channel: string; silent: boolean }[], now: number): Promise<void>;
  /** Claims up to `limit` due rows of a channel for `leaseMs` (another process will not take them meanwhile), oldest first. */
  claimDue(channel: string, now: number, leaseMs: number, limit: number): Promise<OutboxRow[]>;
  markDelivered(id: number, now: number): Promise<void>;
  /** Puts a row back for a later attempt (attempts counted, reason kept). */
  retryLater(id: number, nextAt: number, error: string): Promise<void>;
  /** Gives a row up for good (the channel refused it in a way that will not change). */
  markFailed(id: number, now: number, error: string): Promise<void>;
  /** Releases claims this process took but did not use (clean shutdown). */
  release(ids: number[]): Promise<void>;
  /** The earliest time a row of this channel is due, if any is waiting. */
  nextDue(channel: string): Promise<number | undefined>;
  /** Whether an event with this key was queued (any channel). */
  hasEvent(eventKey: string): Promise<boolean>;
}
