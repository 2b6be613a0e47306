/**
 * Every indicator of src/indicators as a strategy can name it: its parameters (with defaults), the
 * fields it produces, and an incremental updater that commits one closed bar at a time.
 */
import * as z from 'zod';
import {
  AtrUpdater,
  BollingerUpdater,
  EmaUpdater,
  MacdUpdater,
  ObvUpdater,
  RsiUpdater,
  SmaUpdater,
  StochasticUpdater,
  VwapUpdater,
  type Bar,
} from '../indicators/index.js';

export const PRICE_SOURCES = ['open', 'high', 'low', 'close', 'volume'] as const;
export type PriceSource = (typeof PRICE_SOURCES)[number];

const period = (fallback: number) => z.number().int().min(1).max(10_000).default(fallback);
const source = z.enum(PRICE_SOURCES).default('close').describe('Bar field the indicator reads');

export const indicatorSpec = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('sma'), period: period(20), source }),
    z.strictObject({ kind: z.literal('ema'), period: period(20), source }),
    z.strictObject({ kind: z.literal('rsi'), period: period(14), source }),
    z.strictObject({ kind: z.literal('macd'), fast: period(12), slow: period(26), signal: period(9), source }),
    z.strictObject({
      kind: z.literal('bollinger'),
      period: period(20),
      deviations: z.number().positive().max(10).default(2),
      middle: z.enum(['sma', 'ema']).default('sma'),
      source,
    }),
    z.strictObject({ kind: z.literal('atr'), period: period(14) }),
    z.strictObject({ kind: z.literal('stochastic'), kPeriod: period(14), kSlowing: period(3), dPeriod: period(3) }),
    z.strictObject({ kind: z.literal('obv') }),
    z.strictObject({
      kind: z.literal('vwap'),
      daily: z.boolean().default(true).describe('Restart at 00:00 UTC (session VWAP)'),
    }),
  ],
  { error: 'an indicator needs "kind": one of sma, ema, rsi, macd, bollinger, atr, stochastic, obv, vwap' },
);

export type IndicatorSpec = z.infer<typeof indicatorSpec>;
export type IndicatorKind = IndicatorSpec['kind'];

/** Fields an indicator produces; the first is what a bare reference (`"fast"`) means. */
export const INDICATOR_FIELDS: Record<IndicatorKind, readonly string[]> = {
  sma: ['value'],
  ema: ['value'],
  rsi: ['value'],
  atr: ['value'],
  obv: ['value'],
  vwap: ['value'],
  macd: ['macd', 'signal', 'histogram'],
  bollinger: ['middle', 'upper', 'lower'],
  stochastic: ['k', 'd'],
};

export interface BarInput extends Bar {
  open: number;
  openTime: number;
}

/**
 * Commits one closed bar and writes each field's value (NaN in warm-up) into `out`, in INDICATOR_FIELDS order.
 * Steps are objects of a few classes rather than closures: a backtest makes new ones per run, and
 * code optimized for one run's closures would be thrown away by the next run's.
 */
export interface IndicatorStep {
  step(bar: BarInput, out: Float64Array): void;
}

export function indicatorStep(spec: IndicatorSpec): IndicatorStep {
  switch (spec.kind) {
    case 'sma':
      return new SourceStep(new SmaUpdater(spec.period), spec.source);
    case 'ema':
      return new SourceStep(new EmaUpdater(spec.period), spec.source);
    case 'rsi':
      return new SourceStep(new RsiUpdater(spec.period), spec.source);
    case 'macd':
      return new MacdStep(new MacdUpdater(spec.fast, spec.slow, spec.signal), spec.source);
    case 'bollinger':
      return new BollingerStep(
        new BollingerUpdater(spec.period, spec.deviations, { middle: spec.middle }),
        spec.source,
      );
    case 'atr':
      return new BarStep(new AtrUpdater(spec.period));
    case 'stochastic':
      return new StochasticStep(new StochasticUpdater(spec.kPeriod, spec.kSlowing, spec.dPeriod));
    case 'obv':
      return new BarStep(new ObvUpdater());
    case 'vwap':
      return new BarStep(new VwapUpdater({ daily: spec.daily }));
  }
}

/** The bar's value of a price source, by its index in PRICE_SOURCES. */
function sourceOf(bar: BarInput, source: number): number {
  switch (source) {
    case 0:
      return bar.open;
    case 1:
      return bar.high;
    case 2:
      return bar.low;
    case 3:
      return bar.close;
    default:
      return bar.volume;
  }
}

class SourceStep implements IndicatorStep {
  private readonly source: number;
  constructor(
    private readonly u: { update(value: number): number },
    field: PriceSource,
  ) {
    this.source = PRICE_SOURCES.indexOf(field);
  }
  step(bar: BarInput, out: Float64Array): void {
    out[0] = this.u.update(sourceOf(bar, this.source));
  }
}

class BarStep implements IndicatorStep {
  constructor(private readonly u: { update(bar: BarInput): number }) {}
  step(bar: BarInput, out: Float64Array): void {
    out[0] = this.u.update(bar);
  }
}

class MacdStep implements IndicatorStep {
  private readonly source: number;
  constructor(
    private readonly u: MacdUpdater,
    field: PriceSource,
  ) {
    this.source = PRICE_SOURCES.indexOf(field);
  }
  step(bar: BarInput, out: Float64Array): void {
    const v = this.u.update(sourceOf(bar, this.source));
    out[0] = v.macd;
    out[1] = v.signal;
    out[2] = v.histogram;
  }
}

class BollingerStep implements IndicatorStep {
  private readonly source: number;
  constructor(
    private readonly u: BollingerUpdater,
    field: PriceSource,
  ) {
    this.source = PRICE_SOURCES.indexOf(field);
  }
  step(bar: BarInput, out: Float64Array): void {
    const v = this.u.update(sourceOf(bar, this.source));
    out[0] = v.middle;
    out[1] = v.upper;
    out[2] = v.lower;
  }
}

class StochasticStep implements IndicatorStep {
  constructor(private readonly u: StochasticUpdater) {}
  step(bar: BarInput, out: Float64Array): void {
    const v = this.u.update(bar);
    out[0] = v.k;
    out[1] = v.d;
  }
}
