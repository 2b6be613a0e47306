/**
 * What keeping paper trailing stops across a restart costs: a rising tape where every print is a
 * new high for each trailing SELL, so each print moves every trail (the worst case: a trend).
 * The paper composition (compose/paper-broker.ts) on an SQLite file journal (WAL, synchronous=FULL),
 * against the same run with the same orders not trailing (baseline, same process), and with them
 * trailing but the journal write skipped (what the trailing itself costs, without keeping it).
 * - paced: each print waits until its work is journaled (every move written, one write per print);
 * - burst: all prints at once, then wait: moves coalesce into few writes (trail-recorder.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleDesk } from '../src/compose/desk.js';
import { openPaperBroker } from '../src/compose/paper-broker.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import type { OrderTrail } from '../src/model/order.js';
import { openStore } from '../src/store/index.js';
import { btcUsd } from '../test/simulator/fixtures.js';
import { ladder, ManualClock, ScriptedMarketData } from '../test/simulator/scripted-market-data.js';

const PACED_PRINTS = 2_000;
const BURST_PRINTS = 20_000;
const ORDERS = 5; // MAX_NUM_ALGO_ORDERS of BTCUSD

interface Run {
  ms: number;
  writes: number;
  moves: number;
}

type Kind = 'plain' | 'unjournaled' | 'journaled';

async function run(kind: Kind, paced: boolean, dir: string, name: string): Promise<Run> {
  const trailing = kind !== 'plain';
  const prints = paced ? PACED_PRINTS : BURST_PRINTS;
  const clock = new ManualClock(Date.UTC(2026, 10, 25, 12));
  const marketData = new ScriptedMarketData(clock, [btcUsd()]);
  const book = ladder(60000, 0.5, '2');
  marketData.setBook('BTCUSD', book.bids, book.asks);
  marketData.setLastPrice('BTCUSD', '60000');
  const store = await openStore({ url: `sqlite:${join(dir, `${name}.db`)}`, dataDir: dir });
  let writes = 0;
  let moves = 0;
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'recordTrails')
        return (mode: 'paper', trails: OrderTrail[]) => {
          writes++;
          moves += trails.length;
          return kind === 'journaled' ? target.recordTrails(mode, trails) : Promise.resolve();
        };
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const config = loadConfig({ PAPER_STARTING_BALANCES: 'USD:100000,BTC:1', DATA_DIR: dir });
  const logger = silentLogger();
  const { broker, ledgerSince } = await openPaperBroker(config, marketData, counted, clock, logger);
  const desk = await assembleDesk({
    mode: 'paper',
    broker,
    marketData,
    store: counted,
    lists: counted,
    clock,
    logger,
    limits: {},
    ledgerSince,
  });
  for (let i = 0; i < ORDERS; i++) {
    const out = await desk.trading.placeOrder({
      symbol: 'BTCUSD',
      side: 'SELL',
      orderType: 'TAKE_PROFIT_LIMIT',
      quantity: '0.01',
      price: '59000',
      // Trailing: tracking from the first print on; not trailing: a take-profit the tape never reaches.
      stopPrice: trailing ? '60000.01' : '90000',
      ...(trailing ? { trailingDelta: 100 + i } : {}),
      actionId: `${name}-${i}`,
      origin: 'bench',
    });
    if (out.status !== 'placed') throw new Error(`order not placed: ${JSON.stringify(out)}`);
  }
  await desk.trading.settled();
  writes = 0;
  moves = 0;
  const started = process.hrtime.bigint();
  for (let i = 1; i <= prints; i++) {
    clock.advance(10);
    marketData.trade('BTCUSD', (60000 + i / 100).toFixed(2), '0.001');
    if (paced) await broker.idle();
  }
  await broker.idle();
  await desk.trading.settled();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if ((await broker.openOrders()).length !== ORDERS) throw new Error('an order ended during the bench');
  await desk.trading.close();
  await broker.close();
  await store.close();
  return { ms, writes, moves };
}

const dir = mkdtempSync(join(tmpdir(), 'bm-trail-bench-'));
try {
  console.log(`rising prints, ${ORDERS} SELL stops on BTCUSD, SQLite file journal (WAL, synchronous=FULL)`);
  for (const paced of [true, false]) {
    const prints = paced ? PACED_PRINTS : BURST_PRINTS;
    const base = await run('plain', paced, dir, `plain-${paced}`);
    console.log(
      paced ? `paced: ${prints} prints, each journaled before the next` : `burst: ${prints} prints at once, then wait`,
    );
    const row = (label: string, r: Run) =>
      console.log(
        `  ${label.padEnd(34)} ${((r.ms * 1000) / prints).toFixed(1).padStart(8)} µs/print  ${(r.ms / base.ms).toFixed(2)}x baseline` +
          (r.writes > 0 ? `  ${r.writes} writes carrying ${r.moves} of ${prints * ORDERS} moves` : ''),
      );
    row('not trailing (baseline)', base);
    row('trailing, journal write skipped', await run('unjournaled', paced, dir, `unjournaled-${paced}`));
    row('trailing, journaled', await run('journaled', paced, dir, `journaled-${paced}`));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
