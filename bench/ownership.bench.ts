/**
 * Several processes on one journal (the built CLI, stdio servers driven by SDK clients):
 * - a paper MARKET order sent to a process that does not own the account (it forwards over the
 *   owner's local channel) against the same order sent to the owner directly, interleaved in one
 *   run: p50/p99 latency, calls/s and the ratio (target: at most 1.5x the latency);
 * - lease handover: from SIGKILL of the owner to the lease taken by the survivor and to the first
 *   order acknowledged through it (median, p99; target under 3 s); and after SIGSTOP, where the
 *   owner's process still exists, so the lease must go unrenewed for its time to live (the case
 *   of an owner on another machine).
 * Run: npm run build && npx tsx bench/ownership.bench.ts   (BENCH_CALLS, BENCH_HANDOVERS)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lease } from '../src/ports/lease-store.js';
import { openKyselyStore, type KyselyStore } from '../src/store/index.js';
import { call, cliBuilt, stdioServer, type Journal, type ServerProcess } from '../test/ownership/processes.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 400);
const HANDOVERS = Number(process.env.BENCH_HANDOVERS ?? 12);
const env = { PAPER_STARTING_BALANCES: 'USD:100000000' };

if (!cliBuilt) {
  process.stderr.write('build first: npm run build\n');
  process.exit(1);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function owner(store: KyselyStore, servers: ServerProcess[]): Promise<{ lease: Lease; server: ServerProcess }> {
  for (;;) {
    const lease = await store.readLease('paper');
    const server = lease && lease.ownerId !== '' ? servers.find((s) => s.pid === lease.pid) : undefined;
    if (lease && server) return { lease, server };
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function start(name: string, journal: Journal): Promise<ServerProcess> {
  const server = await stdioServer(name, journal, env);
  await call(server, 'get_account', {});
  return server;
}

async function latency(journal: Journal, store: KyselyStore): Promise<void> {
  const servers = [await start('a', journal), await start('b', journal)];
  try {
    const { server: direct } = await owner(store, servers);
    const forwarder = servers.find((s) => s !== direct)!;
    const order = (server: ServerProcess, i: number) =>
      call(server, 'place_order', {
        symbol: 'BTCUSD',
        side: 'BUY',
        order_type: 'MARKET',
        quote_quantity: '20',
        action_id: `lat-${server.name}-${i}`,
      });
    for (let i = 0; i < 30; i++) {
      await order(direct, -i - 1);
      await order(forwarder, -i - 1);
    }
    const times: Record<'direct' | 'forwarded', number[]> = { direct: [], forwarded: [] };
    const spent: Record<'direct' | 'forwarded', number> = { direct: 0, forwarded: 0 };
    for (let i = 0; i < CALLS; i++) {
      for (const [kind, server] of (i % 2 === 0
        ? [
            ['direct', direct],
            ['forwarded', forwarder],
          ]
        : [
            ['forwarded', forwarder],
            ['direct', direct],
          ]) as ['direct' | 'forwarded', ServerProcess][]) {
        const t = performance.now();
        const outcome = await order(server, i);
        const ms = performance.now() - t;
        if (outcome.status !== 'placed') throw new Error(`order ${i} via ${kind}: ${outcome.text}`);
        times[kind].push(ms);
        spent[kind] += ms;
      }
    }
    for (const list of Object.values(times)) list.sort((a, b) => a - b);
    const row = (kind: 'direct' | 'forwarded') =>
      `${kind.padEnd(10)} p50 ${fmt(quantile(times[kind], 0.5))}  p99 ${fmt(quantile(times[kind], 0.99))}  ${(CALLS / (spent[kind] / 1000)).toFixed(0)} orders/s`;
    process.stdout.write(
      `paper MARKET order over stdio MCP, ${CALLS} each, interleaved\n${row('direct')}\n${row('forwarded')}\n`,
    );
    process.stdout.write(
      `ratio forwarded/direct: p50 ${(quantile(times.forwarded, 0.5) / quantile(times.direct, 0.5)).toFixed(2)}x, p99 ${(quantile(times.forwarded, 0.99) / quantile(times.direct, 0.99)).toFixed(2)}x, throughput ${(spent.direct / spent.forwarded).toFixed(2)}x (target: latency at most 1.5x)\n`,
    );
  } finally {
    for (const s of servers) await s.close();
  }
}

async function handovers(
  journal: Journal,
  store: KyselyStore,
  signal: 'SIGKILL' | 'SIGSTOP',
  rounds: number,
): Promise<void> {
  let servers = [await start('h0', journal), await start('h1', journal)];
  const taken: number[] = [];
  const firstOrder: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const { lease: before, server: dying } = await owner(store, servers);
      const survivor = servers.find((s) => s !== dying)!;
      const t0 = performance.now();
      dying.kill(signal);
      const ordered = call(survivor, 'place_order', {
        symbol: 'BTCUSD',
        side: 'BUY',
        order_type: 'MARKET',
        quote_quantity: '20',
        action_id: `handover-${signal}-${round}`,
      }).then((o) => {
        if (o.status !== 'placed') throw new Error(o.text);
        return performance.now() - t0;
      });
      for (;;) {
        const lease = await store.readLease('paper');
        if (lease && lease.epoch > before.epoch && lease.pid === survivor.pid) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      taken.push(performance.now() - t0);
      firstOrder.push(await ordered);
      if (signal === 'SIGSTOP') dying.kill('SIGKILL');
      await dying.exited;
      await dying.close();
      servers = [survivor, await start(`h${round + 2}`, journal)];
    }
  } finally {
    for (const s of servers) await s.close();
  }
  taken.sort((a, b) => a - b);
  firstOrder.sort((a, b) => a - b);
  process.stdout.write(
    `handover after ${signal}, ${rounds} rounds: lease taken median ${fmt(quantile(taken, 0.5))} p99 ${fmt(quantile(taken, 0.99))}; first order through the survivor median ${fmt(quantile(firstOrder, 0.5))} p99 ${fmt(quantile(firstOrder, 0.99))} (target: under 3 s)\n`,
  );
}

const dataDir = mkdtempSync(join(tmpdir(), 'bm-bench-own-'));
const journal: Journal = { dataDir, url: `sqlite:${join(dataDir, 'trading.db')}` };
const store = await openKyselyStore({ url: journal.url, dataDir });
try {
  await latency(journal, store);
  await handovers(journal, store, 'SIGKILL', HANDOVERS);
  await handovers(journal, store, 'SIGSTOP', Math.max(3, Math.floor(HANDOVERS / 3)));
} finally {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
