import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const writer = join(repoRoot, 'test/store/fixtures/crash-writer.ts');
const root = mkdtempSync(join(tmpdir(), 'store-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Acks {
  intents: Set<number>;
  executions: Set<number>;
}

/** Runs the writer until it has acknowledged `killAfter` lines, then SIGKILLs it; returns what it acknowledged. */
function runAndKill(dbPath: string, first: number, killAfter: number): Promise<Acks> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dbPath, String(first)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: Acks = { intents: new Set(), executions: new Set() };
    let seen = 0;
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const [kind, n] = line.split(' ');
        (kind === 'INTENT' ? acks.intents : acks.executions).add(Number(n));
        if (++seen === killAfter) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal === 'SIGKILL') resolvePromise(acks);
      else reject(new Error(`writer ended on its own (signal ${signal}): ${stderr}`));
    });
  });
}

describe('SQLite journal crash safety', () => {
  it(
    'writer when SIGKILLed mid-burst then every acknowledged row survives, whole, and the file is intact',
    { timeout: 120_000 },
    async () => {
      const dbPath = join(root, 'crash.db');
      const acknowledged: Acks = { intents: new Set(), executions: new Set() };
      let next = 0;
      for (const killAfter of [1, 41, 157, 263]) {
        const acks = await runAndKill(dbPath, next, killAfter);
        acks.intents.forEach((n) => acknowledged.intents.add(n));
        acks.executions.forEach((n) => acknowledged.executions.add(n));

        const raw = new Database(dbPath);
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        raw.close();

        const store = await openStore({ url: `sqlite:${dbPath}`, dataDir: root });
        const orders = await store.listOrders({ mode: 'paper', limit: 100_000 });
        const fills = await store.listFills({ mode: 'paper', limit: 100_000 });
        const balances = await store.loadBalances('paper');
        await store.close();

        const byNumber = new Map(orders.map((o) => [Number(o.clientOrderId.slice(2)), o]));
        const fillsByOrder = new Map<string, string[]>();
        for (const f of fills)
          fillsByOrder.set(f.clientOrderId, [...(fillsByOrder.get(f.clientOrderId) ?? []), f.tradeId]);

        for (const n of acknowledged.intents)
          expect(byNumber.has(n), `acknowledged intent o-${n} is missing`).toBe(true);
        for (const n of acknowledged.executions) {
          expect(byNumber.get(n)?.status, `acknowledged execution o-${n}`).toBe('FILLED');
        }
        // Atomicity: an order is either still PENDING with no fills, or FILLED with both of its fills.
        for (const [n, order] of byNumber) {
          const trades = (fillsByOrder.get(order.clientOrderId) ?? []).sort();
          if (order.status === 'FILLED') expect(trades).toEqual([`a-${n}`, `b-${n}`]);
          else expect({ status: order.status, trades }).toEqual({ status: 'PENDING', trades: [] });
        }
        // Balances were written with the executions: they belong to a committed one no older than the last acknowledged.
        if (acknowledged.executions.size > 0) {
          const seq = Number(balances?.find((b) => b.asset === 'SEQ')?.free);
          expect(seq).toBeGreaterThanOrEqual(Math.max(...acknowledged.executions));
          expect(byNumber.get(seq)?.status).toBe('FILLED');
          expect(balances).toEqual([
            { asset: 'SEQ', free: `${seq}`, locked: '0' },
            { asset: 'USD', free: `${1_000_000 - seq}.5`, locked: '0.00000001' },
          ]);
        }
        next = Math.max(-1, ...byNumber.keys()) + 1;
      }
      expect(acknowledged.executions.size).toBeGreaterThan(100);
    },
  );
});
