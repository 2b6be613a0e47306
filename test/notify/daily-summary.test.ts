/**
 * The daily summary on a manual clock: nothing before NOTIFY_DAILY_SUMMARY_AT, then one message per
 * account and day, through the outbox, even when two servers on one journal (or a restarted one) both
 * find it due.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import { loadConfig } from '../../src/config.js';
import { channelsFrom } from '../../src/notify/channels.js';
import { DailySummary, parseTimeOfDay, type DailyFigures } from '../../src/notify/daily-summary.js';
import { DEFAULT_LEVELS } from '../../src/notify/events.js';
import { Notifier } from '../../src/notify/notifier.js';
import { silentLogger } from '../../src/log.js';
import { KyselyNotificationOutbox, openKyselyStore, type KyselyStore } from '../../src/store/index.js';
import { startFakeTelegram, TELEGRAM_CHAT, TELEGRAM_TOKEN, type FakeChatServer } from './fake-chat-servers.js';

const AT = '20:30';
const DEC1 = Date.UTC(2026, 11, 1);
const figures: DailyFigures = {
  equityUsd: '10012.5',
  pnlUsd: '12.5',
  realizedPnlUsd: '-3',
  feesUsd: '1.25',
  trades: 2,
  fills: 5,
};

let dir: string;
let telegram: FakeChatServer;
const closing: (() => Promise<void>)[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'binance-mcp-daily-'));
  telegram = await startFakeTelegram();
});
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
  await telegram.close();
  rmSync(dir, { recursive: true, force: true });
});

async function server(clock: ManualClock): Promise<{ summary: DailySummary; notifier: Notifier; asked: number[][] }> {
  const store: KyselyStore = await openKyselyStore({ url: `sqlite:${join(dir, 'trading.db')}`, dataDir: dir });
  const notifier = new Notifier({
    outbox: new KyselyNotificationOutbox(store.database),
    channels: channelsFrom({
      telegramBotToken: TELEGRAM_TOKEN,
      telegramChatId: TELEGRAM_CHAT,
      telegramApiUrl: telegram.url,
    }),
    levels: DEFAULT_LEVELS,
    logger: silentLogger(),
  });
  notifier.start();
  closing.push(
    () => store.close(),
    () => notifier.close(200),
  );
  const asked: number[][] = [];
  const summary = new DailySummary({
    clock,
    atMinute: parseTimeOfDay(AT)!,
    modes: ['paper'],
    figures: async (_mode, from, to) => {
      asked.push([from, to]);
      return figures;
    },
    sink: notifier,
    logger: silentLogger(),
  });
  return { summary, notifier, asked };
}

describe('daily summary', () => {
  it('NOTIFY_DAILY_SUMMARY_AT when not a time of day then the configuration is refused naming it', () => {
    expect(loadConfig({ NOTIFY_DAILY_SUMMARY_AT: '20:30' }).notify.dailySummaryAt).toBe(20 * 60 + 30);
    expect(loadConfig({}).notify.dailySummaryAt).toBeUndefined();
    expect(() => loadConfig({ NOTIFY_DAILY_SUMMARY_AT: '24:00' })).toThrow(/NOTIFY_DAILY_SUMMARY_AT.*HH:MM/);
    expect(() => loadConfig({ NOTIFY_DAILY_SUMMARY_AT: '8:30' })).toThrow(/NOTIFY_DAILY_SUMMARY_AT/);
  });

  it('tick when two servers on one journal find the summary due then Telegram gets it once, and nothing before the time', async () => {
    const clock = new ManualClock(DEC1 + 20 * 3_600_000 + 29 * 60_000); // 20:29 UTC
    const a = await server(clock);
    const b = await server(clock);
    await a.summary.tick();
    await b.summary.tick();
    await a.notifier.flush();
    expect(a.asked).toEqual([]);
    clock.advance(60_000); // 20:30
    await a.summary.tick();
    await b.summary.tick();
    await a.summary.tick(); // the same process again: not asked again
    await Promise.all([a.notifier.flush(), b.notifier.flush()]);
    const slot = DEC1 + 20.5 * 3_600_000;
    expect(a.asked).toEqual([[slot - 86_400_000, slot]]);
    expect(b.asked).toEqual([[slot - 86_400_000, slot]]);
    const got = await telegram.waitForDelivered((r) => String(r.body.text).includes('daily summary'));
    expect(got.body.text).toBe(
      'PAPER · daily summary: 2026-12-01 · equity 10,012.50 USD · P&L +12.50 (realized -3.00) · fees 1.25 · 2 trades, 5 fills',
    );
    expect(got.body.disable_notification).toBe(true); // silent by default

    // A restarted server the same evening: due again by the clock, sent no second time.
    const c = await server(clock);
    await c.summary.tick();
    await c.notifier.flush();
    clock.advance(86_400_000); // the next day's summary
    await c.summary.tick();
    await c.notifier.flush();
    await telegram.waitForDelivered((r) => String(r.body.text).includes('2026-12-02'));
    expect(telegram.delivered().filter((r) => String(r.body.text).includes('daily summary'))).toHaveLength(2);
  });
});
