/**
 * Evaluates a signal strategy on one symbol's closed bars, one bar at a time. It is given a bar only
 * after the bar has closed and keeps nothing but the past: every reference reads index `i - offset`
 * with offset >= 0, so a condition cannot see a bar that has not closed. NaN (indicator warm-up)
 * makes every comparison false.
 */
import {
  INDICATOR_FIELDS,
  indicatorStep,
  PRICE_SOURCES,
  type BarInput,
  type IndicatorStep,
} from './indicator-catalog.js';
import type { Condition, Operand, SignalStrategy } from './schema.js';
import { resolveRef } from './validate.js';

class Series {
  data: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
  /** Value `offset` bars back from the newest; NaN before the first bar. */
  back(offset: number): number {
    const i = this.length - 1 - offset;
    return i >= 0 ? this.data[i]! : NaN;
  }
}

type Read = (offset: number) => number;
type Test = () => boolean;

export interface EvaluationContext {
  /** Bars since the newest open entry of this symbol was filled (Infinity when none). */
  barsSinceEntry(): number;
}

export class SignalEvaluator {
  private readonly sources = new Map<string, Series>();
  /** The series of PRICE_SOURCES (open, high, low, close, volume), in that order: pushed on every bar. */
  private readonly sourceList: Series[];
  private readonly indicators: { step: IndicatorStep; out: Float64Array; series: Series[] }[] = [];
  private readonly byId = new Map<string, Series[]>();
  /** Stateful nodes (barsSince) that must see every bar, in evaluation order (children first). */
  private readonly perBar: (() => void)[] = [];
  private readonly entryTest: Test;
  private readonly exitTest: Test | null;
  private bars = 0;
  private started = -1;

  constructor(
    readonly strategy: SignalStrategy,
    private readonly context: EvaluationContext,
    capacity = 1024,
  ) {
    this.sourceList = PRICE_SOURCES.map(() => new Series(capacity));
    PRICE_SOURCES.forEach((s, i) => this.sources.set(s, this.sourceList[i]!));
    for (const [id, spec] of Object.entries(strategy.indicators)) {
      const fields = INDICATOR_FIELDS[spec.kind];
      const series = fields.map(() => new Series(capacity));
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

  /** Trading starts with the next bar: `every` counts from it (earlier bars only warm the indicators up). */
  markStart(): void {
    this.started = this.bars;
  }

  /** Commits one closed bar. */
  onBar(bar: BarInput): void {
    const [open, high, low, close, volume] = this.sourceList;
    open!.push(bar.open);
    high!.push(bar.high);
    low!.push(bar.low);
    close!.push(bar.close);
    volume!.push(bar.volume);
    for (const ind of this.indicators) {
      ind.step(bar, ind.out);
      for (let f = 0; f < ind.series.length; f++) ind.series[f]!.push(ind.out[f]!);
    }
    this.bars += 1;
    for (const update of this.perBar) update();
  }

  entry(): boolean {
    return this.entryTest();
  }

  exit(): boolean {
    return this.exitTest !== null && this.exitTest();
  }

  /** The newest closed value of a reference (e.g. an ATR for a stop distance). */
  value(ref: string, offset = 0): number {
    return this.reader(ref)(offset);
  }

  private reader(text: string): Read {
    const target = resolveRef(this.strategy, text);
    if (target === null) throw new Error(`unknown reference ${text}`);
    const series =
      'source' in target ? this.sources.get(target.source)! : this.byId.get(target.indicator)![target.field]!;
    return (offset) => series.back(offset);
  }

  private operand(op: Operand): Read {
    if (typeof op === 'number') return () => op;
    if (typeof op === 'string') return this.reader(op);
    const read = this.reader(op.ref);
    const { offset, times } = op;
    return times === 1 ? (o) => read(o + offset) : (o) => read(o + offset) * times;
  }

  private compile(c: Condition): Test {
    if ('crossesAbove' in c || 'crossesBelow' in c) {
      const above = 'crossesAbove' in c;
      const [l, r] = (
        above
          ? (c as { crossesAbove: [Operand, Operand] }).crossesAbove
          : (c as { crossesBelow: [Operand, Operand] }).crossesBelow
      ).map((op) => this.operand(op)) as [Read, Read];
      return above ? () => l(0) > r(0) && l(1) <= r(1) : () => l(0) < r(0) && l(1) >= r(1);
    }
    if ('gt' in c) return this.compare(c.gt, (a, b) => a > b);
    if ('gte' in c) return this.compare(c.gte, (a, b) => a >= b);
    if ('lt' in c) return this.compare(c.lt, (a, b) => a < b);
    if ('lte' in c) return this.compare(c.lte, (a, b) => a <= b);
    if ('all' in c) {
      const tests = c.all.map((child) => this.compile(child));
      return () => tests.every((t) => t());
    }
    if ('any' in c) {
      const tests = c.any.map((child) => this.compile(child));
      return () => tests.some((t) => t());
    }
    if ('not' in c) {
      const test = this.compile(c.not);
      return () => !test();
    }
    if ('barsSince' in c) {
      const test = this.compile(c.barsSince.condition);
      const atMost = c.barsSince.atMost;
      let lastTrue = -Infinity;
      this.perBar.push(() => {
        if (test()) lastTrue = this.bars;
      });
      return () => this.bars - lastTrue <= atMost;
    }
    if ('barsSinceEntry' in c) {
      const atLeast = c.barsSinceEntry.atLeast;
      return () => this.context.barsSinceEntry() >= atLeast;
    }
    if ('every' in c) {
      const n = c.every;
      return () => this.started >= 0 && this.bars > this.started && (this.bars - this.started - 1) % n === 0;
    }
    return () => true;
  }

  private compare(pair: [Operand, Operand], op: (a: number, b: number) => boolean): Test {
    const l = this.operand(pair[0]);
    const r = this.operand(pair[1]);
    return () => op(l(0), r(0));
  }
}
