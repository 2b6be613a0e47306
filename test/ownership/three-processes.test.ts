/**
 * Three real processes on one journal (two stdio servers driven by SDK clients, one HTTP server):
 * concurrent orders straddling MAX_POSITION_SIZE_USD and the balance, then the owner SIGKILLed in
 * the middle of bursts, then a resting LIMIT order across a handover. On SQLite always, and on
 * PostgreSQL when TEST_DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Big } from '../../src/model/money.js';
import type { Lease } from '../../src/ports/lease-store.js';
import { openKyselyStore, type KyselyStore } from '../../src/store/index.js';
import { createScratchPostgresDatabase } from '../contract/store.contract.js';
import { auditJournal } from './journal-audit.js';
import {
  call,
  cliBuilt,
  httpServer,
  stdioServer,
  until,
  type Journal,
  type ServerProcess,
  type ToolOutcome,
} from './processes.js';

const adminUrl = process.env.TEST_DATABASE_URL;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const clean of cleanups.reverse()) await clean().catch(() => undefined);
});

async function journalFor(dialect: 'sqlite' | 'postgres'): Promise<Journal> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bm-own-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  if (dialect === 'sqlite') return { dataDir, url: `sqlite:${join(dataDir, 'trading.db')}` };
  const scratch = await createScratchPostgresDatabase(adminUrl!);
  cleanups.push(scratch.drop);
  return { dataDir, url: scratch.url };
}

async function openJournal(journal: Journal): Promise<KyselyStore> {
  const store = await openKyselyStore({ url: journal.url, dataDir: journal.dataDir });
  cleanups.push(() => store.close());
  return store;
}

/** Starts the three processes one after the other (each waits until its app is up). */
async function threeServers(journal: Journal, env: Record<string, string>): Promise<ServerProcess[]> {
  const servers: ServerProcess[] = [];
  for (const [kind, name] of [
    ['stdio', 'a'],
    ['stdio', 'b'],
    ['http', 'c'],
  ] as const) {
    const server = kind === 'stdio' ? await stdioServer(name, journal, env) : await httpServer(name, journal, env);
    cleanups.push(() => server.close());
    await call(server, 'get_account', {});
    servers.push(server);
  }
  return servers;
}

function ownerOf(servers: ServerProcess[], lease: Lease | undefined): ServerProcess | undefined {
  return lease && lease.ownerId !== '' ? servers.find((s) => s.pid === lease.pid) : undefined;
}

interface Ack {
  clientOrderId: string;
  status: string;
  orderStatus: string | null;
}

function ackOf(outcome: ToolOutcome): Ack | undefined {
  if (outcome.isError || !outcome.clientOrderId || !outcome.status) return undefined;
  return { clientOrderId: outcome.clientOrderId, status: outcome.status, orderStatus: outcome.order?.status ?? null };
}

const dialects: [string, 'sqlite' | 'postgres'][] = [
  ['SQLite', 'sqlite'],
  ...(adminUrl ? [['PostgreSQL', 'postgres'] as [string, 'postgres']] : []),
];

describe.skipIf(!cliBuilt)(
  'three processes on one journal (skipped when dist/ is not built: run npm run build)',
  () => {
    describe.each(dialects)('%s', (_name, dialect) => {
      it('when all three send orders at once that together pass the position limit and the balance then neither is exceeded and the journal adds up', async () => {
        const journal = await journalFor(dialect);
        const servers = await threeServers(journal, { MAX_POSITION_SIZE_USD: '4000' });
        const symbols = ['BTCUSD', 'ETHUSD', 'SOLUSD'];
        const outcomes = await Promise.all(
          servers.flatMap((server, s) =>
            Array.from({ length: 5 }, (_, i) =>
              call(server, 'place_order', {
                symbol: symbols[(s + i) % 3],
                side: 'BUY',
                order_type: 'MARKET',
                quote_quantity: '900',
                action_id: `straddle-${s}-${i}`,
              }),
            ),
          ),
        );
        expect(outcomes.filter((o) => o.isError).map((o) => o.text)).toEqual([]);
        const statuses = outcomes.map((o) => o.status);
        expect(statuses).toContain('denied');
        expect(statuses.filter((s) => s === 'placed').length).toBeGreaterThan(0);

        const store = await openJournal(journal);
        const audit = await auditJournal(store, { USD: '10000' });
        expect(audit.problems).toEqual([]);
        expect(new Big(audit.balances.USD ?? '0').gte(0)).toBe(true);
        for (const fill of await store.listFills({ mode: 'paper', limit: 10_000 }))
          expect(symbols).toContain(fill.symbol);
        for (const symbol of symbols) {
          const fills = await store.listFills({ mode: 'paper', symbol, limit: 10_000 });
          const spent = fills.reduce((sum, f) => sum.plus(f.quoteQty), new Big(0));
          expect(
            spent.lte(4000 * 1.01),
            `${symbol}: ${spent.toFixed()} USD bought against a 4000 USD position limit`,
          ).toBe(true);
        }
        const leases = await store.readLease('paper');
        expect(ownerOf(servers, leases), 'one of the three owns the paper account').toBeDefined();
      }, 180_000);

      it('when the owner is SIGKILLed in the middle of bursts, three times, then a new owner takes over and every acknowledged order is journaled exactly once', async () => {
        const journal = await journalFor(dialect);
        const store = await openJournal(journal);
        let servers = await threeServers(journal, {});
        const acks: Ack[] = [];
        for (let round = 0; round < 3; round++) {
          const before = await until(
            'an owner',
            async () => ownerOf(servers, await store.readLease('paper')) && (await store.readLease('paper')),
          );
          const owner = ownerOf(servers, before)!;
          let ownerAcks = 0;
          const bursts = servers.map(async (server, s) => {
            for (let i = 0; i < 12; i++) {
              const buy = i % 3 !== 2;
              const args =
                i % 4 === 3
                  ? {
                      symbol: 'BTCUSD',
                      side: 'BUY',
                      order_type: 'LIMIT',
                      quantity: '0.001',
                      price: '30000',
                      action_id: `kill-${round}-${s}-${i}`,
                    }
                  : {
                      symbol: 'BTCUSD',
                      side: buy ? 'BUY' : 'SELL',
                      order_type: 'MARKET',
                      ...(buy ? { quote_quantity: '60' } : { quantity: '0.0005' }),
                      action_id: `kill-${round}-${s}-${i}`,
                    };
              let outcome: ToolOutcome;
              try {
                outcome = await call(server, 'place_order', args);
              } catch {
                return; // this process was killed
              }
              const ack = ackOf(outcome);
              expect(ack, outcome.text).toBeDefined();
              acks.push(ack!);
              if (server === owner && ++ownerAcks === 3) owner.kill('SIGKILL');
            }
          });
          await Promise.all(bursts);
          if (ownerAcks < 3) owner.kill('SIGKILL');
          await owner.exited;
          const after = await until('a new owner', async () => {
            const lease = await store.readLease('paper');
            return lease && lease.epoch > before.epoch && ownerOf(servers, lease) ? lease : undefined;
          });
          expect(after.pid).not.toBe(owner.pid);
          const replacement =
            owner.name === 'c' ? await httpServer('c', journal) : await stdioServer(`${owner.name}${round}`, journal);
          cleanups.push(() => replacement.close());
          servers = servers.map((s) => (s === owner ? replacement : s));
        }

        // A last call through every process: the journal is whole and the venue rebuilt from it is the owner's.
        for (const server of servers) expect((await call(server, 'get_account', {})).isError).toBe(false);
        expect(acks.length).toBeGreaterThan(20);
        for (const ack of acks) {
          const order = await store.findOrder('paper', ack.clientOrderId);
          expect(order, `acknowledged ${ack.clientOrderId} is journaled`).toBeDefined();
          if (ack.orderStatus === 'FILLED') expect(order!.status).toBe('FILLED');
          if (ack.status === 'rejected') expect(order!.status).toBe('REJECTED');
        }
        const audit = await auditJournal(store, { USD: '10000' });
        expect(audit.problems).toEqual([]);
      }, 300_000);

      it('when a resting LIMIT order is in the book as the owner dies then the new owner fills it exactly once', async () => {
        const journal = await journalFor(dialect);
        const store = await openJournal(journal);
        const servers = await threeServers(journal, {});
        const owner = ownerOf(servers, await store.readLease('paper'))!;
        const other = servers.find((s) => s !== owner)!;
        expect(
          (
            await call(other, 'place_order', {
              symbol: 'BTCUSD',
              side: 'BUY',
              order_type: 'MARKET',
              quote_quantity: '2000',
              action_id: 'seed-btc',
            })
          ).status,
        ).toBe('placed');
        const quote = (await call(other, 'get_market_data', { symbols: ['BTCUSD'] })) as unknown as {
          quotes: { price: string }[];
        };
        const last = Number(quote.quotes[0]!.price);
        // A ladder on both sides of the last trade: whichever way the market moves next, one of them fills.
        const ladder = [1, 2, 4].flatMap(
          (bps) =>
            [
              ['BUY', -bps],
              ['SELL', bps],
            ] as const,
        );
        for (const [side, bps] of ladder) {
          const placed = await call(other, 'place_order', {
            symbol: 'BTCUSD',
            side,
            order_type: 'LIMIT',
            quantity: '0.002',
            price: (last * (1 + bps / 10_000)).toFixed(2),
            action_id: `rest-${side}-${Math.abs(bps)}`,
          });
          expect(placed.status, placed.text).toBe('placed');
        }
        const killedAt = Date.now();
        owner.kill('SIGKILL');
        await owner.exited;
        const resting = (await store.listOrders({ mode: 'paper', openOnly: true, limit: 100 })).filter(
          (o) => o.clientOrderId.startsWith('bma-rest-') && o.status === 'NEW',
        );
        expect(
          resting.some((o) => o.side === 'BUY') && resting.some((o) => o.side === 'SELL'),
          'resting on both sides as the owner died',
        ).toBe(true);
        await until('a new owner', async () => {
          const l = await store.readLease('paper');
          return l && l.pid !== owner.pid && l.ownerId !== '' ? l : undefined;
        });
        const filled = await until(
          'one of the resting orders to fill',
          async () => {
            const orders = await Promise.all(resting.map((o) => store.findOrder('paper', o.clientOrderId)));
            return orders.find((o) => o?.status === 'FILLED' && o.updatedAt >= killedAt);
          },
          120_000,
        );
        const fills = await store.listFills({ mode: 'paper', clientOrderId: filled.clientOrderId, limit: 100 });
        expect(fills.reduce((sum, f) => sum.plus(f.qty), new Big(0)).eq(filled.origQty)).toBe(true);
        // The rest are canceled through another process: after that nothing can fill, and the journal must add up.
        for (const order of resting) {
          const cancel = await call(
            servers.find((s) => s !== owner)!,
            'cancel_order',
            { symbol: 'BTCUSD', action_id: order.clientOrderId },
          );
          expect(cancel.isError, cancel.text).toBe(false);
        }
        const audit = await auditJournal(store, { USD: '10000' });
        expect(audit.problems).toEqual([]);
      }, 240_000);
    });
  },
);
