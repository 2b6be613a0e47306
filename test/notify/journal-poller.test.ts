/** A breaker reset journaled by another process (the CLI acting on the journal alone) reaches the channels once. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { channelsFrom } from '../../src/notify/channels.js';
import { DEFAULT_LEVELS } from '../../src/notify/events.js';
import { JournalPoller } from '../../src/notify/journal-poller.js';
import { tapJournal } from '../../src/notify/journal-tap.js';
import { Notifier } from '../../src/notify/notifier.js';
import { KyselyNotificationOutbox, openKyselyStore, type KyselyStore } from '../../src/store/index.js';
import { startFakeTelegram, TELEGRAM_CHAT, TELEGRAM_TOKEN, type FakeChatServer } from './fake-chat-servers.js';

let dir: string;
let telegram: FakeChatServer;
const closing: (() => Promise<void>)[] = [];
const open = async (): Promise<KyselyStore> => {
  const store = await openKyselyStore({ url: `sqlite:${join(dir, 'trading.db')}`, dataDir: dir });
  closing.push(() => store.close());
  return store;
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'binance-mcp-poller-'));
  telegram = await startFakeTelegram();
});
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
  await telegram.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('journal poller', () => {
  it('poll when the CLI reset the breaker on the journal then Telegram gets it once, and the server own reset once too', async () => {
    const journal = await open();
    const notifier = new Notifier({
      outbox: new KyselyNotificationOutbox(journal.database),
      channels: channelsFrom({
        telegramBotToken: TELEGRAM_TOKEN,
        telegramChatId: TELEGRAM_CHAT,
        telegramApiUrl: telegram.url,
      }),
      levels: DEFAULT_LEVELS,
      logger: silentLogger(),
    });
    notifier.start();
    closing.push(() => notifier.close(200));
    const server = tapJournal(journal, notifier);
    const poller = new JournalPoller({
      journal,
      modes: ['paper'],
      sink: notifier,
      since: 1_000,
      logger: silentLogger(),
    });

    const cli = await open(); // another process: no tap
    await cli.recordRiskEvent({
      mode: 'paper',
      time: 500,
      kind: 'breaker_reset',
      code: 'OPERATOR_RESET',
      message: 'old news',
    });
    await cli.recordRiskEvent({
      mode: 'paper',
      time: 2_000,
      kind: 'breaker_reset',
      code: 'OPERATOR_RESET',
      message: 'reset by the operator (cli)',
    });
    await server.recordRiskEvent({
      mode: 'paper',
      time: 3_000,
      kind: 'breaker_reset',
      code: 'OPERATOR_RESET',
      message: 'reset through the server',
    });
    await poller.poll();
    await poller.poll();
    await notifier.flush();
    await server.audit({
      mode: 'paper',
      time: 4_000,
      actor: 'operator',
      action: 'set_trading_mode',
      detail: { from: 'paper', to: 'live' },
    });
    await telegram.waitForDelivered((r) => String(r.body.text).includes('trading mode switched'));
    const texts = telegram.delivered().map((r) => String(r.body.text));
    expect(texts.filter((t) => t.includes('breaker reset')).sort()).toEqual([
      'PAPER · breaker reset: reset by the operator (cli)',
      'PAPER · breaker reset: reset through the server',
    ]);
  });
});
