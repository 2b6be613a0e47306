import type { RiskStatus } from '../../app/api.js';
import { journaledRiskStatus, resetBreakerInJournal } from '../../compose/offline-risk.js';
import type { Config } from '../../config.js';
import { askOwner, ownerName, type OwnerAnswer } from '../../ownership/index.js';
import type { TradingMode } from '../../model/trading-mode.js';
import { openKyselyStore, type KyselyStore } from '../../store/index.js';
import { riskLimitsFrom } from '../../compose/app.js';
import { describeLimitsSource, type StatusWithLimitsInForce, withLimitsInForce } from './limits-in-force.js';

/** Operator commands need the journal only: no market connection, whether or not a server runs. */
async function withJournal<T>(config: Config, use: (store: KyselyStore) => Promise<T>): Promise<T> {
  const store = await openKyselyStore({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** Without a running owner: the journal's status, with the limits the last server journaled rather than this shell's. */
async function journaledStatus(store: KyselyStore, config: Config, account: TradingMode): Promise<RiskStatus> {
  const status = await journaledRiskStatus(store, config, account, Date.now());
  return withLimitsInForce(status, await store.getLimitsInForce(account), riskLimitsFrom(config));
}

/**
 * The owner's own status when it answered, with where its limits come from when it is the server
 * that journaled the limits in force; else the journal's.
 */
async function statusFrom(
  store: KyselyStore,
  config: Config,
  account: TradingMode,
  answer: OwnerAnswer<RiskStatus>,
): Promise<RiskStatus> {
  if (!answer.answered) return journaledStatus(store, config, account);
  const inForce = await store.getLimitsInForce(account);
  const sameServer =
    inForce !== undefined && inForce.writer.pid === answer.lease.pid && inForce.writer.host === answer.lease.hostname;
  return sameServer ? withLimitsInForce(answer.value, inForce, riskLimitsFrom(config)) : answer.value;
}

function limitsLine(status: RiskStatus): string {
  return 'limitsSource' in status ? `${describeLimitsSource(status as StatusWithLimitsInForce)}\n` : '';
}

function source(answer: OwnerAnswer<unknown>): string {
  return answer.answered
    ? `as enforced by the running server that owns the account: ${ownerName(answer.lease)}`
    : `from the journal and this shell's settings (${answer.why})`;
}

/** The live account exists only where the operator enabled it, here or in the server that owns it. */
function assertAccount(config: Config, account: TradingMode, answer: OwnerAnswer<unknown>): void {
  if (account === 'live' && !answer.answered && answer.lease === undefined && config.tradingMode !== 'live') {
    throw new Error('there is no live account: the operator configured paper trading only (TRADING_MODE=paper)');
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

export async function riskStatusCommand(
  config: Config,
  flags: { account: TradingMode; json?: boolean },
): Promise<void> {
  await withJournal(config, async (store) => {
    const answer = await askOwner<RiskStatus>(store, flags.account, 'riskStatus');
    assertAccount(config, flags.account, answer);
    const status = await statusFrom(store, config, flags.account, answer);
    process.stdout.write(
      flags.json
        ? `${JSON.stringify({ ...status, source: source(answer) }, null, 2)}\n`
        : `${describe(status)}\n(${source(answer)})\n${limitsLine(status)}`,
    );
  });
}

export async function riskResetCommand(config: Config, flags: { account: TradingMode }): Promise<void> {
  await withJournal(config, async (store) => {
    const answer = await askOwner<null>(store, flags.account, 'resetBreaker', ['operator']);
    assertAccount(config, flags.account, answer);
    const done = answer.answered || (await resetBreakerInJournal(store, config, flags.account, Date.now()));
    const after = answer.answered ? await askOwner<RiskStatus>(store, flags.account, 'riskStatus') : undefined;
    const status = after
      ? await statusFrom(store, config, flags.account, after)
      : await journaledStatus(store, config, flags.account);
    const what = done
      ? `circuit breaker reset for the ${flags.account} account`
      : `nothing to reset for the ${flags.account} account: no loss observed today`;
    process.stdout.write(`${what}\n${describe(status)}\n(${source(answer)})\n${limitsLine(status)}`);
  });
}
