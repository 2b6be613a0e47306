import { INTERVALS, type Interval } from '../../model/candle.js';
import { parseStrategy, type ParsedStrategy, InvalidStrategy } from '../validate.js';
import { TEMPLATES } from './catalog.js';
import { COMMON_PARAMETERS, type StrategyTemplate, type TemplateParameter, type TemplateValues } from './template.js';

export { TEMPLATES, COMMON_PARAMETERS, type StrategyTemplate, type TemplateParameter, type TemplateValues };

export function findTemplate(name: string): StrategyTemplate | undefined {
  return TEMPLATES.find((t) => t.name === name);
}

export function templateParameters(t: StrategyTemplate): TemplateParameter[] {
  return [...COMMON_PARAMETERS, ...t.parameters];
}

/** A template's document with `values` over its defaults; unknown or out-of-range values are refused by name. */
export function instantiateTemplate(name: string, values: TemplateValues = {}): ParsedStrategy {
  const t = findTemplate(name);
  if (!t)
    throw new InvalidStrategy([
      { path: '$', message: `no template "${name}"; allowed: ${TEMPLATES.map((x) => x.name).join(', ')}` },
    ]);
  const params = templateParameters(t);
  const merged: TemplateValues = {};
  for (const p of params) merged[p.name] = p.default;
  for (const [key, value] of Object.entries(values)) {
    const p = params.find((x) => x.name === key);
    if (!p)
      throw new InvalidStrategy([
        {
          path: `$.${key}`,
          message: `template ${name} has no parameter "${key}"; allowed: ${params.map((x) => x.name).join(', ')}`,
        },
      ]);
    if (typeof p.default === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n) || (p.min !== undefined && n < p.min) || (p.max !== undefined && n > p.max)) {
        throw new InvalidStrategy([
          {
            path: `$.${key}`,
            message: `${JSON.stringify(value)} is out of range; allowed: a number from ${p.min} to ${p.max}`,
          },
        ]);
      }
      merged[key] = n;
    } else merged[key] = String(value);
  }
  const interval = String(merged.interval);
  if (!(INTERVALS as readonly string[]).includes(interval))
    throw new InvalidStrategy([
      { path: '$.interval', message: `"${interval}" is not an interval; allowed: ${INTERVALS.join(', ')}` },
    ]);
  return parseStrategy(
    t.build({ ...merged, symbol: String(merged.symbol).toUpperCase(), interval: interval as Interval }),
  );
}
