import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openKyselyStore, openStore } from '../../src/store/index.js';
import { createScratchPostgresDatabase, runStoreContract } from '../contract/store.contract.js';
import { expectSequencesSeededFromOldIds } from './sequence-seed.js';

const adminUrl = process.env.TEST_DATABASE_URL;
const drops: Array<() => Promise<void>> = [];

async function scratchUrl(adminUrl: string): Promise<string> {
  const scratch = await createScratchPostgresDatabase(adminUrl);
  drops.push(scratch.drop);
  return scratch.url;
}

afterAll(async () => {
  for (const drop of drops) await drop();
});

describe.skipIf(!adminUrl)(
  'PostgreSQL journal (skipped: TEST_DATABASE_URL is not set; start one with scripts/start-postgres.sh)',
  () => {
    runStoreContract('PostgreSQL', async () =>
      openStore({ url: await scratchUrl(adminUrl!), dataDir: '/nonexistent' }),
    );

    it('migrate when the journal predates the sequences then they start above every paper id already used', async () => {
      await expectSequencesSeededFromOldIds(async () =>
        openKyselyStore({ url: await scratchUrl(adminUrl!), dataDir: '/nonexistent', migrate: false }),
      );
    });

    it('decimal columns are NUMERIC and times are BIGINT', async () => {
      const store = await openKyselyStore({ url: await scratchUrl(adminUrl!), dataDir: '/nonexistent' });
      const columns = await sql<{ column_name: string; data_type: string }>`
      select column_name, data_type from information_schema.columns
      where table_name = 'orders' and column_name in ('price', 'orig_qty', 'created_at')
      order by column_name`.execute(store.database);
      await store.close();
      expect(columns.rows).toEqual([
        { column_name: 'created_at', data_type: 'bigint' },
        { column_name: 'orig_qty', data_type: 'numeric' },
        { column_name: 'price', data_type: 'numeric' },
      ]);
    });

    it('two stores on one database when both open then migrations run once and both see each other', async () => {
      const url = await scratchUrl(adminUrl!);
      const [a, b] = await Promise.all([
        openStore({ url, dataDir: '/nonexistent' }),
        openStore({ url, dataDir: '/nonexistent' }),
      ]);
      await a.saveBalances('live', [{ asset: 'USD', free: '1.25', locked: '0' }], 1);
      expect(await b.loadBalances('live')).toEqual([{ asset: 'USD', free: '1.25', locked: '0' }]);
      await Promise.all([a.close(), b.close()]);
    });
  },
);
