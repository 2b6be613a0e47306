import type { App } from '../../app/app.js';
import type { RiskStatus } from '../../app/api.js';
import { createApp, riskLimitsFrom } from '../../compose.js';
import type { Config } from '../../config.js';
import { createLogger } from '../../log.js';
import type { TradingMode } from '../../model/trading-mode.js';
import { describeLimitsSource, readLimitsInForce, withLimitsInForce } from './limits-in-force.js';

async function withApp<T>(config: Config, use: (app: App) => Promise<T>): Promise<T> {
  const app = await createApp(config, { logger: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel) });
  try {
    return await use(app);
  } finally {
    await app.close();
  }
}

function describe(status: RiskStatus): string {
  const l = status.limits;
  const show = (v: string | number | null) => (v === null ? 'unlimited' : String(v));
  const breaker = status.breaker.tripped
    ? `TRIPPED at ${new Date(status.breaker.trippedAt!).toISOString()}: ${status.breaker.reason}; resets ${new Date(status.breaker.resetsAt!).toISOString()} or with \`binance-mcp risk reset\``
    : 'not tripped';
  return [
    `account: ${status.mode}`,
    `MAX_TRADE_SIZE_USD: ${show(l.maxTradeSizeUsd)}`,
    `MAX_POSITION_SIZE_USD: ${show(l.maxPositionSizeUsd)}`,
    `MAX_TOTAL_EXPOSURE_USD: ${show(l.maxTotalExposureUsd ?? null)}`,
    `MAX_DAILY_LOSS_USD: ${show(l.maxDailyLossUsd)}`,
    `MAX_ORDERS_PER_MINUTE: ${show(l.maxOrdersPerMinute)}`,
    `ALLOWED_SYMBOLS: ${l.allowedSymbols ? l.allowedSymbols.join(',') : 'all'}`,
    `DENIED_SYMBOLS: ${l.deniedSymbols.length ? l.deniedSymbols.join(',') : 'none'}`,
    `loss today (since 00:00 UTC, on equity): ${status.dailyLossUsd} USD`,
    `circuit breaker: ${breaker}`,
  ].join('\n');
}

export async function riskStatusCommand(config: Config, flags: { account: TradingMode; json?: boolean }): Promise<void> {
  await withApp(config, async (app) => {
    const desk = app.desks[flags.account];
    if (!desk) throw new Error(`there is no live account: ${app.live.reason}`);
    const status = withLimitsInForce(await desk.riskStatus(), await readLimitsInForce(config, flags.account), riskLimitsFrom(config));
    process.stdout.write(flags.json ? `${JSON.stringify(status, null, 2)}\n` : `${describe(status)}\n${describeLimitsSource(status)}\n`);
  });
}

export async function riskResetCommand(config: Config, flags: { account: 'paper' | 'live' }): Promise<void> {
  await withApp(config, async (app) => {
    await app.operator.resetBreaker(flags.account);
    const status = withLimitsInForce(await app.desks[flags.account]!.riskStatus(), await readLimitsInForce(config, flags.account), riskLimitsFrom(config));
    process.stdout.write(`circuit breaker reset for the ${flags.account} account\n${describe(status)}\n${describeLimitsSource(status)}\n`);
  });
}
