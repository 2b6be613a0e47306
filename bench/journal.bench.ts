/**
 * Journal cost per order: the intent, then the execution (order, one fill, balances) in one
 * transaction, as the trading service writes them. SQLite on disk with synchronous=FULL (our
 * setting: an acknowledged order survives a power cut) against an in-memory SQLite baseline in the
 * same run; PostgreSQL too when TEST_DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../src/ports/store.js';
import { openStore } from '../src/store/index.js';
import { fill, intent, venueOrder } from '../test/contract/store.contract.js';

const ORDERS = 2_000;

async function journalOrders(store: Store, prefix: string): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < ORDERS; i++) {
    const record = intent(`${prefix}-${i}`, { createdAt: 1_700_000_000_000 + i, updatedAt: 1_700_000_000_000 + i });
    await store.recordIntent(record);
    const order = venueOrder(record, { orderId: String(i + 1), status: 'FILLED', executedQty: record.origQty });
    await store.recordExecution({
      mode: 'paper',
      order,
      fills: [fill(order, `${prefix}-t${i}`, record.origQty, '50000', 1_700_000_000_000 + i)],
      balances: [
        { asset: 'USD', free: String(10_000 - i), locked: '0' },
        { asset: 'BTC', free: `0.${String(i).padStart(5, '0')}`, locked: '0' },
      ],
    });
  }
  return Number(process.hrtime.bigint() - started) / 1e6 / ORDERS;
}

const dir = mkdtempSync(join(tmpdir(), 'bm-journal-bench-'));
const rows: [string, number][] = [];
try {
  const memory = await openStore({ url: 'sqlite::memory:', dataDir: dir });
  rows.push(['SQLite in memory (baseline)', await journalOrders(memory, 'm')]);
  await memory.close();
  const disk = await openStore({ url: `sqlite:${join(dir, 'trading.db')}`, dataDir: dir });
  rows.push(['SQLite file, WAL, synchronous=FULL', await journalOrders(disk, 'd')]);
  await disk.close();
  if (process.env.TEST_DATABASE_URL) {
    const { createScratchPostgresDatabase } = await import('../test/contract/store.contract.js');
    const scratch = await createScratchPostgresDatabase(process.env.TEST_DATABASE_URL);
    const pg = await openStore({ url: scratch.url, dataDir: dir });
    rows.push(['PostgreSQL (loopback, fsync off)', await journalOrders(pg, 'p')]);
    await pg.close();
    await scratch.drop();
  } else {
    console.log('(PostgreSQL row skipped: TEST_DATABASE_URL is not set; start one with scripts/start-postgres.sh)');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const baseline = rows[0]![1];
console.log(`journal one order (intent + execution with a fill and balances), ${ORDERS} orders each`);
for (const [name, ms] of rows) {
  console.log(
    `${name.padEnd(38)} ${ms.toFixed(3)} ms/order  ${Math.round(1000 / ms)
      .toLocaleString('en-US')
      .padStart(7)} orders/s  ${(ms / baseline).toFixed(2)}x baseline`,
  );
}
