import { createHmac } from 'node:crypto';
import type { NotifyEvent } from './events.js';

/** How a delivery attempt ended when it did not succeed. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** 'retry': try again later (backoff, or retryAfterMs when the channel said how long); 'fail': will not change. */
    readonly outcome: 'retry' | 'fail',
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface Channel {
  /** 'telegram', 'discord', 'webhook': also the outbox's channel column. */
  readonly name: string;
  /** Strings that must never appear in a log line or an error (token, webhook URLs). */
  readonly secrets: string[];
  /** Resolves when delivered; with `waitMs` when the channel said its next request must wait (its bucket is empty). */
  send(event: NotifyEvent, silent: boolean): Promise<void | { waitMs: number }>;
}

export interface ChannelSettings {
  telegramBotToken?: string | undefined;
  telegramChatId?: string | undefined;
  telegramApiUrl: string;
  discordWebhookUrl?: string | undefined;
  webhookUrl?: string | undefined;
  webhookSecret?: string | undefined;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
}

/** Replaces every secret in a text (an error message, a response body) by [redacted]. */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}

async function post(
  channel: string,
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    const cause =
      error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new DeliveryError(`${channel}: request failed (${cause})`, 'retry');
  }
}

async function bodyOf(response: Response): Promise<{ text: string; json: Record<string, unknown> | undefined }> {
  const text = await response.text().catch(() => '');
  try {
    const json = JSON.parse(text) as unknown;
    return { text, json: json !== null && typeof json === 'object' ? (json as Record<string, unknown>) : undefined };
  } catch {
    return { text, json: undefined };
  }
}

/** 429 and 5xx are worth another try; other 4xx mean the configuration is wrong and are given up. */
function failure(channel: string, status: number, what: string, retryAfterMs?: number): DeliveryError {
  const again = status === 429 || status >= 500 || status === 408;
  return new DeliveryError(
    `${channel}: HTTP ${status}${what ? ` ${what.slice(0, 200)}` : ''}`,
    again ? 'retry' : 'fail',
    retryAfterMs,
  );
}

/** Telegram Bot API sendMessage; a refusal is `{ok:false,error_code,description,parameters:{retry_after}}`. */
export function telegramChannel(token: string, chatId: string, apiUrl: string, timeoutMs: number): Channel {
  const url = `${apiUrl.replace(/\/+$/, '')}/bot${token}/sendMessage`;
  return {
    name: 'telegram',
    secrets: [token, url],
    async send(event, silent) {
      const response = await post(
        'telegram',
        url,
        JSON.stringify({ chat_id: chatId, text: event.text, disable_notification: silent }),
        {},
        timeoutMs,
      );
      const { json } = await bodyOf(response);
      if (response.ok && json?.ok === true) return;
      const retryAfter = (json?.parameters as { retry_after?: unknown } | undefined)?.retry_after;
      const seconds = typeof retryAfter === 'number' && retryAfter >= 0 ? retryAfter : undefined;
      const status = typeof json?.error_code === 'number' ? json.error_code : response.status;
      throw failure(
        'telegram',
        status,
        typeof json?.description === 'string' ? json.description : '',
        seconds === undefined ? undefined : seconds * 1000,
      );
    },
  };
}

/** Discord execute-webhook; a 429 carries `retry_after` (seconds) in its JSON and a Retry-After header; an empty bucket (X-RateLimit-Remaining 0) waits X-RateLimit-Reset-After. */
export function discordChannel(webhookUrl: string, timeoutMs: number): Channel {
  return {
    name: 'discord',
    secrets: [webhookUrl, new URL(webhookUrl).pathname],
    async send(event, silent) {
      // flags 4096: SUPPRESS_NOTIFICATIONS (delivered without a push)
      const response = await post(
        'discord',
        webhookUrl,
        JSON.stringify({ content: event.text, allowed_mentions: { parse: [] }, ...(silent ? { flags: 4096 } : {}) }),
        {},
        timeoutMs,
      );
      if (response.ok) {
        await response.body?.cancel().catch(() => undefined);
        const resetAfter = Number(response.headers.get('x-ratelimit-reset-after'));
        return response.headers.get('x-ratelimit-remaining') === '0' && Number.isFinite(resetAfter) && resetAfter > 0
          ? { waitMs: Math.ceil(resetAfter * 1000) }
          : undefined;
      }
      const { json } = await bodyOf(response);
      let seconds = typeof json?.retry_after === 'number' ? json.retry_after : undefined;
      const header = Number(response.headers.get('retry-after'));
      if (seconds === undefined && Number.isFinite(header) && header >= 0) seconds = header;
      throw failure(
        'discord',
        response.status,
        typeof json?.message === 'string' ? json.message : '',
        seconds === undefined ? undefined : Math.ceil(seconds * 1000),
      );
    },
  };
}

export const SIGNATURE_HEADER = 'x-binance-mcp-signature';

/** The JSON the generic webhook receives. */
export function webhookBody(event: NotifyEvent, silent: boolean): string {
  return JSON.stringify({
    event: event.kind,
    mode: event.mode,
    time: event.time,
    id: event.key,
    silent,
    text: event.text,
    details: event.details,
  });
}

/** Generic JSON webhook; with a secret, `x-binance-mcp-signature: sha256=<hex HMAC-SHA256 of the body>`. */
export function webhookChannel(webhookUrl: string, secret: string | undefined, timeoutMs: number): Channel {
  return {
    name: 'webhook',
    secrets: [webhookUrl, ...(secret ? [secret] : [])],
    async send(event, silent) {
      const body = webhookBody(event, silent);
      const headers: Record<string, string> = { 'x-binance-mcp-event': event.kind, 'idempotency-key': event.key };
      if (secret) headers[SIGNATURE_HEADER] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      const response = await post('webhook', webhookUrl, body, headers, timeoutMs);
      if (response.ok) return;
      const header = Number(response.headers.get('retry-after'));
      await response.body?.cancel().catch(() => undefined);
      throw failure('webhook', response.status, '', Number.isFinite(header) && header >= 0 ? header * 1000 : undefined);
    },
  };
}

/** The channels the operator configured (none when nothing is set). */
export function channelsFrom(settings: ChannelSettings): Channel[] {
  const timeoutMs = settings.timeoutMs ?? 10_000;
  const channels: Channel[] = [];
  if (settings.telegramBotToken && settings.telegramChatId)
    channels.push(
      telegramChannel(settings.telegramBotToken, settings.telegramChatId, settings.telegramApiUrl, timeoutMs),
    );
  if (settings.discordWebhookUrl) channels.push(discordChannel(settings.discordWebhookUrl, timeoutMs));
  if (settings.webhookUrl) channels.push(webhookChannel(settings.webhookUrl, settings.webhookSecret, timeoutMs));
  return channels;
}
