import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryBacktestJournal } from '../../src/backtest/memory-journal.js';
import type { BacktestJournal, BacktestRecord } from '../../src/ports/backtest-journal.js';
import { KyselyBacktestJournal, openKyselyStore } from '../../src/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'bt-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (id: string, createdAt: number, hash = 'h1'): BacktestRecord => ({
  id,
  createdAt,
  strategyHash: hash,
  strategyName: 'sma-cross',
  market: 'synthetic:42',
  symbols: ['BTCUSDT'],
  interval: '1h',
  from: 1_000,
  to: 2_000,
  summary: { totalReturn: 0.1 },
  result: { trades: [{ pnl: 1.5 }], metrics: { sharpe: 1.2 } },
});

describe.each([
  [
    'memory',
    async (): Promise<[BacktestJournal, () => Promise<void>]> => [new MemoryBacktestJournal(), async () => {}],
  ],
  [
    'sqlite (migration 0008_backtests)',
    async (): Promise<[BacktestJournal, () => Promise<void>]> => {
      const store = await openKyselyStore({ url: `sqlite:${join(dir, `${Math.random()}.db`)}`, dataDir: dir });
      return [new KyselyBacktestJournal(store.database), () => store.close()];
    },
  ],
])('BacktestJournal over %s', (_name, open) => {
  it('records, reads back exactly, lists newest first and by strategy hash, refuses a duplicate id', async () => {
    const [journal, close] = await open();
    try {
      await journal.record(run('bt_a', 10));
      await journal.record(run('bt_b', 20, 'h2'));
      await journal.record(run('bt_c', 30));
      expect(await journal.get('bt_b')).toEqual(run('bt_b', 20, 'h2'));
      expect(await journal.get('bt_none')).toBeUndefined();
      expect((await journal.list()).map((r) => r.id)).toEqual(['bt_c', 'bt_b', 'bt_a']);
      expect((await journal.list({ strategyHash: 'h1', limit: 1 })).map((r) => r.id)).toEqual(['bt_c']);
      expect((await journal.list())[0]).not.toHaveProperty('result');
      await expect(journal.record(run('bt_a', 40))).rejects.toThrow();
    } finally {
      await close();
    }
  });
});
