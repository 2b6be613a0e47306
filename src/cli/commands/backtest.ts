import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { BacktestService, type StrategyRef } from '../../backtest/service.js';
import type { BacktestResult } from '../../backtest/result.js';
import { renderBacktestReport } from '../../backtest/report/html.js';
import { SystemClock } from '../../clock/index.js';
import { riskLimitsFrom } from '../../compose/app.js';
import type { Config } from '../../config.js';
import { InvalidInput } from '../../model/errors.js';
import { KyselyBacktestJournal, openKyselyStore } from '../../store/index.js';
import { InvalidStrategy } from '../../strategy/index.js';
import { ProgressBar } from '../progress.js';

export interface BacktestFlags {
  market: string;
  from?: string;
  to?: string;
  json?: boolean;
  report?: string;
  param?: string[];
  startingQuote?: string;
}

/** `binance-mcp backtest STRATEGY.json|TEMPLATE --market replay:PATH|synthetic [--from] [--to] [--json] [--report out.html]`. */
export async function backtestCommand(config: Config, target: string, flags: BacktestFlags): Promise<void> {
  let ref: StrategyRef;
  let from: number | undefined;
  let to: number | undefined;
  try {
    ref = strategyRef(target, flags.param ?? []);
    from = flags.from === undefined ? undefined : parseWhen('--from', flags.from);
    to = flags.to === undefined ? undefined : parseWhen('--to', flags.to);
  } catch (error) {
    fail(error);
  }
  const store = await openKyselyStore({ url: config.databaseUrl, dataDir: config.dataDir });
  const service = new BacktestService(new KyselyBacktestJournal(store.database), {
    riskLimits: riskLimitsFrom(config),
    clock: new SystemClock(),
  });
  const bar = new ProgressBar('backtest');
  try {
    const { id, result } = await service.run({
      strategy: ref!,
      market: flags.market,
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(flags.startingQuote ? { startingQuote: flags.startingQuote } : {}),
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.done();
    if (flags.report) {
      writeFileSync(flags.report, renderBacktestReport(id, result));
      process.stderr.write(`report written to ${flags.report}\n`);
    }
    process.stdout.write(flags.json ? JSON.stringify({ id, ...result }, null, 2) + '\n' : humanSummary(id, result));
  } catch (error) {
    bar.done();
    fail(error);
  } finally {
    await store.close();
  }
}

export function strategyRef(target: string, params: string[]): StrategyRef {
  if (target.endsWith('.json') || existsSync(target)) {
    if (params.length > 0)
      throw new InvalidInput('--param', 'parameters apply to templates only', 'edit the document instead');
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(target, 'utf8'));
    } catch (error) {
      throw new InvalidInput(
        'STRATEGY',
        `${target} cannot be read as JSON: ${(error as Error).message}`,
        'a strategy document file (see binance-mcp strategies --json for examples)',
      );
    }
    return { document };
  }
  const parameters: Record<string, string> = {};
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new InvalidInput('--param', `"${p}" is not name=value`, 'e.g. --param fast=10');
    parameters[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return { template: target, parameters };
}

export function parseWhen(flag: string, text: string): number {
  const t = text.trim();
  const ms = /^\d{10,16}$/.test(t)
    ? Number(t)
    : /^\d{4}-\d{2}-\d{2}$/.test(t)
      ? Date.parse(`${t}T00:00:00Z`)
      : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t}Z`);
  if (!Number.isFinite(ms))
    throw new InvalidInput(
      flag,
      `"${text}" is not a time`,
      'a date (2024-01-31), an ISO time (2024-01-31T12:00:00Z, UTC when no zone) or epoch milliseconds',
    );
  return ms;
}

function fail(error: unknown): never {
  if (error instanceof InvalidStrategy) {
    process.stderr.write(
      `binance-mcp: the strategy is not valid:\n${error.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}\n`,
    );
    process.exit(2);
  }
  if (error instanceof InvalidInput || error instanceof RangeError) {
    process.stderr.write(`binance-mcp: ${(error as Error).message}\n`);
    process.exit(2);
  }
  throw error;
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);
const num = (x: number | null, dp = 2): string => (x === null ? 'n/a' : x.toFixed(dp));

function humanSummary(id: string, r: BacktestResult): string {
  const m = r.metrics;
  const rows: [string, string][] = [
    ['backtest', `${id} (${r.strategy.name}, sha256 ${r.strategy.hash.slice(0, 12)})`],
    [
      'market',
      `${r.market} ${r.symbols.join(',')} ${r.interval}, ${r.range.fromIso} .. ${r.range.toIso} (${r.range.bars} bars)`,
    ],
    ['total return', `${pct(m.totalReturn)} (buy-and-hold ${pct(r.buyAndHold.totalReturn)})`],
    ['CAGR', pct(m.cagr)],
    ['Sharpe / Sortino', `${num(m.sharpe)} / ${num(m.sortino)} (daily, x sqrt(365), risk-free 0)`],
    [
      'max drawdown',
      `${pct(m.maxDrawdown)} over ${(m.maxDrawdownDurationMs / 86_400_000).toFixed(1)} days (buy-and-hold ${pct(r.buyAndHold.maxDrawdown)})`,
    ],
    ['Calmar', num(m.calmar)],
    [
      'trades',
      `${m.trades}, win rate ${pct(m.winRate)}, profit factor ${num(m.profitFactor)}, expectancy ${num(m.expectancy)} ${r.startingBalance.asset}`,
    ],
    ['exposure', pct(m.exposure)],
    ['fees paid', `${m.feesPaid.toFixed(2)} ${r.startingBalance.asset}`],
    [
      'orders',
      `${r.orders.placed} placed, ${r.orders.rejected} refused by the venue, ${r.riskDenials.count} denied by risk limits`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const warnings = r.warnings.map((w) => `warning: ${w}`);
  return (
    [
      ...rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`),
      ...warnings,
      'assumptions: see --json (assumptions) or --report',
    ].join('\n') + '\n'
  );
}
