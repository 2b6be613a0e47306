import { afterAll, describe, expect, it } from 'vitest';
import type { NotifyEvent } from '../../src/notify/events.js';
import { KyselyNotificationOutbox, openKyselyStore, type KyselyStore } from '../../src/store/index.js';
import { createScratchPostgresDatabase } from '../contract/store.contract.js';

const adminUrl = process.env.TEST_DATABASE_URL;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const ev = (key: string): NotifyEvent => ({
  key,
  kind: 'fill',
  mode: 'live',
  time: 1,
  text: `LIVE · ${key}`,
  details: { n: 1 },
});

function outboxContract(name: string, open: () => Promise<KyselyStore>) {
  it(`${name}: once per (event, channel), claims with a lease, retries, delivers`, async () => {
    const store = await open();
    cleanups.push(() => store.close());
    const outbox = new KyselyNotificationOutbox(store.database);
    await outbox.enqueue(
      [
        { event: ev('a'), channel: 'telegram', silent: false },
        { event: ev('a'), channel: 'discord', silent: true },
      ],
      100,
    );
    await outbox.enqueue(
      [
        { event: ev('a'), channel: 'telegram', silent: false },
        { event: ev('b'), channel: 'telegram', silent: false },
      ],
      101,
    );
    const claimed = await outbox.claimDue('telegram', 200, 1000, 10);
    expect(claimed.map((r) => [r.eventKey, r.silent, r.attempts])).toEqual([
      ['a', false, 0],
      ['b', false, 0],
    ]);
    expect(claimed[0]!.event).toEqual(ev('a'));
    expect(await outbox.claimDue('telegram', 300, 1000, 10)).toEqual([]); // leased to the first claimer
    await outbox.retryLater(claimed[0]!.id, 5000, 'HTTP 502');
    await outbox.markDelivered(claimed[1]!.id, 300);
    expect(await outbox.nextDue('telegram')).toBe(5000);
    expect(await outbox.claimDue('telegram', 4999, 1000, 10)).toEqual([]);
    const again = await outbox.claimDue('telegram', 5000, 1000, 10);
    expect(again.map((r) => [r.eventKey, r.attempts])).toEqual([['a', 1]]);
    await outbox.release(again.map((r) => r.id));
    const third = await outbox.claimDue('telegram', 5001, 1000, 10);
    await outbox.markFailed(third[0]!.id, 5001, 'HTTP 400 chat not found');
    expect(await outbox.nextDue('telegram')).toBeUndefined();
    expect((await outbox.claimDue('discord', 200, 1000, 10)).map((r) => [r.eventKey, r.silent])).toEqual([['a', true]]);
    expect(await outbox.hasEvent('a')).toBe(true);
    expect(await outbox.hasEvent('zzz')).toBe(false);
  });
}

describe('notification outbox', () => {
  outboxContract('SQLite', () => openKyselyStore({ url: 'sqlite::memory:', dataDir: '/nonexistent' }));
  describe.skipIf(!adminUrl)('PostgreSQL (skipped: TEST_DATABASE_URL is not set)', () => {
    outboxContract('PostgreSQL', async () => {
      const scratch = await createScratchPostgresDatabase(adminUrl!);
      cleanups.unshift(scratch.drop);
      return openKyselyStore({ url: scratch.url, dataDir: '/nonexistent' });
    });
  });
});
