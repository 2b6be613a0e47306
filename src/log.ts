import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs go to stderr (fd 2): in stdio mode stdout carries MCP messages only.
 * Keys named like secrets are redacted wherever they appear.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      base: { name: 'binance-mcp' },
      redact: {
        paths: [
          'apiKey',
          'apiSecret',
          'secret',
          'token',
          'authToken',
          'signature',
          '*.apiKey',
          '*.apiSecret',
          '*.secret',
          '*.token',
          '*.authToken',
          '*.signature',
          'headers.authorization',
          'headers["x-mbx-apikey"]',
          'telegramBotToken',
          'discordWebhookUrl',
          'webhookUrl',
          'webhookSecret',
          '*.telegramBotToken',
          '*.discordWebhookUrl',
          '*.webhookUrl',
          '*.webhookSecret',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that drops everything: for unit tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
