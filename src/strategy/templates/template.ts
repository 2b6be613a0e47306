import type { Interval } from '../../model/candle.js';
import type { StrategyInput } from '../schema.js';

export interface TemplateParameter {
  name: string;
  description: string;
  default: number | string;
  /** Numeric parameters: the range a sweep may explore. */
  min?: number;
  max?: number;
}

export type TemplateValues = Record<string, number | string>;

export interface StrategyTemplate {
  name: string;
  description: string;
  parameters: readonly TemplateParameter[];
  build(values: TemplateValues & { symbol: string; interval: Interval }): StrategyInput;
}

export const COMMON_PARAMETERS: readonly TemplateParameter[] = [
  { name: 'symbol', description: 'Trading pair', default: 'BTCUSDT' },
  { name: 'interval', description: 'Bar interval the rules run on', default: '1h' },
];

export const num = (v: TemplateValues, key: string): number => Number(v[key]);
