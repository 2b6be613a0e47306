/**
 * Backtests as the interfaces (CLI, MCP, dashboard) use them: resolve the strategy (a document or a
 * template with parameters), open the market at simulated time, run, journal the run.
 */
import { randomBytes } from 'node:crypto';
import { InvalidInput } from '../model/errors.js';
import type { BacktestJournal, BacktestListing, BacktestRecord } from '../ports/backtest-journal.js';
import type { Clock } from '../ports/clock.js';
import type { RiskLimits } from '../risk/limits.js';
import { instantiateTemplate, parseStrategy, type ParsedStrategy, type TemplateValues } from '../strategy/index.js';
import { openBacktestMarket } from './market.js';
import type { BacktestResult } from './result.js';
import { runBacktest } from './runner.js';

export type StrategyRef = { document: unknown } | { template: string; parameters?: TemplateValues };

export interface BacktestRunInput {
  strategy: StrategyRef;
  /** synthetic, synthetic:SEED or replay:PATH. */
  market: string;
  from?: number;
  to?: number;
  startingQuote?: string;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface BacktestRun {
  id: string;
  result: BacktestResult;
}

const DAY = 86_400_000;
/** Without --from/--to a synthetic backtest covers the 90 days before the clock's day. */
export const DEFAULT_SYNTHETIC_DAYS = 90;

export function resolveStrategy(ref: StrategyRef): ParsedStrategy {
  return 'document' in ref ? parseStrategy(ref.document) : instantiateTemplate(ref.template, ref.parameters ?? {});
}

export class BacktestService {
  constructor(
    private readonly journal: BacktestJournal,
    private readonly options: { riskLimits: RiskLimits; clock: Clock; syntheticSeed?: number; replayPath?: string },
  ) {}

  /** The markets a model may backtest on: the seeded synthetic market, or the operator's replay data (never a path of its choosing). */
  marketFor(choice: 'synthetic' | 'replay'): string {
    if (choice === 'synthetic') return `synthetic:${this.options.syntheticSeed ?? 42}`;
    if (!this.options.replayPath)
      throw new InvalidInput(
        'market',
        'this server has no replay data (the operator sets MARKET_DATA=replay:PATH)',
        'synthetic',
      );
    return `replay:${this.options.replayPath}`;
  }

  async run(input: BacktestRunInput): Promise<BacktestRun> {
    const { strategy, hash } = resolveStrategy(input.strategy);
    const market = openBacktestMarket(input.market, strategy.symbols);
    try {
      const today = Math.floor(this.options.clock.now() / DAY) * DAY;
      const to = input.to ?? market.range?.to ?? today;
      const from = input.from ?? market.range?.from ?? to - DEFAULT_SYNTHETIC_DAYS * DAY;
      if (market.range && (to <= market.range.from || from >= market.range.to)) {
        throw new InvalidInput(
          'from',
          `${iso(from)} .. ${iso(to)} is outside the data`,
          `a range inside ${iso(market.range.from)} .. ${iso(market.range.to)}`,
        );
      }
      const result = await runBacktest({
        strategy,
        hash,
        market,
        from,
        to,
        riskLimits: this.options.riskLimits,
        ...(input.startingQuote ? { startingQuote: input.startingQuote } : {}),
        ...(input.onProgress ? { onProgress: input.onProgress } : {}),
        ...(input.signal ? { signal: input.signal } : {}),
      });
      const id = `bt_${randomBytes(9).toString('base64url')}`;
      await this.journal.record({
        id,
        createdAt: this.options.clock.now(),
        strategyHash: hash,
        strategyName: strategy.name,
        market: result.market,
        symbols: result.symbols,
        interval: result.interval,
        from: result.range.from,
        to: result.range.to,
        summary: summaryOf(result),
        result,
      });
      return { id, result };
    } finally {
      await market.close();
    }
  }

  get(id: string): Promise<BacktestRecord | undefined> {
    return this.journal.get(id);
  }

  list(options?: { limit?: number; strategyHash?: string }): Promise<BacktestListing[]> {
    return this.journal.list(options);
  }
}

export function summaryOf(r: BacktestResult) {
  const m = r.metrics;
  return {
    totalReturn: m.totalReturn,
    cagr: m.cagr,
    sharpe: m.sharpe,
    sortino: m.sortino,
    maxDrawdown: m.maxDrawdown,
    trades: m.trades,
    winRate: m.winRate,
    profitFactor: m.profitFactor,
    feesPaid: m.feesPaid,
    buyAndHoldReturn: r.buyAndHold.totalReturn,
  };
}

const iso = (t: number): string => new Date(t).toISOString();
