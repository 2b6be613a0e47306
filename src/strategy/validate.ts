/**
 * parseStrategy: the one way a strategy document enters the system. Schema errors and cross-field
 * problems (a reference to an indicator that does not exist, risk sizing without a stop) come back
 * together, each naming its JSON path (`$.entry.all[0].crossesAbove[1]`) and what is allowed.
 */
import type * as z from 'zod';
import { INDICATOR_FIELDS, PRICE_SOURCES } from './indicator-catalog.js';
import { strategyHash } from './hash.js';
import {
  strategyDocument,
  type Condition,
  type Operand,
  type SignalStrategy,
  type StrategyDocument,
} from './schema.js';

export interface StrategyIssue {
  path: string;
  message: string;
}

export class InvalidStrategy extends Error {
  constructor(readonly issues: StrategyIssue[]) {
    super(`invalid strategy: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'InvalidStrategy';
  }
}

export interface ParsedStrategy {
  strategy: StrategyDocument;
  /** SHA-256 of the canonical JSON of the document with its defaults filled in. */
  hash: string;
}

export function parseStrategy(input: unknown): ParsedStrategy {
  const result = strategyDocument.safeParse(input);
  if (!result.success) throw new InvalidStrategy(result.error.issues.flatMap((issue) => describe(issue, [])));
  const strategy = result.data;
  const issues = strategy.type === 'signal' ? crossCheck(strategy) : [];
  if (issues.length > 0) throw new InvalidStrategy(issues);
  return { strategy, hash: strategyHash(strategy) };
}

export function jsonPath(path: readonly PropertyKey[]): string {
  return '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/** A failed union names the branch the document was evidently aiming at (the one with its keys), else the union's own message. */
function describe(issue: z.core.$ZodIssue, prefix: PropertyKey[]): StrategyIssue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const aimed = issue.errors.filter(
      (branch) =>
        branch.length > 0 &&
        !branch.some((b) => b.path.length === 0 && (b.code === 'unrecognized_keys' || b.code === 'invalid_type')),
    );
    if (aimed.length === 1) return aimed[0]!.flatMap((b) => describe(b, path));
  }
  if (issue.code === 'unrecognized_keys')
    return [
      { path: jsonPath(path), message: `unknown field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` },
    ];
  return [{ path: jsonPath(path), message: issue.message }];
}

function crossCheck(s: SignalStrategy): StrategyIssue[] {
  const issues: StrategyIssue[] = [];
  const ids = Object.keys(s.indicators);
  const allowedRefs = (): string => {
    const refs: string[] = [...PRICE_SOURCES];
    for (const id of ids) {
      const fields = INDICATOR_FIELDS[s.indicators[id]!.kind];
      refs.push(id, ...(fields.length > 1 ? fields.map((f) => `${id}.${f}`) : []));
    }
    return refs.join(', ');
  };
  for (const id of ids) {
    if ((PRICE_SOURCES as readonly string[]).includes(id))
      issues.push({
        path: jsonPath(['indicators', id]),
        message: `"${id}" is a bar field; give the indicator another id`,
      });
    const spec = s.indicators[id]!;
    if (spec.kind === 'macd' && spec.fast >= spec.slow)
      issues.push({
        path: jsonPath(['indicators', id, 'fast']),
        message: `fast (${spec.fast}) must be below slow (${spec.slow})`,
      });
  }
  const checkOperand = (op: Operand, path: PropertyKey[]): void => {
    if (typeof op === 'number') return;
    const text = typeof op === 'string' ? op : op.ref;
    if (resolveRef(s, text) === null)
      issues.push({
        path: jsonPath(typeof op === 'string' ? path : [...path, 'ref']),
        message: `unknown reference "${text}"; allowed: ${allowedRefs()}`,
      });
  };
  const walk = (c: Condition, path: PropertyKey[]): void => {
    for (const key of ['crossesAbove', 'crossesBelow', 'gt', 'gte', 'lt', 'lte'] as const) {
      if (key in c) {
        const pair = (c as Record<string, [Operand, Operand]>)[key]!;
        pair.forEach((op, i) => checkOperand(op, [...path, key, i]));
      }
    }
    if ('all' in c) c.all.forEach((child, i) => walk(child, [...path, 'all', i]));
    if ('any' in c) c.any.forEach((child, i) => walk(child, [...path, 'any', i]));
    if ('not' in c) walk(c.not, [...path, 'not']);
    if ('barsSince' in c) walk(c.barsSince.condition, [...path, 'barsSince', 'condition']);
  };
  walk(s.entry, ['entry']);
  if (s.exit) walk(s.exit, ['exit']);
  for (const key of ['stopLoss', 'takeProfit'] as const) {
    const d = s.protection[key];
    if (d && 'atr' in d && s.indicators[d.atr]?.kind !== 'atr') {
      issues.push({
        path: jsonPath(['protection', key, 'atr']),
        message: `"${d.atr}" is not an atr indicator; allowed: ${ids.filter((id) => s.indicators[id]!.kind === 'atr').join(', ') || '(none defined: add {"kind": "atr"} under indicators)'}`,
      });
    }
  }
  if (s.sizing.kind === 'risk_per_trade' && !s.protection.stopLoss) {
    issues.push({
      path: '$.sizing.kind',
      message:
        'risk_per_trade sizes from the stop distance: set protection.stopLoss, or use fixed_quote / percent_equity',
    });
  }
  return issues;
}

/** The series a reference reads: a bar field, or an indicator's field index. Null when it names nothing. */
export function resolveRef(
  s: SignalStrategy,
  text: string,
): { source: string } | { indicator: string; field: number } | null {
  if ((PRICE_SOURCES as readonly string[]).includes(text)) return { source: text };
  const [id, field] = text.split('.') as [string, string | undefined];
  const spec = s.indicators[id];
  if (!spec) return null;
  const fields = INDICATOR_FIELDS[spec.kind];
  const index = field === undefined ? 0 : fields.indexOf(field);
  return index < 0 ? null : { indicator: id, field: index };
}
