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
import type { Condition, Operand, SignalStrategy } from './schema.js';
import { resolveRef } from './validate.js';

/** The newest values of a series, as many as the strategy's conditions look back (a ring: memory does not grow with the bars). */
class Series {
  private readonly data: Float64Array;
  private readonly mask: number;
  length = 0;
  /** Keeps the newest `lookback` + 1 values. */
  constructor(lookback: number) {
    let size = 16;
    while (size < lookback + 1) size *= 2;
    this.data = new Float64Array(size);
    this.mask = size - 1;
  }
  push(v: number): void {
    this.data[this.length & this.mask] = v;
    this.length += 1;
  }
  /** Value `offset` bars back from the newest (at most the lookback); NaN before the first bar. */
  back(offset: number): number {
    const i = this.length - 1 - offset;
    return i >= 0 ? this.data[i & this.mask]! : NaN;
  }
}

/** How many bars back a condition reads at most (a cross also reads the bar before each operand's). */
function lookbackOf(c: Condition): number {
  const op = (o: Operand): number => (typeof o === 'object' ? o.offset : 0);
  if ('crossesAbove' in c) return 1 + Math.max(op(c.crossesAbove[0]), op(c.crossesAbove[1]));
  if ('crossesBelow' in c) return 1 + Math.max(op(c.crossesBelow[0]), op(c.crossesBelow[1]));
  for (const key of ['gt', 'gte', 'lt', 'lte'] as const)
    if (key in c) {
      const pair = (c as Record<typeof key, [Operand, Operand]>)[key];
      return Math.max(op(pair[0]), op(pair[1]));
    }
  if ('all' in c) return Math.max(0, ...c.all.map(lookbackOf));
  if ('any' in c) return Math.max(0, ...c.any.map(lookbackOf));
  if ('not' in c) return lookbackOf(c.not);
  if ('barsSince' in c) return lookbackOf(c.barsSince.condition);
  return 0;
}

/**
 * Operands and conditions compile to objects of a few classes, not closures: a backtest compiles
 * the strategy again for every run, and optimized code that had inlined one run's closures would
 * be thrown away by the next run's (a sweep runs hundreds).
 */
interface Read {
  at(offset: number): number;
}

class ConstantRead implements Read {
  constructor(private readonly value: number) {}
  at(): number {
    return this.value;
  }
}

class SeriesRead implements Read {
  constructor(private readonly series: Series) {}
  at(offset: number): number {
    return this.series.back(offset);
  }
}

/** A reference `offset` bars further back, times a factor. */
class ShiftedRead implements Read {
  constructor(
    private readonly read: Read,
    private readonly offset: number,
    private readonly times: number,
  ) {}
  at(offset: number): number {
    const v = this.read.at(offset + this.offset);
    return this.times === 1 ? v : v * this.times;
  }
}

interface Test {
  test(): boolean;
}

class CrossTest implements Test {
  constructor(
    private readonly l: Read,
    private readonly r: Read,
    private readonly above: boolean,
  ) {}
  test(): boolean {
    const { l, r } = this;
    return this.above ? l.at(0) > r.at(0) && l.at(1) <= r.at(1) : l.at(0) < r.at(0) && l.at(1) >= r.at(1);
  }
}

const enum Comparison {
  Gt,
  Gte,
  Lt,
  Lte,
}

class CompareTest implements Test {
  constructor(
    private readonly l: Read,
    private readonly r: Read,
    private readonly op: Comparison,
  ) {}
  test(): boolean {
    const a = this.l.at(0);
    const b = this.r.at(0);
    switch (this.op) {
      case Comparison.Gt:
        return a > b;
      case Comparison.Gte:
        return a >= b;
      case Comparison.Lt:
        return a < b;
      default:
        return a <= b;
    }
  }
}

class AllTest implements Test {
  constructor(private readonly tests: Test[]) {}
  test(): boolean {
    for (const t of this.tests) if (!t.test()) return false;
    return true;
  }
}

class AnyTest implements Test {
  constructor(private readonly tests: Test[]) {}
  test(): boolean {
    for (const t of this.tests) if (t.test()) return true;
    return false;
  }
}

class NotTest implements Test {
  constructor(private readonly inner: Test) {}
  test(): boolean {
    return !this.inner.test();
  }
}

/** Whether `inner` held within the last `atMost` bars: it must see every bar (see SignalEvaluator.perBar). */
class BarsSinceTest implements Test {
  private lastTrue = -Infinity;
  constructor(
    private readonly ev: SignalEvaluator,
    private readonly inner: Test,
    private readonly atMost: number,
  ) {}
  observe(): void {
    if (this.inner.test()) this.lastTrue = this.ev.count;
  }
  test(): boolean {
    return this.ev.count - this.lastTrue <= this.atMost;
  }
}

class BarsSinceEntryTest implements Test {
  constructor(
    private readonly context: EvaluationContext,
    private readonly atLeast: number,
  ) {}
  test(): boolean {
    return this.context.barsSinceEntry() >= this.atLeast;
  }
}

class EveryTest implements Test {
  constructor(
    private readonly ev: SignalEvaluator,
    private readonly n: number,
  ) {}
  test(): boolean {
    const started = this.ev.startedAt;
    const bars = this.ev.count;
    return started >= 0 && bars > started && (bars - started - 1) % this.n === 0;
  }
}

class AlwaysTest implements Test {
  test(): boolean {
    return true;
  }
}

export interface EvaluationContext {
  /** Bars since the newest open entry of this symbol was filled (Infinity when none). */
  barsSinceEntry(): number;
}

export class SignalEvaluator {
  /** The series of the price sources a condition reads (the others are not kept). */
  private readonly sources = new Map<string, Series>();
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
    let series = this.sources.get(source);
    if (series) return series;
    if (this.bars > 0) throw new Error(`the ${source} series was not kept: no condition reads it`);
    series = new Series(this.lookback);
    this.sources.set(source, series);
    this[source] = series;
    return series;
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
