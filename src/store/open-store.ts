import type { Logger } from '../log.js';
import type { IdSequence } from '../ports/id-sequence.js';
import type { LimitsJournal } from '../ports/limits-in-force.js';
import type { SnapshotRetention } from '../ports/snapshot-retention.js';
import type { OrderListJournal } from '../ports/order-list-journal.js';
import type { Store } from '../ports/store.js';
import { connect, parseDatabaseUrl } from './connect.js';
import { KyselyStore } from './kysely-store.js';

export interface OpenStoreOptions {
  /** DATABASE_URL: sqlite:PATH, sqlite::memory:, postgres://... or postgresql://...; empty or absent means <dataDir>/trading.db. */
  url?: string;
  /** Created (mode 0700) when the journal is the default SQLite file in it. */
  dataDir: string;
  /** Runs the migrations before returning (default true). */
  migrate?: boolean;
  /** Receives PostgreSQL pool errors on idle connections. */
  logger?: Logger;
}

/** The journal's ports: the Store, the id sequences, the limits in force, the snapshots' retention and the order lists. */
export type Journal = Store & IdSequence & LimitsJournal & SnapshotRetention & OrderListJournal;

/** Opens the journal named by DATABASE_URL and brings its schema up to date; it also keeps the id sequences. */
export async function openStore(options: OpenStoreOptions): Promise<Journal> {
  return openKyselyStore(options);
}

/** Same as openStore, typed as the concrete class (tests and tools that inspect the tables). */
export async function openKyselyStore(options: OpenStoreOptions): Promise<KyselyStore> {
  const location = parseDatabaseUrl(options.url, options.dataDir);
  const { dialect, db } = await connect(location, (error) =>
    options.logger?.warn({ err: error }, 'journal database connection dropped'),
  );
  const store = new KyselyStore(dialect, db);
  if (options.migrate !== false) {
    try {
      await store.migrate();
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
  }
  return store;
}
