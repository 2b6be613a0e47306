import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../src/clock/index.js';
import { openPaperBroker } from '../../src/compose/paper-broker.js';
import { loadConfig } from '../../src/config.js';
import { SyntheticMarketData } from '../../src/exchanges/synthetic/index.js';
import { silentLogger } from '../../src/log.js';
import { Big } from '../../src/model/money.js';
import { openStore } from '../../src/store/index.js';

const CHILD = new URL('../support/crash-child.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'bm-crash-'));
const dbFile = join(dir, 'trading.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ack {
  ack: 'order' | 'cancel';
  clientOrderId: string;
  status: string;
  orderStatus?: string | null;
}

/** Runs the child until it has acknowledged `acks` outcomes, then kills it with SIGKILL. */
function runAndKill(acks: number, seed: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbFile, dir, String(seed)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const seen: Ack[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as Ack & { ready?: boolean };
      if (message.ready) return;
      seen.push(message);
      if (seen.length === acks) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(seen) : reject(new Error(`child exited ${code}: ${stderr}`)),
    );
  });
}

describe('crash safety: SIGKILL during a burst of orders', () => {
  it('when the process is killed at random points then every acknowledged order survives and balances match the journaled fills', async () => {
    const acknowledged: Ack[] = [];
    for (const [round, acks] of [
      [1, 7 + Math.floor(Math.random() * 20)],
      [2, 3 + Math.floor(Math.random() * 30)],
      [3, 11 + Math.floor(Math.random() * 15)],
    ] as const) {
      acknowledged.push(...(await runAndKill(acks, round)));

      const store = await openStore({ url: `sqlite:${dbFile}`, dataDir: dir });
      const clock = new SystemClock();
      const marketData = new SyntheticMarketData(clock);
      try {
        for (const ack of acknowledged) {
          const order = await store.findOrder('paper', ack.clientOrderId);
          expect(order, `acknowledged ${ack.clientOrderId} is journaled`).toBeDefined();
          if (ack.ack === 'cancel' && ack.status === 'canceled') expect(order!.status).toBe('CANCELED');
          if (ack.ack === 'order' && ack.orderStatus === 'FILLED') expect(order!.status).toBe('FILLED');
          if (ack.ack === 'order' && ack.status === 'rejected') expect(order!.status).toBe('REJECTED');
        }

        const { broker } = await openPaperBroker(
          loadConfig({ DATA_DIR: dir }),
          marketData,
          store,
          clock,
          silentLogger(),
        );
        const journalOpen = (await store.listOrders({ mode: 'paper', openOnly: true, limit: 10_000 })).filter(
          (o) => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED',
        );
        expect((await broker.openOrders()).map((o) => o.clientOrderId).sort()).toEqual(
          journalOpen.map((o) => o.clientOrderId).sort(),
        );
        expect(await store.listOrders({ mode: 'paper', openOnly: true, limit: 10_000 })).toHaveLength(
          journalOpen.length,
        );

        // Balances restored equal the stored ones and follow exactly from the journaled fills.
        const balances = await broker.balances();
        const total = (asset: string) => {
          const b = balances.find((x) => x.asset === asset);
          return b ? new Big(b.free).plus(b.locked) : new Big(0);
        };
        let usd = new Big(10_000);
        let btc = new Big(0);
        for (const fill of await store.listFills({ mode: 'paper', limit: 100_000 })) {
          if (fill.side === 'BUY') {
            usd = usd.minus(fill.quoteQty);
            btc = btc.plus(fill.qty).minus(fill.commission);
          } else {
            usd = usd.plus(fill.quoteQty).minus(fill.commission);
            btc = btc.minus(fill.qty);
          }
        }
        expect(total('USD').eq(usd), `USD ${total('USD')} vs fills ${usd}`).toBe(true);
        expect(total('BTC').eq(btc), `BTC ${total('BTC')} vs fills ${btc}`).toBe(true);
        const stored = await store.loadBalances('paper');
        expect(
          stored
            ?.map((b) => ({ asset: b.asset, total: new Big(b.free).plus(b.locked).toFixed() }))
            .sort((a, b) => a.asset.localeCompare(b.asset)),
        ).toEqual(
          balances
            .map((b) => ({ asset: b.asset, total: new Big(b.free).plus(b.locked).toFixed() }))
            .sort((a, b) => a.asset.localeCompare(b.asset)),
        );
        // Locked funds are exactly what the open orders hold.
        const lockedUsd = journalOpen
          .filter((o) => o.side === 'BUY')
          .reduce((s, o) => s.plus(new Big(o.origQty).minus(o.executedQty).times(o.price!)), new Big(0));
        expect(new Big(balances.find((b) => b.asset === 'USD')!.locked).eq(lockedUsd)).toBe(true);
        await broker.close();
      } finally {
        await marketData.close();
        await store.close();
      }
    }
    expect(acknowledged.length).toBeGreaterThan(20);
  }, 120_000);
});
