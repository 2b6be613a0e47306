/**
 * Evaluates a signal strategy on one symbol's closed bars, one bar at a time. It is given a bar only
 * after the bar has closed and keeps nothing but the past: every reference reads index `i - offset`
 * with offset >= 0, so a condition cannot see a bar that has not closed. NaN (indicator warm-up)
 * makes every comparison false.
 */
import {
  INDICATOR_FIELDS,
  indicatorStep,
  type BarInput,
  type IndicatorStep,
  type PriceSource,
} from './indicator-catalog.js';
import {
  AllTest,
  AlwaysTest,
  AnyTest,
  BarsSinceEntryTest,
  BarsSinceTest,
  CompareTest,
  Comparison,
  ConstantRead,
  CrossTest,
  EveryTest,
  lookbackOf,
  NotTest,
  Series,
  SeriesRead,
  ShiftedRead,
  type EvaluationContext,
  type Read,
  type Test,
} from './condition-nodes.js';
import type { Condition, Operand, SignalStrategy } from './schema.js';
import { resolveRef } from './validate.js';

export type { EvaluationContext } from './condition-nodes.js';

export class SignalEvaluator {
  /** The series of the price sources a condition reads (null: not kept). */
  private open: Series | null = null;
  private high: Series | null = null;
  private low: Series | null = null;
  private close: Series | null = null;
  private volume: Series | null = null;
  private readonly indicators: { step: IndicatorStep; out: Float64Array; series: Series[] }[] = [];
  private readonly byId = new Map<string, Series[]>();
  /** Stateful nodes (barsSince) that must see every bar, in evaluation order (children first). */
  private readonly perBar: BarsSinceTest[] = [];
  private readonly entryTest: Test;
  private readonly exitTest: Test | null;
  private bars = 0;
  private started = -1;
  /** Bars back the conditions read at most: what each series keeps. */
  private readonly lookback: number;

  constructor(
    readonly strategy: SignalStrategy,
    private readonly context: EvaluationContext,
  ) {
    this.lookback = Math.max(lookbackOf(strategy.entry), strategy.exit ? lookbackOf(strategy.exit) : 0);
    for (const [id, spec] of Object.entries(strategy.indicators)) {
      const fields = INDICATOR_FIELDS[spec.kind];
      const series = fields.map(() => new Series(this.lookback));
      this.indicators.push({ step: indicatorStep(spec), out: new Float64Array(fields.length), series });
      this.byId.set(id, series);
    }
    this.entryTest = this.compile(strategy.entry);
    this.exitTest = strategy.exit ? this.compile(strategy.exit) : null;
  }

  /** Bars committed so far. */
  get count(): number {
    return this.bars;
  }

  /** The bar count when trading started (-1 before markStart). */
  get startedAt(): number {
    return this.started;
  }

  /** Trading starts with the next bar: `every` counts from it (earlier bars only warm the indicators up). */
  markStart(): void {
    this.started = this.bars;
  }

  /** Commits one closed bar. */
  onBar(bar: BarInput): void {
    this.open?.push(bar.open);
    this.high?.push(bar.high);
    this.low?.push(bar.low);
    this.close?.push(bar.close);
    this.volume?.push(bar.volume);
    for (const ind of this.indicators) {
      ind.step.step(bar, ind.out);
      for (let f = 0; f < ind.series.length; f++) ind.series[f]!.push(ind.out[f]!);
    }
    this.bars += 1;
    for (const node of this.perBar) node.observe();
  }

  entry(): boolean {
    return this.entryTest.test();
  }

  exit(): boolean {
    return this.exitTest !== null && this.exitTest.test();
  }

  /** The newest closed value of a reference (e.g. an ATR for a stop distance). */
  value(ref: string, offset = 0): number {
    return this.reader(ref).at(offset);
  }

  private reader(text: string): Read {
    const target = resolveRef(this.strategy, text);
    if (target === null) throw new Error(`unknown reference ${text}`);
    const series =
      'source' in target
        ? this.sourceSeries(target.source as PriceSource)
        : this.byId.get(target.indicator)![target.field]!;
    return new SeriesRead(series);
  }

  /** A price source's series, kept from now on: only conditions (compiled before the first bar) may start one. */
  private sourceSeries(source: PriceSource): Series {
    const kept = this[source];
    if (kept) return kept;
    if (this.bars > 0) throw new Error(`the ${source} series was not kept: no condition reads it`);
    return (this[source] = new Series(this.lookback));
  }

  private operand(op: Operand): Read {
    if (typeof op === 'number') return new ConstantRead(op);
    if (typeof op === 'string') return this.reader(op);
    return new ShiftedRead(this.reader(op.ref), op.offset, op.times);
  }

  private compile(c: Condition): Test {
    if ('crossesAbove' in c || 'crossesBelow' in c) {
      const above = 'crossesAbove' in c;
      const [l, r] = (
        above
          ? (c as { crossesAbove: [Operand, Operand] }).crossesAbove
          : (c as { crossesBelow: [Operand, Operand] }).crossesBelow
      ).map((op) => this.operand(op)) as [Read, Read];
      return new CrossTest(l, r, above);
    }
    if ('gt' in c) return this.compare(c.gt, Comparison.Gt);
    if ('gte' in c) return this.compare(c.gte, Comparison.Gte);
    if ('lt' in c) return this.compare(c.lt, Comparison.Lt);
    if ('lte' in c) return this.compare(c.lte, Comparison.Lte);
    if ('all' in c) return new AllTest(c.all.map((child) => this.compile(child)));
    if ('any' in c) return new AnyTest(c.any.map((child) => this.compile(child)));
    if ('not' in c) return new NotTest(this.compile(c.not));
    if ('barsSince' in c) {
      const node = new BarsSinceTest(this, this.compile(c.barsSince.condition), c.barsSince.atMost);
      this.perBar.push(node);
      return node;
    }
    if ('barsSinceEntry' in c) return new BarsSinceEntryTest(this.context, c.barsSinceEntry.atLeast);
    if ('every' in c) return new EveryTest(this, c.every);
    return new AlwaysTest();
  }

  private compare(pair: [Operand, Operand], op: Comparison): Test {
    return new CompareTest(this.operand(pair[0]), this.operand(pair[1]), op);
  }
}
