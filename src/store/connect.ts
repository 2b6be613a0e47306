import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { StoreDialect } from './migrations.js';
import type { JournalDatabase } from './schema.js';

export type DatabaseLocation = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

/**
 * DATABASE_URL forms: empty (SQLite at DATA_DIR/trading.db), `sqlite:PATH` (also `sqlite:///abs/path`),
 * `sqlite::memory:`, `postgres://...` and `postgresql://...`.
 */
export function parseDatabaseUrl(url: string | undefined, dataDir: string): DatabaseLocation {
  const raw = (url ?? '').trim();
  if (raw === '') return { dialect: 'sqlite', path: join(resolve(dataDir), 'trading.db') };
  if (/^postgres(ql)?:\/\//.test(raw)) return { dialect: 'postgres', url: raw };
  if (raw.startsWith('sqlite:')) {
    let path = raw.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === ':memory:') return { dialect: 'sqlite', path };
    if (path !== '') return { dialect: 'sqlite', path: resolve(path) };
  }
  const shown = raw.replace(/\/\/[^@/]*@/, '//***@');
  throw new Error(
    `DATABASE_URL ${shown} is not understood: use sqlite:PATH, sqlite::memory: or postgres://user:password@host:port/database`,
  );
}

export interface Connection {
  dialect: StoreDialect;
  db: Kysely<JournalDatabase>;
}

export async function connect(
  location: DatabaseLocation,
  onPoolError: (error: Error) => void = () => {},
): Promise<Connection> {
  return location.dialect === 'sqlite'
    ? { dialect: 'sqlite', db: connectSqlite(location.path) }
    : { dialect: 'postgres', db: await connectPostgres(location.url, onPoolError) };
}

/**
 * WAL with synchronous=FULL: every commit is fsynced to the WAL before it returns, so an
 * acknowledged write survives a process kill and also a power cut (NORMAL would survive only
 * the former). The busy timeout lets a second process (the CLI beside a running server) wait
 * for the write lock instead of failing.
 */
export function connectSqlite(path: string): Kysely<JournalDatabase> {
  if (path !== ':memory:') makePrivate(path);
  const database = new Database(path, { timeout: 5000 });
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  return new Kysely<JournalDatabase>({ dialect: new SqliteDialect({ database }) });
}

/**
 * The journal holds the account's history: its folder is created 0700, and the file is created
 * 0600 before SQLite opens it whatever the umask, so its -wal and -shm (which SQLite creates with
 * the database file's mode) are 0600 too. Files an older run left readable by others are tightened.
 */
function makePrivate(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(file, 0o600);
    } catch (error) {
      // Absent (no -wal yet) or not ours to change: SQLite still opens it, or says why it cannot.
      if (!['ENOENT', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
}

/** A broken idle connection is dropped by the pool; the next query reports the failure itself. */
export async function connectPostgres(
  url: string,
  onPoolError: (error: Error) => void,
): Promise<Kysely<JournalDatabase>> {
  // Loaded only when used: most installations never need the PostgreSQL driver at start-up.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', onPoolError);
  return new Kysely<JournalDatabase>({ dialect: new PostgresDialect({ pool }) });
}
