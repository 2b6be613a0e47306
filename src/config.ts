/**
 * The one configuration schema. Every setting can come from the environment (or a .env file in the
 * working folder) and most from a CLI flag; flags win. A bad value stops the program with a message
 * naming the variable, the value and what is allowed. `.env.example` documents every entry of SETTINGS.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { SYMBOL_PATTERN } from './model/market.js';
import { isDecimal } from './model/money.js';
import { DEFAULT_EVENTS_SETTING, parseEventLevels, type EventKind, type EventLevel } from './notify/events.js';
import { parseTimeOfDay } from './notify/daily-summary.js';
import { DEFAULT_ORDER_DEADLINE_MS, DEFAULT_ORDER_QUEUE_LIMIT } from './risk/limits.js';
import { TRADING_MODES, type TradingMode } from './model/trading-mode.js';

export type MarketChoice = { kind: 'live' } | { kind: 'synthetic' } | { kind: 'replay'; path: string };

export interface Config {
  tradingMode: TradingMode;
  liveRequiresConfirmation: boolean;
  /** undefined: by transport (code over HTTP, client over stdio). */
  liveConfirmation: 'client' | 'code' | 'operator' | undefined;
  binanceApiKey: string | undefined;
  binanceApiSecret: string | undefined;
  binanceBaseUrl: string;
  binanceStreamUrl: string;
  market: MarketChoice;
  syntheticSeed: number;
  replayWarmup: number;
  replaySpeed: number;
  dataDir: string;
  snapshotFull: boolean;
  snapshotRetentionDays: number;
  databaseUrl: string;
  paperStartingBalances: { asset: string; amount: string }[];
  maxTradeSizeUsd: string | undefined;
  maxPositionSizeUsd: string | undefined;
  maxDailyLossUsd: string | undefined;
  maxOrdersPerMinute: number | undefined;
  allowedSymbols: string[] | undefined;
  deniedSymbols: string[];
  maxTotalExposureUsd: string | undefined;
  breakerOpenOrders: 'cancel' | 'keep';
  paperFillModel: 'conservative' | 'queue';
  orderDeadlineMs: number;
  orderQueueLimit: number;
  httpHost: string;
  httpPort: number;
  mcpAuthToken: string | undefined;
  allowedOrigins: string[];
  allowedHosts: string[];
  notify: NotifySettings;
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly value: string,
    allowed: string,
  ) {
    super(`${variable}=${JSON.stringify(value)} is not valid: allowed ${allowed}`);
    this.name = 'ConfigError';
  }
}

interface Setting {
  env: string;
  /** CLI flag that sets it, if any. */
  flag?: string;
  default: string;
  description: string;
}

/** Every setting, its default and its meaning; the source of .env.example. */
export const SETTINGS: readonly Setting[] = [
  {
    env: 'TRADING_MODE',
    flag: '--mode',
    default: 'paper',
    description:
      'paper: simulated orders only. live: the model may ask to trade real money (needs the API keys; every session still starts in paper and the human confirms the switch).',
  },
  {
    env: 'LIVE_REQUIRES_CONFIRMATION',
    default: 'true',
    description:
      'true: switching a session to live asks the human through the MCP client (a client that cannot ask cannot switch). false: no confirmation (only for unattended agents you trust).',
  },
  {
    env: 'LIVE_CONFIRMATION',
    default: '',
    description:
      "Who confirms a switch to live (when LIVE_REQUIRES_CONFIRMATION=true). client: the human accepts the MCP client's prompt. code: the human must also type a one-time 6-digit code that only the operator sees (server stderr for HTTP sessions, `binance-mcp live code`). operator: only `binance-mcp live allow --for 1h` enables live. Empty: code for sessions over HTTP, client over stdio. A grant from `binance-mcp live allow` is honoured in every setting.",
  },
  {
    env: 'BINANCE_API_KEY',
    default: '',
    description: 'Binance.US API key, for live trading. Never shown to the model.',
  },
  {
    env: 'BINANCE_API_SECRET',
    default: '',
    description: 'Binance.US API secret, for live trading. Never shown to the model, logged or stored.',
  },
  {
    env: 'BINANCE_BASE_URL',
    default: 'https://api.binance.us',
    description: 'REST endpoint; point it at `binance-mcp fake-exchange` to try live mode without money.',
  },
  {
    env: 'BINANCE_STREAM_URL',
    default: 'wss://stream.binance.us:9443',
    description: 'Websocket endpoint for market and user-data streams.',
  },
  {
    env: 'MARKET_DATA',
    flag: '--market',
    default: 'live',
    description:
      'Where prices come from: live (Binance.US public data, no keys needed), synthetic (seeded offline market), or replay:PATH (candles from a CSV file or a folder of them).',
  },
  {
    env: 'SYNTHETIC_SEED',
    default: '42',
    description: 'Seed of the synthetic market; the same seed gives the same prices.',
  },
  {
    env: 'REPLAY_WARMUP',
    default: '500',
    description: 'Replay: candles already behind the clock at start (all of the data when there is less).',
  },
  {
    env: 'REPLAY_SPEED',
    default: '60',
    description: 'Replay: how many times faster than real time the replayed clock runs.',
  },
  {
    env: 'DATA_DIR',
    default: '~/.binance-mcp',
    description:
      'Folder for the journal (trading.db), the HTTP token file and the kline cache (klines/, filled by data fetch).',
  },
  {
    env: 'SNAPSHOT_FULL',
    default: 'false',
    description:
      'false: the journal keeps a short summary, the SHA-256 and the size of each context the model was shown. true: also the whole context (large requests then grow the journal by megabytes each).',
  },
  {
    env: 'SNAPSHOT_RETENTION_DAYS',
    default: '30',
    description: 'Days context snapshots are kept (pruned at start and daily). 0: kept for ever.',
  },
  {
    env: 'DATABASE_URL',
    flag: '--db',
    default: '',
    description:
      'Journal database: sqlite:PATH, or postgres://user:pass@host/db. Empty means sqlite:DATA_DIR/trading.db.',
  },
  {
    env: 'PAPER_STARTING_BALANCES',
    default: 'USD:10000',
    description:
      'Paper account at first start and after `binance-mcp paper reset`: ASSET:AMOUNT pairs, comma separated (e.g. USD:10000,BTC:0.1).',
  },
  { env: 'MAX_TRADE_SIZE_USD', default: '', description: 'Largest notional of one order, in USD. Empty: unlimited.' },
  {
    env: 'MAX_POSITION_SIZE_USD',
    default: '',
    description:
      'Largest value, in USD, of the position in any one asset other than USD and stablecoins once an order that adds to it fills (the asset a SELL on a cross pair such as ETHBTC receives too), open orders counted as filled. Empty: unlimited.',
  },
  {
    env: 'MAX_DAILY_LOSS_USD',
    default: '',
    description:
      'Loss (realized + unrealized, on equity, since 00:00 UTC) that trips the circuit breaker. Empty: no breaker.',
  },
  { env: 'MAX_ORDERS_PER_MINUTE', default: '', description: 'Orders per rolling minute. Empty: unlimited.' },
  {
    env: 'ALLOWED_SYMBOLS',
    default: '',
    description: 'Only these symbols may be traded (comma separated). Empty: all.',
  },
  { env: 'DENIED_SYMBOLS', default: '', description: 'These symbols may never be traded (comma separated).' },
  {
    env: 'MAX_TOTAL_EXPOSURE_USD',
    default: '',
    description:
      'Largest total value, in USD, of every position other than USD and stablecoins, open orders counted as if they filled. Empty: unlimited.',
  },
  {
    env: 'BREAKER_OPEN_ORDERS',
    default: 'cancel',
    description:
      'When the daily-loss breaker trips: cancel (open orders that add exposure are canceled, saying why) or keep (they stay open; paper re-checks them before they execute, live cannot).',
  },
  {
    env: 'PAPER_FILL_MODEL',
    default: 'conservative',
    description:
      'Paper fills for a public trade exactly at a resting limit price: conservative (never; only trades through the price fill) or queue (after the visible quantity that was ahead of the order at its price has traded).',
  },
  {
    env: 'ORDER_DEADLINE_MS',
    default: String(DEFAULT_ORDER_DEADLINE_MS),
    description:
      'An order not sent to the venue within this many milliseconds of its request is not sent (answer: expired). A call may ask for less (deadline_ms), never more.',
  },
  {
    env: 'ORDER_QUEUE_LIMIT',
    default: String(DEFAULT_ORDER_QUEUE_LIMIT),
    description: 'Orders that may wait for an account at once; one more is refused at once (ORDER_QUEUE_FULL).',
  },
  {
    env: 'HTTP_HOST',
    flag: '--host',
    default: '127.0.0.1',
    description: 'Address of the HTTP server (REST API and MCP Streamable HTTP at /mcp).',
  },
  { env: 'HTTP_PORT', flag: '--port', default: '8000', description: 'Port of the HTTP server.' },
  {
    env: 'MCP_AUTH_TOKEN',
    default: '',
    description:
      'Bearer token for the HTTP endpoints. Empty: the token kept in DATA_DIR/auth-token (mode 0600), shown on stderr; the first server that listens on HTTP makes a random 64-hex one and keeps it there.',
  },
  {
    env: 'ALLOWED_ORIGINS',
    default: '',
    description: 'Browser origins allowed to call the HTTP server besides its own (comma separated).',
  },
  {
    env: 'ALLOWED_HOSTS',
    default: '',
    description:
      'Host names (or addresses) clients use to reach the HTTP server, comma separated; required when HTTP_HOST is not a loopback address (DNS-rebinding protection: other Host headers are refused).',
  },
  {
    env: 'NOTIFY_EVENTS',
    default: '',
    description: `Which events notify (on), arrive without a sound (silent) or are not sent (off), e.g. fill=on,placed=silent,started=off; kinds not named keep their default: ${DEFAULT_EVENTS_SETTING}.`,
  },
  {
    env: 'NOTIFY_DAILY_SUMMARY_AT',
    default: '',
    description:
      "Time of day (HH:MM, UTC) to send each account's daily summary (equity, P&L, fees, trades over the 24 hours before it) to the notification channels; empty: none.",
  },
  {
    env: 'TELEGRAM_BOT_TOKEN',
    default: '',
    description:
      'Telegram bot token (from @BotFather) for notifications; with TELEGRAM_CHAT_ID. A secret: never logged.',
  },
  {
    env: 'TELEGRAM_CHAT_ID',
    default: '',
    description: 'Telegram chat the bot writes to (your user id or a group id).',
  },
  {
    env: 'TELEGRAM_API_URL',
    default: 'https://api.telegram.org',
    description: 'Telegram Bot API base URL (change only for a local Bot API server or tests).',
  },
  {
    env: 'DISCORD_WEBHOOK_URL',
    default: '',
    description:
      'Discord webhook URL for notifications (channel settings > Integrations > Webhooks). A secret: never logged.',
  },
  {
    env: 'NOTIFY_WEBHOOK_URL',
    default: '',
    description:
      'Generic webhook: each event is POSTed as JSON {event, mode, time, id, silent, text, details}. A secret: never logged.',
  },
  {
    env: 'NOTIFY_WEBHOOK_SECRET',
    default: '',
    description:
      'When set, the webhook request carries x-binance-mcp-signature: sha256=<hex HMAC-SHA256 of the body under this secret>.',
  },
  {
    env: 'LOG_LEVEL',
    default: 'info',
    description: 'Log level on stderr: fatal, error, warn, info, debug, trace, silent.',
  },
];

type Source = Record<string, string | undefined>;

function value(source: Source, env: string): string {
  const setting = SETTINGS.find((s) => s.env === env);
  if (!setting) throw new Error(`unknown setting ${env}`);
  const raw = source[env];
  return raw === undefined || raw.trim() === '' ? setting.default : raw.trim();
}

function oneOf<T extends string>(env: string, raw: string, allowed: readonly T[]): T {
  const lower = raw.toLowerCase();
  if ((allowed as readonly string[]).includes(lower)) return lower as T;
  throw new ConfigError(env, raw, `one of ${allowed.join(', ')}`);
}

function bool(env: string, raw: string): boolean {
  const answer = oneOf(env, raw, ['true', 'false', '1', '0', 'yes', 'no'] as const);
  return answer === 'true' || answer === '1' || answer === 'yes';
}

function integer(env: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max)
    throw new ConfigError(env, raw, `a whole number from ${min} to ${max}`);
  return n;
}

function positiveNumber(env: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(env, raw, 'a number greater than 0');
  return n;
}

function optionalUsd(env: string, raw: string): string | undefined {
  if (raw === '') return undefined;
  if (!isDecimal(raw) || Number(raw) <= 0)
    throw new ConfigError(env, raw, 'a positive decimal amount in USD (e.g. 500 or 250.50), or empty for unlimited');
  return raw;
}

function symbolList(env: string, raw: string): string[] {
  if (raw === '') return [];
  const symbols = raw
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const bad = symbols.find((s) => !SYMBOL_PATTERN.test(s));
  if (bad !== undefined) throw new ConfigError(env, raw, 'comma-separated symbols such as BTCUSD,ETHUSD');
  return symbols;
}

function liveConfirmation(raw: string): Config['liveConfirmation'] {
  return raw === '' ? undefined : oneOf('LIVE_CONFIRMATION', raw, ['client', 'code', 'operator'] as const);
}

function hostList(raw: string): string[] {
  const hosts = raw
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean)
    .map((h) => (/^[0-9a-f:.]*:[0-9a-f:.]*$/.test(h) ? `[${h}]` : h));
  const bad = hosts.find((h) => !/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)$/.test(h));
  if (bad !== undefined)
    throw new ConfigError(
      'ALLOWED_HOSTS',
      raw,
      'comma-separated host names or addresses without scheme or port, e.g. trading.example.lan,192.168.1.20',
    );
  return hosts;
}

function marketSource(raw: string): MarketChoice {
  if (raw === 'live' || raw === 'synthetic') return { kind: raw };
  if (raw.startsWith('replay:') && raw.length > 'replay:'.length)
    return { kind: 'replay', path: resolve(raw.slice('replay:'.length)) };
  throw new ConfigError('MARKET_DATA', raw, 'live, synthetic or replay:PATH (a CSV file or a folder of them)');
}

function balances(raw: string): { asset: string; amount: string }[] {
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const parsed = entries.map((entry) => {
    const [asset, amount] = entry.split(':').map((p) => p?.trim());
    if (
      !asset ||
      !amount ||
      !/^[A-Z0-9]{2,12}$/.test(asset.toUpperCase()) ||
      !isDecimal(amount) ||
      Number(amount) < 0
    ) {
      throw new ConfigError(
        'PAPER_STARTING_BALANCES',
        raw,
        'ASSET:AMOUNT pairs separated by commas, e.g. USD:10000,BTC:0.1',
      );
    }
    return { asset: asset.toUpperCase(), amount };
  });
  if (parsed.length === 0) throw new ConfigError('PAPER_STARTING_BALANCES', raw, 'at least one ASSET:AMOUNT pair');
  return parsed;
}

function url(env: string, raw: string, protocols: string[]): string {
  try {
    const u = new URL(raw);
    if (protocols.includes(u.protocol)) return raw.replace(/\/+$/, '');
  } catch {
    // falls through to the error below
  }
  throw new ConfigError(env, raw, `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
}

function databaseUrl(raw: string, dataDir: string): string {
  if (raw === '') return `sqlite:${join(dataDir, 'trading.db')}`;
  if (raw.startsWith('sqlite:') && raw.length > 'sqlite:'.length) return raw;
  if (/^postgres(ql)?:\/\//.test(raw)) return raw;
  throw new ConfigError(
    'DATABASE_URL',
    raw.replace(/\/\/[^@/]*@/, '//***@'),
    'sqlite:PATH, sqlite::memory: or postgres://user:password@host:port/database',
  );
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

export interface NotifySettings {
  levels: Record<EventKind, EventLevel>;
  telegramBotToken: string | undefined;
  telegramChatId: string | undefined;
  telegramApiUrl: string;
  discordWebhookUrl: string | undefined;
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  /** NOTIFY_DAILY_SUMMARY_AT as minutes after 00:00 UTC; undefined: no daily summary. */
  dailySummaryAt: number | undefined;
}

function notifySettings(source: Source): NotifySettings {
  const events = value(source, 'NOTIFY_EVENTS');
  let levels: NotifySettings['levels'];
  try {
    levels = parseEventLevels(events);
  } catch (error) {
    throw new ConfigError(
      'NOTIFY_EVENTS',
      events,
      `KIND=on|silent|off pairs separated by commas (${(error as Error).message})`,
    );
  }
  const summaryAt = value(source, 'NOTIFY_DAILY_SUMMARY_AT');
  const dailySummaryAt = summaryAt === '' ? undefined : parseTimeOfDay(summaryAt);
  if (summaryAt !== '' && dailySummaryAt === undefined)
    throw new ConfigError(
      'NOTIFY_DAILY_SUMMARY_AT',
      summaryAt,
      'a UTC time of day HH:MM from 00:00 to 23:59, or empty',
    );
  const token = value(source, 'TELEGRAM_BOT_TOKEN') || undefined;
  const chat = value(source, 'TELEGRAM_CHAT_ID') || undefined;
  if ((token === undefined) !== (chat === undefined))
    throw new ConfigError(
      token ? 'TELEGRAM_CHAT_ID' : 'TELEGRAM_BOT_TOKEN',
      '',
      'both TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID, or neither',
    );
  // The URLs are secrets: a bad one is named, not echoed.
  const secretUrl = (env: string): string | undefined => {
    const raw = value(source, env);
    if (raw === '') return undefined;
    try {
      return url(env, raw, ['https:', 'http:']);
    } catch {
      throw new ConfigError(env, '[redacted]', 'an https:// (or http://) URL');
    }
  };
  return {
    levels,
    telegramBotToken: token,
    telegramChatId: chat,
    telegramApiUrl: url('TELEGRAM_API_URL', value(source, 'TELEGRAM_API_URL'), ['https:', 'http:']),
    discordWebhookUrl: secretUrl('DISCORD_WEBHOOK_URL'),
    webhookUrl: secretUrl('NOTIFY_WEBHOOK_URL'),
    webhookSecret: value(source, 'NOTIFY_WEBHOOK_SECRET') || undefined,
    dailySummaryAt,
  };
}

/** Builds the configuration from environment-style entries (flags already mapped onto their variables). */
export function loadConfig(source: Source = process.env): Config {
  const dataDir = resolve(expandHome(value(source, 'DATA_DIR')));
  const tradingMode = oneOf('TRADING_MODE', value(source, 'TRADING_MODE'), TRADING_MODES);
  const apiKey = value(source, 'BINANCE_API_KEY') || undefined;
  const apiSecret = value(source, 'BINANCE_API_SECRET') || undefined;
  const maxOrders = value(source, 'MAX_ORDERS_PER_MINUTE');
  const allowed = symbolList('ALLOWED_SYMBOLS', value(source, 'ALLOWED_SYMBOLS'));
  const token = value(source, 'MCP_AUTH_TOKEN');
  if (token !== '' && token.length < 32)
    throw new ConfigError('MCP_AUTH_TOKEN', '***', 'at least 32 characters (or empty to have one generated)');
  return {
    tradingMode,
    liveRequiresConfirmation: bool('LIVE_REQUIRES_CONFIRMATION', value(source, 'LIVE_REQUIRES_CONFIRMATION')),
    liveConfirmation: liveConfirmation(value(source, 'LIVE_CONFIRMATION')),
    binanceApiKey: apiKey,
    binanceApiSecret: apiSecret,
    binanceBaseUrl: url('BINANCE_BASE_URL', value(source, 'BINANCE_BASE_URL'), ['https:', 'http:']),
    binanceStreamUrl: url('BINANCE_STREAM_URL', value(source, 'BINANCE_STREAM_URL'), ['wss:', 'ws:']),
    market: marketSource(value(source, 'MARKET_DATA')),
    syntheticSeed: integer('SYNTHETIC_SEED', value(source, 'SYNTHETIC_SEED'), 0, 2 ** 31 - 1),
    replayWarmup: integer('REPLAY_WARMUP', value(source, 'REPLAY_WARMUP'), 0, 10_000_000),
    replaySpeed: positiveNumber('REPLAY_SPEED', value(source, 'REPLAY_SPEED')),
    dataDir,
    snapshotFull: bool('SNAPSHOT_FULL', value(source, 'SNAPSHOT_FULL')),
    snapshotRetentionDays: integer('SNAPSHOT_RETENTION_DAYS', value(source, 'SNAPSHOT_RETENTION_DAYS'), 0, 36_500),
    databaseUrl: databaseUrl(value(source, 'DATABASE_URL'), dataDir),
    paperStartingBalances: balances(value(source, 'PAPER_STARTING_BALANCES')),
    maxTradeSizeUsd: optionalUsd('MAX_TRADE_SIZE_USD', value(source, 'MAX_TRADE_SIZE_USD')),
    maxPositionSizeUsd: optionalUsd('MAX_POSITION_SIZE_USD', value(source, 'MAX_POSITION_SIZE_USD')),
    maxDailyLossUsd: optionalUsd('MAX_DAILY_LOSS_USD', value(source, 'MAX_DAILY_LOSS_USD')),
    maxOrdersPerMinute: maxOrders === '' ? undefined : integer('MAX_ORDERS_PER_MINUTE', maxOrders, 1, 1_000_000),
    allowedSymbols: allowed.length > 0 ? allowed : undefined,
    deniedSymbols: symbolList('DENIED_SYMBOLS', value(source, 'DENIED_SYMBOLS')),
    maxTotalExposureUsd: optionalUsd('MAX_TOTAL_EXPOSURE_USD', value(source, 'MAX_TOTAL_EXPOSURE_USD')),
    breakerOpenOrders: oneOf('BREAKER_OPEN_ORDERS', value(source, 'BREAKER_OPEN_ORDERS'), ['cancel', 'keep'] as const),
    paperFillModel: oneOf('PAPER_FILL_MODEL', value(source, 'PAPER_FILL_MODEL'), ['conservative', 'queue'] as const),
    orderDeadlineMs: integer('ORDER_DEADLINE_MS', value(source, 'ORDER_DEADLINE_MS'), 1, 600_000),
    orderQueueLimit: integer('ORDER_QUEUE_LIMIT', value(source, 'ORDER_QUEUE_LIMIT'), 1, 10_000),
    httpHost: value(source, 'HTTP_HOST'),
    httpPort: integer('HTTP_PORT', value(source, 'HTTP_PORT'), 0, 65535),
    mcpAuthToken: token || undefined,
    allowedOrigins: value(source, 'ALLOWED_ORIGINS')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    allowedHosts: hostList(value(source, 'ALLOWED_HOSTS')),
    notify: notifySettings(source),
    logLevel: oneOf('LOG_LEVEL', value(source, 'LOG_LEVEL'), [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ] as const),
  };
}

/** Live trading is possible only when the operator chose it and gave keys. */
export function liveUnavailableReason(config: Config): string | null {
  if (config.tradingMode !== 'live') return 'the operator configured paper trading only (TRADING_MODE=paper)';
  if (!config.binanceApiKey || !config.binanceApiSecret)
    return 'TRADING_MODE=live but BINANCE_API_KEY / BINANCE_API_SECRET are not set';
  return null;
}
