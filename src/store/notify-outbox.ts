import type { Kysely } from 'kysely';
import type { NotifyEvent } from '../notify/events.js';
import type { NotificationOutbox, OutboxRow } from '../ports/notification-outbox.js';
import { msOut } from './rows.js';
import type { JournalDatabase } from './schema.js';

/** The outbox in the journal's database (table of migration 0010_notify_outbox). */
export class KyselyNotificationOutbox implements NotificationOutbox {
  constructor(private readonly db: Kysely<JournalDatabase>) {}

  async enqueue(rows: { event: NotifyEvent; channel: string; silent: boolean }[], now: number): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('notify_outbox')
      .values(
        rows.map(({ event, channel, silent }) => ({
          event_key: event.key,
          channel,
          kind: event.kind,
          mode: event.mode,
          silent: silent ? 1 : 0,
          event: JSON.stringify(event),
          created_at: now,
          attempts: 0,
          next_at: now,
          claimed_until: null,
          delivered_at: null,
          failed_at: null,
          last_error: null,
        })),
      )
      .onConflict((oc) => oc.columns(['event_key', 'channel']).doNothing())
      .execute();
  }

  async claimDue(channel: string, now: number, leaseMs: number, limit: number): Promise<OutboxRow[]> {
    const due = this.db
      .selectFrom('notify_outbox')
      .select('id')
      .where('channel', '=', channel)
      .where('delivered_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('next_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .orderBy('id')
      .limit(limit);
    const rows = await this.db
      .updateTable('notify_outbox')
      .set({ claimed_until: now + leaseMs })
      .where('id', 'in', due)
      .where('delivered_at', 'is', null)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .returningAll()
      .execute();
    return rows
      .map((row) => ({
        id: Number(row.id),
        eventKey: row.event_key,
        channel: row.channel,
        silent: Number(row.silent) === 1,
        event: JSON.parse(row.event) as NotifyEvent,
        attempts: Number(row.attempts),
        nextAt: msOut(row.next_at),
      }))
      .sort((a, b) => a.id - b.id);
  }

  async markDelivered(id: number, now: number): Promise<void> {
    await this.db
      .updateTable('notify_outbox')
      .set({ delivered_at: now, claimed_until: null, last_error: null })
      .where('id', '=', id)
      .execute();
  }

  async retryLater(id: number, nextAt: number, error: string): Promise<void> {
    await this.db
      .updateTable('notify_outbox')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        next_at: nextAt,
        claimed_until: null,
        last_error: error.slice(0, 500),
      }))
      .where('id', '=', id)
      .execute();
  }

  async markFailed(id: number, now: number, error: string): Promise<void> {
    await this.db
      .updateTable('notify_outbox')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        failed_at: now,
        claimed_until: null,
        last_error: error.slice(0, 500),
      }))
      .where('id', '=', id)
      .execute();
  }

  async release(ids: number[]): Promise<void> {
    if (ids.length > 0)
      await this.db
        .updateTable('notify_outbox')
        .set({ claimed_until: null })
        .where('id', 'in', ids)
        .where('delivered_at', 'is', null)
        .execute();
  }

  async nextDue(channel: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('notify_outbox')
      .select((eb) => eb.fn.min('next_at').as('next'))
      .where('channel', '=', channel)
      .where('delivered_at', 'is', null)
      .where('failed_at', 'is', null)
      .executeTakeFirst();
    return row?.next === null || row?.next === undefined ? undefined : msOut(row.next);
  }

  async hasEvent(eventKey: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('notify_outbox')
      .select('id')
      .where('event_key', '=', eventKey)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}
