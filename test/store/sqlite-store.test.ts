import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openKyselyStore, openStore, parseDatabaseUrl } from '../../src/store/index.js';
import { runStoreContract } from '../contract/store.contract.js';
import { expectSequencesSeededFromOldIds } from './sequence-seed.js';

const root = mkdtempSync(join(tmpdir(), 'store-sqlite-'));
let counter = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

runStoreContract('SQLite file', () =>
  openStore({ url: `sqlite:${join(root, `contract-${++counter}.db`)}`, dataDir: root }),
);
runStoreContract('SQLite :memory:', () => openStore({ url: 'sqlite::memory:', dataDir: root }));

describe('SQLite journal setup', () => {
  it('openStore when no url is given then creates the data folder and trading.db in it', async () => {
    const dataDir = join(root, 'nested', 'data');
    const store = await openStore({ dataDir });
    await store.close();
    expect(statSync(join(dataDir, 'trading.db')).isFile()).toBe(true);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });

  it('openStore on a file then uses WAL with synchronous FULL', async () => {
    const store = await openKyselyStore({ url: `sqlite:${join(root, 'pragmas.db')}`, dataDir: root });
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.database);
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.database);
    await store.close();
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    expect(sync.rows[0]?.synchronous).toBe(2);
  });

  it('migrate when the journal predates the sequences then they start above every paper id already used', async () => {
    await expectSequencesSeededFromOldIds(() =>
      openKyselyStore({ url: `sqlite:${join(root, 'old-ids.db')}`, dataDir: root, migrate: false }),
    );
  });

  it('reopening a file then the journal is still there', async () => {
    const url = `sqlite:${join(root, 'reopen.db')}`;
    const first = await openStore({ url, dataDir: root });
    await first.saveBalances('paper', [{ asset: 'USD', free: '10000', locked: '0' }], 1);
    await first.close();
    const second = await openStore({ url, dataDir: root });
    expect(await second.loadBalances('paper')).toEqual([{ asset: 'USD', free: '10000', locked: '0' }]);
    await second.close();
  });

  it('recordContextSnapshot then the row keeps types, symbols, summary, hash, size and the payload only when given', async () => {
    const store = await openKyselyStore({ url: 'sqlite::memory:', dataDir: root });
    await store.recordContextSnapshot({
      mode: 'live',
      time: 5,
      contextTypes: ['market', 'portfolio'],
      symbols: ['BTCUSD'],
      summary: '{"last":"1.5"}',
      sha256: 'f00',
      bytes: 14,
      payload: '{"last":"1.5"}',
    });
    await store.recordContextSnapshot({
      mode: 'paper',
      time: 9,
      contextTypes: ['market'],
      symbols: [],
      summary: '{}',
      sha256: 'ba1',
      bytes: 2,
    });
    const rows = await store.database.selectFrom('context_snapshots').selectAll().orderBy('time').execute();
    expect(rows).toMatchObject([
      {
        mode: 'live',
        time: 5,
        context_types: '["market","portfolio"]',
        symbols: '["BTCUSD"]',
        summary: '{"last":"1.5"}',
        payload_sha256: 'f00',
        payload_bytes: 14,
        payload: '{"last":"1.5"}',
      },
      { mode: 'paper', time: 9, payload: null },
    ]);
    expect(await store.pruneContextSnapshots(9)).toBe(1);
    expect(await store.database.selectFrom('context_snapshots').select('time').execute()).toEqual([{ time: 9 }]);
    await store.close();
  });

  it('a row with a mode other than paper or live then the database refuses it', async () => {
    const store = await openKyselyStore({ url: 'sqlite::memory:', dataDir: root });
    await expect(store.audit({ mode: 'demo' as 'paper', time: 1, actor: 'x', action: 'y' })).rejects.toThrow(
      /CHECK constraint/,
    );
    await store.close();
  });

  it('parseDatabaseUrl when given each accepted form then names the dialect and location', () => {
    expect(parseDatabaseUrl(undefined, '/data')).toEqual({ dialect: 'sqlite', path: '/data/trading.db' });
    expect(parseDatabaseUrl('', '/data')).toEqual({ dialect: 'sqlite', path: '/data/trading.db' });
    expect(parseDatabaseUrl('sqlite:/var/j.db', '/data')).toEqual({ dialect: 'sqlite', path: '/var/j.db' });
    expect(parseDatabaseUrl('sqlite:///var/j.db', '/data')).toEqual({ dialect: 'sqlite', path: '/var/j.db' });
    expect(parseDatabaseUrl('sqlite::memory:', '/data')).toEqual({ dialect: 'sqlite', path: ':memory:' });
    expect(parseDatabaseUrl('sqlite:rel.db', '/data')).toEqual({
      dialect: 'sqlite',
      path: join(process.cwd(), 'rel.db'),
    });
    expect(parseDatabaseUrl('postgres://u:p@h:5432/db', '/data')).toEqual({
      dialect: 'postgres',
      url: 'postgres://u:p@h:5432/db',
    });
    expect(parseDatabaseUrl('postgresql://h/db', '/data')).toEqual({ dialect: 'postgres', url: 'postgresql://h/db' });
  });

  it('parseDatabaseUrl when the form is unknown then throws without showing the password', () => {
    expect(() => parseDatabaseUrl('mysql://u:secret@h/db', '/data')).toThrow(/mysql:\/\/\*\*\*@h\/db.*sqlite:PATH/);
    expect(() => parseDatabaseUrl('mysql://u:secret@h/db', '/data')).not.toThrow(/secret/);
    expect(() => parseDatabaseUrl('sqlite:', '/data')).toThrow(/not understood/);
  });
});

describe('SQLite journal files are private', () => {
  it('openStore when DATA_DIR already exists (mode 0755) then trading.db and its -wal/-shm are created 0600', async () => {
    const dataDir = join(root, 'existing');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const store = await openStore({ dataDir });
    await store.saveBalances('paper', [{ asset: 'USD', free: '1', locked: '0' }], 1);
    const modes = ['trading.db', 'trading.db-wal', 'trading.db-shm'].map((name) => [
      name,
      statSync(join(dataDir, name)).mode & 0o777,
    ]);
    await store.close();
    expect(modes).toEqual([
      ['trading.db', 0o600],
      ['trading.db-wal', 0o600],
      ['trading.db-shm', 0o600],
    ]);
  });

  it('openStore when an older run left trading.db readable by others then it is made 0600', async () => {
    const dataDir = join(root, 'loose');
    mkdirSync(dataDir, { mode: 0o755 });
    const first = await openStore({ dataDir });
    await first.close();
    for (const name of ['trading.db', 'trading.db-wal', 'trading.db-shm'])
      if (existsSync(join(dataDir, name))) chmodSync(join(dataDir, name), 0o644);
    const second = await openStore({ dataDir });
    await second.saveBalances('paper', [], 1);
    const modes = ['trading.db', 'trading.db-wal', 'trading.db-shm']
      .filter((name) => existsSync(join(dataDir, name)))
      .map((name) => statSync(join(dataDir, name)).mode & 0o777);
    await second.close();
    expect(modes.every((m) => m === 0o600)).toBe(true);
    expect(modes.length).toBeGreaterThan(0);
  });
});
