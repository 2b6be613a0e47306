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

/** Commits one closed bar and writes each field's value (NaN in warm-up) into `out`, in INDICATOR_FIELDS order. */
export type IndicatorStep = (bar: BarInput, out: Float64Array) => void;

export function indicatorStep(spec: IndicatorSpec): IndicatorStep {
  switch (spec.kind) {
    case 'sma':
      return single(new SmaUpdater(spec.period), spec.source);
    case 'ema':
      return single(new EmaUpdater(spec.period), spec.source);
    case 'rsi':
      return single(new RsiUpdater(spec.period), spec.source);
    case 'macd': {
      const u = new MacdUpdater(spec.fast, spec.slow, spec.signal);
      const field = spec.source;
      return (bar, out) => {
        const v = u.update(bar[field]);
        out[0] = v.macd;
        out[1] = v.signal;
        out[2] = v.histogram;
      };
    }
    case 'bollinger': {
      const u = new BollingerUpdater(spec.period, spec.deviations, { middle: spec.middle });
      const field = spec.source;
      return (bar, out) => {
        const v = u.update(bar[field]);
        out[0] = v.middle;
        out[1] = v.upper;
        out[2] = v.lower;
      };
    }
    case 'atr': {
      const u = new AtrUpdater(spec.period);
      return (bar, out) => {
        out[0] = u.update(bar);
      };
    }
    case 'stochastic': {
      const u = new StochasticUpdater(spec.kPeriod, spec.kSlowing, spec.dPeriod);
      return (bar, out) => {
        const v = u.update(bar);
        out[0] = v.k;
        out[1] = v.d;
      };
    }
    case 'obv': {
      const u = new ObvUpdater();
      return (bar, out) => {
        out[0] = u.update(bar);
      };
    }
    case 'vwap': {
      const u = new VwapUpdater({ daily: spec.daily });
      return (bar, out) => {
        out[0] = u.update(bar);
      };
    }
  }
}

function single(u: { update(value: number): number }, field: PriceSource): IndicatorStep {
  return (bar, out) => {
    out[0] = u.update(bar[field]);
  };
}
