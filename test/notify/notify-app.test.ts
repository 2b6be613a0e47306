import { afterEach, describe, expect, it } from 'vitest';
import { realApp, type RealApp } from '../support/real-app.js';
import { type FakeChatServer, startFakeTelegram, TELEGRAM_CHAT, TELEGRAM_TOKEN } from './fake-chat-servers.js';

let telegram: FakeChatServer | undefined;
let h: RealApp | undefined;
afterEach(async () => {
  await h?.close();
  await telegram?.close();
  h = telegram = undefined;
});

const texts = () => telegram!.delivered().map((r) => String(r.body.text));

describe('notifications in the real app', () => {
  it('a fill, a risk denial, start and stop reach Telegram from the order path', async () => {
    telegram = await startFakeTelegram();
    h = await realApp({
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_CHAT_ID: TELEGRAM_CHAT,
      TELEGRAM_API_URL: telegram.url,
      MAX_TRADE_SIZE_USD: '5000',
    });
    await telegram.waitForDelivered((r) => String(r.body.text).startsWith('PAPER · server started'));
    const filled = await h.app.desks.paper.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quoteQuantity: '100',
      origin: 'test',
    });
    expect(filled.order?.status).toBe('FILLED');
    await telegram.waitForDelivered((r) => /^PAPER · filled: BUY [\d.]+ BTCUSD @ [\d.]+ \(/.test(String(r.body.text)));
    const denied = await h.app.desks.paper.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quoteQuantity: '9000',
      origin: 'test',
    });
    expect(denied.denial?.code).toMatch(/MAX_TRADE_SIZE/);
    await telegram.waitForDelivered((r) => String(r.body.text).startsWith('PAPER · denied by risk: MAX_TRADE_SIZE'));
    await h.app.close();
    expect(texts().at(-1)).toBe('PAPER · server stopped');
    expect(telegram.requests.every((r) => !JSON.stringify(r.body).includes(TELEGRAM_TOKEN))).toBe(true);
  });
});
