/**
 * What a signal strategy's conditions compile to: a series of a value per closed bar (a ring as
 * long as the conditions look back), reads of it, and tests. Objects of a few classes, not
 * closures: a backtest compiles the strategy again for every run, and optimized code that had
 * inlined one run's closures would be thrown away by the next run's (a sweep runs hundreds).
 */
import type { Condition, Operand } from './schema.js';

/** Where a stateful test reads the bar count from (the evaluator). */
export interface BarCount {
  /** Bars committed so far. */
  readonly count: number;
  /** The bar count when trading started (-1 before). */
  readonly startedAt: number;
}

export interface EvaluationContext {
  /** Bars since the newest open entry of this symbol was filled (Infinity when none). */
  barsSinceEntry(): number;
}

/** The newest values of a series, as many as the strategy's conditions look back (a ring: memory does not grow with the bars). */
export class Series {
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
export function lookbackOf(c: Condition): number {
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

export interface Read {
  at(offset: number): number;
}

export class ConstantRead implements Read {
  constructor(private readonly value: number) {}
  at(): number {
    return this.value;
  }
}

export class SeriesRead implements Read {
  constructor(private readonly series: Series) {}
  at(offset: number): number {
    return this.series.back(offset);
  }
}

/** A reference `offset` bars further back, times a factor. */
export class ShiftedRead implements Read {
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

export interface Test {
  test(): boolean;
}

export class CrossTest implements Test {
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

export const enum Comparison {
  Gt,
  Gte,
  Lt,
  Lte,
}

export class CompareTest implements Test {
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

export class AllTest implements Test {
  constructor(private readonly tests: Test[]) {}
  test(): boolean {
    for (const t of this.tests) if (!t.test()) return false;
    return true;
  }
}

export class AnyTest implements Test {
  constructor(private readonly tests: Test[]) {}
  test(): boolean {
    for (const t of this.tests) if (t.test()) return true;
    return false;
  }
}

export class NotTest implements Test {
  constructor(private readonly inner: Test) {}
  test(): boolean {
    return !this.inner.test();
  }
}

/** Whether `inner` held within the last `atMost` bars: it must see every bar (see SignalEvaluator.perBar). */
export class BarsSinceTest implements Test {
  private lastTrue = -Infinity;
  constructor(
    private readonly ev: BarCount,
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

export class BarsSinceEntryTest implements Test {
  constructor(
    private readonly context: EvaluationContext,
    private readonly atLeast: number,
  ) {}
  test(): boolean {
    return this.context.barsSinceEntry() >= this.atLeast;
  }
}

export class EveryTest implements Test {
  constructor(
    private readonly ev: BarCount,
    private readonly n: number,
  ) {}
  test(): boolean {
    const started = this.ev.startedAt;
    const bars = this.ev.count;
    return started >= 0 && bars > started && (bars - started - 1) % this.n === 0;
  }
}

export class AlwaysTest implements Test {
  test(): boolean {
    return true;
  }
}
