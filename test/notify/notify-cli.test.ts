import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notifyTest } from '../../src/cli/commands/notify.js';
import { loadConfig } from '../../src/config.js';
import {
  DISCORD_PATH,
  type FakeChatServer,
  startFakeDiscord,
  startFakeTelegram,
  TELEGRAM_CHAT,
  TELEGRAM_TOKEN,
} from './fake-chat-servers.js';

let telegram: FakeChatServer;
let discord: FakeChatServer;
beforeEach(async () => {
  telegram = await startFakeTelegram();
  discord = await startFakeDiscord();
});
afterEach(async () => {
  await telegram.close();
  await discord.close();
});

describe('binance-mcp notify test', () => {
  it('sends to every configured channel and says which worked, without a secret', async () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_CHAT_ID: TELEGRAM_CHAT,
      TELEGRAM_API_URL: telegram.url,
      DISCORD_WEBHOOK_URL: `${discord.url}/api/webhooks/1/wrong-secret-part`,
    });
    const result = await notifyTest(config);
    expect(result.allWorked).toBe(false);
    expect(result.text).toBe('telegram: ok\ndiscord: FAILED discord: HTTP 404 Unknown Webhook');
    expect(telegram.delivered()[0]!.body.text).toBe('PAPER · test message from binance-mcp (notify test)');
    expect(result.text).not.toContain('wrong-secret-part');

    const good = await notifyTest(loadConfig({ DISCORD_WEBHOOK_URL: `${discord.url}${DISCORD_PATH}` }));
    expect(good).toEqual({ text: 'discord: ok', allWorked: true });
  });

  it('says so when nothing is configured, and a half Telegram setting is refused', async () => {
    expect((await notifyTest(loadConfig({}))).text).toMatch(/no notification channel is configured/);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN })).toThrow(/TELEGRAM_CHAT_ID/);
    expect(() => loadConfig({ DISCORD_WEBHOOK_URL: 'ftp://x/secret-bit' })).toThrow(
      /DISCORD_WEBHOOK_URL="\[redacted\]"/,
    );
  });
});
