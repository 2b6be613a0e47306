import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelsFrom, SIGNATURE_HEADER, type Channel } from '../../src/notify/channels.js';
import { DEFAULT_LEVELS, parseEventLevels, type NotifyEvent } from '../../src/notify/events.js';
import { tapJournal } from '../../src/notify/journal-tap.js';
import { Notifier } from '../../src/notify/notifier.js';
import { KyselyNotificationOutbox, openKyselyStore, type KyselyStore } from '../../src/store/index.js';
import { intent, venueOrder } from '../contract/store.contract.js';
import {
  DISCORD_PATH,
  discord429,
  type FakeChatServer,
  startFakeDiscord,
  startFakeTelegram,
  TELEGRAM_CHAT,
  TELEGRAM_TOKEN,
  telegram429,
} from './fake-chat-servers.js';

let dir: string;
let telegram: FakeChatServer;
let discord: FakeChatServer;
let logs: string[];
const open: { close(): Promise<void> }[] = [];

function captureLogger() {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  return pino({ level: 'debug' }, sink);
}

async function journal(): Promise<KyselyStore> {
  const store = await openKyselyStore({ url: `sqlite:${join(dir, 'trading.db')}`, dataDir: dir });
  open.push(store);
  return store;
}

function channels(extra: { webhookUrl?: string; webhookSecret?: string } = {}): Channel[] {
  return channelsFrom({
    telegramBotToken: TELEGRAM_TOKEN,
    telegramChatId: TELEGRAM_CHAT,
    telegramApiUrl: telegram.url,
    discordWebhookUrl: `${discord.url}${DISCORD_PATH}`,
    ...extra,
  });
}

function notifierOn(store: KyselyStore, chans: Channel[] = channels(), levels = DEFAULT_LEVELS): Notifier {
  const notifier = new Notifier({
    outbox: new KyselyNotificationOutbox(store.database),
    channels: chans,
    levels,
    logger: captureLogger(),
    backoffMs: 20,
    maxBackoffMs: 200,
  });
  open.unshift({ close: () => notifier.close(200) });
  notifier.start();
  return notifier;
}

function ev(key: string, text = key): NotifyEvent {
  return { key, kind: 'fill', mode: 'paper', time: 1, text, details: {} };
}

const textOf = (r: { body: Record<string, unknown> }) => String(r.body.text ?? r.body.content);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'notify-'));
  telegram = await startFakeTelegram();
  discord = await startFakeDiscord();
  logs = [];
});

afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
  await telegram.close();
  await discord.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('notifications', () => {
  it('tells both channels what the journal wrote: a fill rings, a placement is silent, paper first', async () => {
    const store = await journal();
    const notifier = notifierOn(store);
    const tapped = tapJournal(store, notifier);
    const rec = intent('c-1');
    await tapped.recordIntent(rec);
    await tapped.recordExecution({ mode: 'paper', order: venueOrder(rec, { orderId: '1', status: 'NEW' }), fills: [] });
    await tapped.recordExecution({
      mode: 'paper',
      order: venueOrder(rec, { orderId: '1', status: 'FILLED', executedQty: '0.5', cummulativeQuoteQty: '15000.25' }),
      fills: [],
    });

    const fill = await telegram.waitForDelivered((r) => textOf(r).includes('filled'));
    expect(fill.body).toEqual({
      chat_id: TELEGRAM_CHAT,
      text: 'PAPER · filled: BUY 0.5 BTCUSD @ 30000.5 (15000.25)',
      disable_notification: false,
    });
    const placed = telegram.delivered().find((r) => textOf(r).includes('order placed'))!;
    expect(placed.body.disable_notification).toBe(true);
    expect(textOf(placed)).toBe('PAPER · order placed: BUY LIMIT 0.5 BTCUSD @ 30000.5');
    const dFill = await discord.waitForDelivered((r) => textOf(r).includes('filled'));
    expect(dFill.body.flags).toBeUndefined();
    expect(discord.delivered().find((r) => textOf(r).includes('placed'))!.body.flags).toBe(4096);
  });

  it('a switch to live and a tripped breaker ring, live first; the session id is not sent', async () => {
    const store = await journal();
    const notifier = notifierOn(store, channels().slice(0, 1));
    const tapped = tapJournal(store, notifier);
    await tapped.audit({
      mode: 'live',
      time: 7,
      actor: 'human',
      action: 'set_trading_mode',
      detail: { from: 'paper', to: 'live', confirmedBy: 'code-confirmed', session: 'sess-secretish' },
    });
    await tapped.recordRiskEvent({
      mode: 'live',
      time: 8,
      kind: 'breaker_tripped',
      code: 'DAILY_LOSS_BREAKER_TRIPPED',
      message: 'daily loss 120 USD reached MAX_DAILY_LOSS_USD 100',
    });
    await tapped.recordRiskEvent({ mode: 'live', time: 9, kind: 'day_started', code: 'DAY', message: 'quiet' });
    await telegram.waitForDelivered((r) => textOf(r) === 'LIVE · trading mode switched: paper → live (code-confirmed)');
    const trip = await telegram.waitForDelivered((r) => textOf(r).startsWith('LIVE · BREAKER TRIPPED'));
    expect(trip.body.disable_notification).toBe(false);
    const rows = await store.database.selectFrom('notify_outbox').select(['kind', 'event']).execute();
    expect(rows.map((r) => r.kind)).toEqual(['mode_switched', 'breaker_tripped']);
    expect(JSON.stringify(rows)).not.toContain('sess-secretish');
  });

  it('an order reported UNKNOWN, then its resolution', async () => {
    const store = await journal();
    const notifier = notifierOn(store, channels().slice(0, 1));
    const tapped = tapJournal(store, notifier);
    const rec = intent('c-u');
    await tapped.recordIntent(rec);
    await tapped.markOrder('paper', 'c-u', 'UNKNOWN', 'timeout, looking it up', 5);
    await telegram.waitForDelivered((r) => textOf(r).startsWith('PAPER · order UNKNOWN: c-u'));
    await tapped.recordExecution({
      mode: 'paper',
      order: venueOrder(rec, { orderId: '1', status: 'FILLED', executedQty: '0.5', cummulativeQuoteQty: '15000' }),
      fills: [],
    });
    const resolved = await telegram.waitForDelivered((r) => textOf(r).includes('unknown order resolved'));
    expect(textOf(resolved)).toContain('now FILLED');
  });

  it('honours Telegram retry_after and Discord retry_after / Retry-After', async () => {
    const store = await journal();
    telegram.answerNext(telegram429(1));
    discord.answerNext(discord429(0.6));
    const notifier = notifierOn(store);
    notifier.emit(ev('e-1'));
    notifier.emit(ev('e-2'));
    const [first] = await telegram.waitForRequests(1);
    const t1 = await telegram.waitForDelivered((r) => textOf(r) === 'e-1');
    expect(t1.at - first!.at).toBeGreaterThanOrEqual(1000);
    await telegram.waitForDelivered((r) => textOf(r) === 'e-2');
    const [dFirst] = await discord.waitForRequests(1);
    const d1 = await discord.waitForDelivered((r) => textOf(r) === 'e-1');
    expect(d1.at - dFirst!.at).toBeGreaterThanOrEqual(600);
    // while Telegram asked us to wait, nothing else was sent to it
    expect(telegram.requests.filter((r) => r.at < first!.at + 1000)).toHaveLength(1);
  });

  it('waits out an empty Discord bucket (X-RateLimit-Remaining 0) before the next message', async () => {
    const store = await journal();
    discord.answerNext({ status: 204, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '0.5' } });
    const notifier = notifierOn(store, channels().slice(1));
    notifier.emit(ev('b-1'));
    notifier.emit(ev('b-2'));
    const first = await discord.waitForDelivered((r) => textOf(r) === 'b-1');
    const second = await discord.waitForDelivered((r) => textOf(r) === 'b-2');
    expect(second.at - first.at).toBeGreaterThanOrEqual(500);
    notifier.emit(ev('b-3')); // the bucket refilled: no wait now
    await discord.waitForDelivered((r) => textOf(r) === 'b-3');
  });

  it('backs off on 5xx and network errors, then delivers', async () => {
    const store = await journal();
    telegram.answerNext(
      { status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } },
      { status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } },
    );
    const notifier = notifierOn(store, channels().slice(0, 1));
    notifier.emit(ev('e-5xx'));
    await telegram.waitForDelivered((r) => textOf(r) === 'e-5xx');
    expect(telegram.requests.map((r) => r.status)).toEqual([502, 500, 200]);
  });

  it('a restart resends what was not delivered, and nothing twice', async () => {
    const store = await journal();
    // the first run cannot reach Telegram at all (nothing listens there)
    const unreachable = channelsFrom({
      telegramBotToken: TELEGRAM_TOKEN,
      telegramChatId: TELEGRAM_CHAT,
      telegramApiUrl: 'http://127.0.0.1:1',
    });
    const first = notifierOn(store, unreachable);
    first.emit(ev('before-1'));
    first.emit(ev('before-1')); // the same event again: queued once
    await first.flush();
    await first.close(200);
    open.shift();
    const left = await store.database.selectFrom('notify_outbox').select(['event_key', 'delivered_at']).execute();
    expect(left).toEqual([{ event_key: 'before-1', delivered_at: null }]);
    expect(telegram.requests).toHaveLength(0);
    await store.close();
    open.pop();

    const reopened = await journal();
    const second = notifierOn(reopened, channels().slice(0, 1));
    await telegram.waitForDelivered((r) => textOf(r) === 'before-1');
    second.emit(ev('before-1')); // delivered already: not again
    second.emit(ev('sentinel'));
    await telegram.waitForDelivered((r) => textOf(r) === 'sentinel');
    expect(telegram.delivered().map(textOf)).toEqual(['before-1', 'sentinel']);
  });

  it('never puts the bot token or a webhook URL in a log line, even when the venue echoes them', async () => {
    const store = await journal();
    const echo = `Not Found: /bot${TELEGRAM_TOKEN}/sendMessage`;
    telegram.answerNext({
      status: 400,
      body: { ok: false, error_code: 400, description: `Bad Request: chat not found (${echo})` },
    });
    discord.answerNext({
      status: 404,
      body: { message: `Unknown Webhook ${discord.url}${DISCORD_PATH}`, code: 10015 },
    });
    const notifier = notifierOn(store, channels({ webhookUrl: 'http://127.0.0.1:1/hook-secret-path' }));
    notifier.emit(ev('e-secret'));
    await telegram.waitForRequests(1);
    await discord.waitForRequests(1);
    await notifier.close(2000);
    const outbox = await store.database.selectFrom('notify_outbox').selectAll().execute();
    expect(outbox.every((r) => r.failed_at !== null || r.channel === 'webhook')).toBe(true);
    const all = logs.join('\n') + JSON.stringify(outbox);
    expect(all).toContain('given up');
    expect(all).toContain('[redacted]');
    for (const secret of [TELEGRAM_TOKEN, DISCORD_PATH, 'discordWebhookSecretPart', 'hook-secret-path'])
      expect(all).not.toContain(secret);
  });

  it('the generic webhook carries event, mode and details, signed with HMAC-SHA256 of the body', async () => {
    const got: { body: string; signature: string | undefined }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        got.push({ body, signature: req.headers[SIGNATURE_HEADER] as string | undefined });
        res.writeHead(200).end();
        server.emit('got');
      });
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    open.push({ close: () => new Promise<void>((r) => server.close(() => r())) });
    const store = await journal();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const notifier = notifierOn(
      store,
      channelsFrom({ telegramApiUrl: telegram.url, webhookUrl: url, webhookSecret: 'whsec-test' }),
    );
    notifier.emit({ ...ev('e-w'), details: { symbol: 'BTCUSD' } });
    while (got.length === 0) await once(server, 'got');
    const body = JSON.parse(got[0]!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      event: 'fill',
      mode: 'paper',
      id: 'e-w',
      silent: false,
      details: { symbol: 'BTCUSD' },
    });
    expect(got[0]!.signature).toBe(`sha256=${createHmac('sha256', 'whsec-test').update(got[0]!.body).digest('hex')}`);
  });

  it('a level of off sends nothing of that kind', async () => {
    const store = await journal();
    const notifier = notifierOn(store, channels().slice(0, 1), parseEventLevels('fill=off'));
    notifier.emit(ev('e-off'));
    notifier.emit({ ...ev('e-on'), kind: 'rejected' });
    await telegram.waitForDelivered((r) => textOf(r) === 'e-on');
    expect(telegram.delivered().map(textOf)).toEqual(['e-on']);
    expect(() => parseEventLevels('fill=loud')).toThrow(/on, silent or off/);
    expect(() => parseEventLevels('nope=on')).toThrow(/unknown event "nope"/);
  });

  it('a journal write never waits for or fails by a notification', async () => {
    const store = await journal();
    const tapped = tapJournal(store, {
      emit() {
        throw new Error('sink broke');
      },
      settled() {
        throw new Error('sink broke');
      },
    });
    const rec = intent('c-safe');
    await tapped.recordIntent(rec);
    await expect(
      tapped.recordExecution({
        mode: 'paper',
        order: venueOrder(rec, { orderId: '1', status: 'FILLED', executedQty: '0.5', cummulativeQuoteQty: '1' }),
        fills: [],
      }),
    ).resolves.toBeUndefined();
    expect((await store.findOrder('paper', 'c-safe'))!.status).toBe('FILLED');
    // a channel that never answers does not hold the journal up either
    telegram.answerNext('hang');
    const notifier = notifierOn(store, channels().slice(0, 1));
    const slowTapped = tapJournal(store, notifier);
    notifier.emit(ev('hangs'));
    await telegram.waitForRequests(1);
    await slowTapped.markOrder('paper', 'c-safe', 'FILLED', 'again', 9);
  });
});
