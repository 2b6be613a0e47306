/**
 * `binance-mcp notify test`: one test message straight to every configured channel (not through the
 * outbox, so it says at once which channel works), with the reason for each that did not.
 */
import type { Config } from '../../config.js';
import { notifyChannels } from '../../compose/notifications.js';
import { DeliveryError, redact } from '../../notify/channels.js';

export interface NotifyTestResult {
  text: string;
  allWorked: boolean;
}

export async function notifyTest(config: Config, now = Date.now()): Promise<NotifyTestResult> {
  const channels = notifyChannels(config);
  if (channels.length === 0) {
    return {
      text: 'no notification channel is configured: set TELEGRAM_BOT_TOKEN + TELEGRAM_CHAT_ID, DISCORD_WEBHOOK_URL or NOTIFY_WEBHOOK_URL',
      allWorked: false,
    };
  }
  const mode = config.tradingMode;
  const event = {
    key: `test:${now}`,
    kind: 'started' as const,
    mode,
    time: now,
    text: `${mode.toUpperCase()} · test message from binance-mcp (notify test)`,
    details: { test: true },
  };
  const lines = await Promise.all(
    channels.map(async (channel) => {
      try {
        await channel.send(event, false);
        return { ok: true, line: `${channel.name}: ok` };
      } catch (error) {
        const why = error instanceof DeliveryError ? error.message : String(error);
        return { ok: false, line: `${channel.name}: FAILED ${redact(why, channel.secrets)}` };
      }
    }),
  );
  return { text: lines.map((l) => l.line).join('\n'), allWorked: lines.every((l) => l.ok) };
}
