/**
 * Parameter sweeps with walk-forward validation: every combination of a template's parameter grid
 * is backtested in-sample (the first part of the range) and out-of-sample (the rest), on the same
 * market (one after another here; on worker threads in sweep-parallel.ts). Ranked by in-sample Sharpe; a combination whose
 * out-of-sample result falls far below its in-sample one is flagged, since that is what
 * over-fitting looks like.
 */
import { InvalidInput } from '../model/errors.js';
import type { PerformanceMetrics } from '../metrics/index.js';
import type { RiskLimits } from '../risk/limits.js';
import { findTemplate, instantiateTemplate, type TemplateValues } from '../strategy/index.js';
import type { BacktestMarket } from './market.js';
import { runBacktest } from './runner.js';

export const MAX_SWEEP_COMBINATIONS = 500;

export interface SweepRequest {
  template: string;
  /** Fixed parameters (symbol, interval, ...). */
  base?: TemplateValues;
  /** Values to try per parameter. */
  grid: Record<string, (number | string)[]>;
  market: BacktestMarket;
  from: number;
  to: number;
  /** Fraction of the range used in-sample (default 0.7). */
  inSample?: number;
  riskLimits?: RiskLimits;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

type Headline = Pick<
  PerformanceMetrics,
  'totalReturn' | 'sharpe' | 'maxDrawdown' | 'trades' | 'winRate' | 'profitFactor'
>;

export interface SweepRow {
  rank: number;
  parameters: TemplateValues;
  hash: string;
  inSample: Headline;
  outOfSample: Headline;
  /** Set when out-of-sample falls far below in-sample. */
  warning: string | null;
}

export interface SweepResult {
  template: string;
  market: string;
  split: { inSample: { from: number; to: number }; outOfSample: { from: number; to: number } };
  rankedBy: string;
  rows: SweepRow[];
  notes: string[];
}

export function combinations(grid: Record<string, (number | string)[]>): TemplateValues[] {
  let out: TemplateValues[] = [{}];
  for (const [name, values] of Object.entries(grid)) {
    if (values.length === 0)
      throw new InvalidInput(`grid.${name}`, 'has no values', 'one or more values, e.g. fast=5,10,20');
    out = out.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  }
  return out;
}

const headline = (m: PerformanceMetrics): Headline => ({
  totalReturn: m.totalReturn,
  sharpe: m.sharpe,
  maxDrawdown: m.maxDrawdown,
  trades: m.trades,
  winRate: m.winRate,
  profitFactor: m.profitFactor,
});

/** Far below: out-of-sample Sharpe under half the in-sample one (when that was positive), or a loss after an in-sample gain. */
export function overfitWarning(is: Headline, oos: Headline): string | null {
  if (is.sharpe !== null && is.sharpe > 0 && (oos.sharpe === null || oos.sharpe < is.sharpe / 2)) {
    return `out-of-sample Sharpe ${oos.sharpe === null ? 'n/a' : oos.sharpe.toFixed(2)} is less than half the in-sample ${is.sharpe.toFixed(2)}: likely over-fitted`;
  }
  if (is.totalReturn > 0 && oos.totalReturn < 0)
    return `in-sample gained ${(is.totalReturn * 100).toFixed(2)}% but out-of-sample lost ${(-oos.totalReturn * 100).toFixed(2)}%`;
  return null;
}

export interface SweepPlan {
  combos: TemplateValues[];
  split: number;
}

/** Checks the request and lays out its combinations and the in-sample / out-of-sample split. */
export function planSweep(req: Pick<SweepRequest, 'template' | 'grid' | 'from' | 'to' | 'inSample'>): SweepPlan {
  const template = findTemplate(req.template);
  if (!template)
    throw new InvalidInput('template', `no template "${req.template}"`, 'a name from `binance-mcp strategies`');
  const fraction = req.inSample ?? 0.7;
  if (!(fraction > 0.1 && fraction < 0.95))
    throw new InvalidInput('in-sample', `${fraction} is not usable`, 'a fraction between 0.1 and 0.95 of the range');
  const combos = combinations(req.grid);
  if (combos.length > MAX_SWEEP_COMBINATIONS)
    throw new InvalidInput('grid', `${combos.length} combinations`, `at most ${MAX_SWEEP_COMBINATIONS}`);
  return { combos, split: req.from + Math.floor((req.to - req.from) * fraction) };
}

export type UnrankedRow = Omit<SweepRow, 'rank'>;

/** One combination, in-sample then out-of-sample: depends only on the market's data, the document and the range. */
export async function runCombination(
  req: Pick<SweepRequest, 'template' | 'base' | 'market' | 'from' | 'to' | 'riskLimits' | 'signal'>,
  combo: TemplateValues,
  split: number,
  onHalf?: () => void,
): Promise<UnrankedRow> {
  const { strategy, hash } = instantiateTemplate(req.template, { ...req.base, ...combo });
  const common = {
    strategy,
    hash,
    market: req.market,
    ...(req.riskLimits ? { riskLimits: req.riskLimits } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
  };
  const is = await runBacktest({ ...common, from: req.from, to: split });
  onHalf?.();
  // Out-of-sample warms up on in-sample bars (indicators only), as a strategy run forward would.
  const oos = await runBacktest({ ...common, from: split, to: req.to });
  onHalf?.();
  const inSample = headline(is.metrics);
  const outOfSample = headline(oos.metrics);
  return { parameters: combo, hash, inSample, outOfSample, warning: overfitWarning(inSample, outOfSample) };
}

/** Rows in combination order, ranked by in-sample Sharpe (a stable sort: ties keep the grid's order, however the rows were computed). */
export function rankedResult(
  req: Pick<SweepRequest, 'template' | 'from' | 'to'>,
  market: string,
  plan: SweepPlan,
  rows: readonly UnrankedRow[],
  where: string,
): SweepResult {
  const sorted = [...rows].sort((a, b) => (b.inSample.sharpe ?? -Infinity) - (a.inSample.sharpe ?? -Infinity));
  return {
    template: req.template,
    market,
    split: { inSample: { from: req.from, to: plan.split }, outOfSample: { from: plan.split, to: req.to } },
    rankedBy: 'in-sample Sharpe (the out-of-sample figures are what to believe)',
    rows: sorted.map((r, i) => ({ rank: i + 1, ...r })),
    notes: [
      `${plan.combos.length} combinations, each backtested in-sample and out-of-sample through the same engine as a single backtest (see its assumptions), ${where}.`,
      'A warning marks a combination whose out-of-sample Sharpe is under half its in-sample Sharpe, or that lost out-of-sample after gaining in-sample.',
      'The more combinations tried, the more likely the best in-sample one is luck: prefer parameters whose neighbours also do well out-of-sample.',
    ],
  };
}

export async function runSweep(req: SweepRequest): Promise<SweepResult> {
  const plan = planSweep(req);
  const rows: UnrankedRow[] = [];
  const total = plan.combos.length * 2;
  let done = 0;
  for (const combo of plan.combos)
    rows.push(await runCombination(req, combo, plan.split, () => req.onProgress?.(++done, total)));
  return rankedResult(req, req.market.source, plan, rows, 'one after another on one core');
}
