/**
 * Order-path latency with notifications on (a local fake Telegram receiving every event) against
 * the same app with none, in one run, orders interleaved between the two; then the latency from a
 * fill's answer to the fake Telegram receiving its message.
 * Run alone: npx tsx bench/notify.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../src/app/app.js';
import { createApp } from '../src/compose/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { startFakeTelegram, TELEGRAM_CHAT, TELEGRAM_TOKEN } from '../test/notify/fake-chat-servers.js';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 300);
const dirs: string[] = [];

async function app(extra: Record<string, string>): Promise<App> {
  const dir = mkdtempSync(join(tmpdir(), 'notify-bench-'));
  dirs.push(dir);
  return createApp(
    loadConfig({
      MARKET_DATA: 'synthetic',
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${join(dir, 'trading.db')}`,
      LOG_LEVEL: 'silent',
      NOTIFY_EVENTS: 'started=off,stopped=off',
      ...extra,
    }),
    { logger: silentLogger() },
  );
}

const order = (i: number) => ({
  symbol: 'BTCUSD',
  side: i % 2 === 0 ? ('BUY' as const) : ('SELL' as const),
  orderType: 'MARKET' as const,
  quoteQuantity: i % 2 === 0 ? '20' : '19',
  origin: 'bench',
});

async function timed(a: App, i: number): Promise<number> {
  const start = process.hrtime.bigint();
  const outcome = await a.desks.paper.placeOrder(order(i));
  if (outcome.order?.status !== 'FILLED') throw new Error(`order ${i} ${outcome.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const f = (ms: number) => `${ms.toFixed(3)} ms`;

const telegram = await startFakeTelegram();
const off = await app({});
const on = await app({
  TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
  TELEGRAM_CHAT_ID: TELEGRAM_CHAT,
  TELEGRAM_API_URL: telegram.url,
});
try {
  for (let i = 0; i < 20; i++) {
    await timed(off, i);
    await timed(on, i);
  }
  const offMs: number[] = [];
  const onMs: number[] = [];
  for (let i = 0; i < ORDERS; i++) {
    if (i % 2 === 0) {
      offMs.push(await timed(off, i));
      onMs.push(await timed(on, i));
    } else {
      onMs.push(await timed(on, i));
      offMs.push(await timed(off, i));
    }
  }
  console.log(`order path, ${ORDERS} market orders each, interleaved`);
  console.log(`  notifications off: median ${f(pct(offMs, 0.5))}  p99 ${f(pct(offMs, 0.99))}`);
  console.log(`  notifications on:  median ${f(pct(onMs, 0.5))}  p99 ${f(pct(onMs, 0.99))}`);
  console.log(
    `  ratio on/off: median ${(pct(onMs, 0.5) / pct(offMs, 0.5)).toFixed(3)}  p99 ${(pct(onMs, 0.99) / pct(offMs, 0.99)).toFixed(3)}`,
  );

  const lat: number[] = [];
  for (let i = 0; i < 100; i++) {
    const before = telegram.delivered().length;
    await on.desks.paper.placeOrder(order(i));
    const answered = Date.now();
    const got = await telegram.waitForDelivered(
      (r) => telegram.delivered().indexOf(r) >= before && String(r.body.text).includes('· filled:'),
    );
    lat.push(got.at - answered);
  }
  console.log(
    `fill answered -> fake Telegram received (100 fills): median ${lat.length ? pct(lat, 0.5) : 0} ms  p99 ${pct(lat, 0.99)} ms`,
  );
} finally {
  await on.close();
  await off.close();
  await telegram.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
