/**
 * Large context requests: how long they hold the event loop, and how much each grows the journal.
 * The baseline, in the same run, is the way they were served before: every symbol's data built at
 * once, the answer written with one JSON.stringify, the whole payload journaled with another.
 * "Now" is the real path of POST /mcp/contexts: buildContexts (one symbol per loop turn, the
 * snapshot as a summary and a hash) and the answer serialized in turns.
 * Figures: p99 and max event-loop delay (perf_hooks.monitorEventLoopDelay) under five concurrent
 * large calls; journal bytes per 1,000 calls (SQLite file, WAL folded in).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { App } from '../src/app/app.js';
import { serializeInTurns } from '../src/app/json-in-turns.js';
import { createApp } from '../src/compose/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { buildContexts, type ContextRequest } from '../src/requests/contexts.js';
import { openKyselyStore } from '../src/store/index.js';

const CONCURRENT = 5;
const GROWTH_CALLS = 200;

const dir = mkdtempSync(join(tmpdir(), 'bm-context-bench-'));
const dbPath = join(dir, 'trading.db');
const config = loadConfig({
  DATA_DIR: dir,
  DATABASE_URL: `sqlite:${dbPath}`,
  MARKET_DATA: 'synthetic',
  LOG_LEVEL: 'silent',
});
const app = await createApp(config, { logger: silentLogger() });
const raw = await openKyselyStore({ url: config.databaseUrl, dataDir: dir });

const symbols = (await app.market.listMarkets({ limit: 6 })).markets.map((m) => m.symbol);
const large: ContextRequest = {
  context_types: ['order_book', 'candlestick_data', 'technical_indicators', 'market_data'],
  symbols,
  timeframe: '1h',
  limit: 5000,
};
const medium: ContextRequest = {
  context_types: ['order_book', 'candlestick_data'],
  symbols: symbols.slice(0, 2),
  timeframe: '1h',
  limit: 1000,
};

/** The context call as it was: all symbols at once, one stringify for the answer, one for the journal. */
async function before(target: App, request: ContextRequest): Promise<number> {
  const list = request.symbols ?? [];
  const per = async <T>(build: (s: string) => Promise<T>) =>
    Object.fromEntries(await Promise.all(list.map(async (s) => [s, await build(s)] as const)));
  const contexts: Record<string, unknown> = {};
  for (const type of request.context_types) {
    if (type === 'order_book')
      contexts.order_book = await per(async (s) => {
        const { summary, book } = await target.market.orderBook(s, request.limit);
        return { summary, bids: book.bids, asks: book.asks };
      });
    if (type === 'candlestick_data')
      contexts.candlestick_data = await per((s) =>
        target.market.candles(s, request.timeframe, { limit: Math.min(request.limit, 1000) }),
      );
    if (type === 'technical_indicators')
      contexts.technical_indicators = await per((s) => target.market.indicators(s, request.timeframe));
    if (type === 'market_data') contexts.market_data = await target.market.quotes(list);
  }
  await raw.database
    .insertInto('context_snapshots')
    .values({
      mode: 'paper',
      time: Date.now(),
      context_types: JSON.stringify(request.context_types),
      symbols: JSON.stringify(list),
      payload: JSON.stringify(contexts),
      summary: null,
      payload_sha256: null,
      payload_bytes: null,
    })
    .execute();
  return JSON.stringify({ mode: 'paper', contexts }).length;
}

/** The context call now: what POST /mcp/contexts does. */
async function now(target: App, request: ContextRequest): Promise<number> {
  const result = await buildContexts(target, target.desks.paper, request, { compact: false });
  return (await serializeInTurns(result, { keep: true })).bytes;
}

async function stall(
  call: (target: App, request: ContextRequest) => Promise<number>,
): Promise<{ p99: number; max: number; ms: number; bytes: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  // The sampler's first tick only starts its clock: let it tick before the calls start.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const started = performance.now();
  const sizes = await Promise.all(Array.from({ length: CONCURRENT }, () => call(app, large)));
  const ms = performance.now() - started;
  // A loop held through the whole run is sampled once it is free again: give the sampler that turn.
  await new Promise((resolve) => setTimeout(resolve, 20));
  histogram.disable();
  return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6, ms, bytes: sizes[0]! };
}

function journalBytes(): number {
  const db = new Database(dbPath);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return statSync(dbPath).size;
}

async function growth(call: (target: App, request: ContextRequest) => Promise<number>): Promise<number> {
  const start = journalBytes();
  for (let i = 0; i < GROWTH_CALLS; i += 1) await call(app, medium);
  return ((journalBytes() - start) / GROWTH_CALLS) * 1000;
}

try {
  await now(app, large); // warm the market's caches and the code paths
  await before(app, large);
  const rows: [string, Awaited<ReturnType<typeof stall>>][] = [];
  for (let round = 0; round < 2; round += 1) {
    rows.push(['before (baseline)', await stall(before)]);
    rows.push(['now', await stall(now)]);
  }
  const best = (name: string) =>
    rows
      .filter(([n]) => n === name)
      .map(([, r]) => r)
      .sort((a, b) => a.p99 - b.p99)[0]!;
  const base = best('before (baseline)');
  const mine = best('now');
  console.log(
    `${CONCURRENT} concurrent context calls: ${large.context_types.join('+')} for ${symbols.length} symbols, limit ${large.limit} (answer ${(base.bytes / 1e6).toFixed(1)} MB before, ${(mine.bytes / 1e6).toFixed(1)} MB now); best of 2 rounds`,
  );
  for (const [name, r] of [
    ['before (baseline)', base],
    ['now', mine],
  ] as const) {
    console.log(
      `${name.padEnd(18)} event-loop delay p99 ${r.p99.toFixed(0).padStart(5)} ms  max ${r.max.toFixed(0).padStart(5)} ms  all five done in ${r.ms.toFixed(0)} ms  p99 ${(r.p99 / base.p99).toFixed(2)}x baseline`,
    );
  }
  const grewBefore = await growth(before);
  const grewNow = await growth(now);
  console.log(
    `journal growth per 1,000 context calls (${medium.context_types.join('+')} for ${medium.symbols!.length} symbols, limit ${medium.limit}; measured over ${GROWTH_CALLS} calls)`,
  );
  console.log(`${'before (baseline)'.padEnd(18)} ${(grewBefore / 1e6).toFixed(1).padStart(8)} MB`);
  console.log(
    `${'now'.padEnd(18)} ${(grewNow / 1e6).toFixed(1).padStart(8)} MB  ${(grewNow / grewBefore).toFixed(4)}x baseline`,
  );
} finally {
  await raw.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
