/**
 * The strategy document: JSON a model can write and a person can read. One zod schema; `parseStrategy`
 * (validate.ts) adds the cross-field checks (references to indicators that exist) and turns every
 * problem into an error naming its JSON path.
 *
 * Conditions are evaluated on closed bars only. An operand can look back (`offset` >= 0 bars) but
 * never forward: there is no way to write a reference to a bar that has not closed.
 */
import * as z from 'zod';
import { INTERVALS, type Interval } from '../model/candle.js';
import { SYMBOL_PATTERN } from '../model/market.js';
import { indicatorSpec } from './indicator-catalog.js';

export const STRATEGY_SCHEMA_VERSION = 1;

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const REF = /^[A-Za-z][A-Za-z0-9_]{0,31}(\.[a-z]+)?$/;

const symbol = z
  .string()
  .regex(SYMBOL_PATTERN, 'must be a trading pair such as BTCUSDT (2-20 capital letters or digits)');
const interval = z.enum(INTERVALS as unknown as [Interval, ...Interval[]], {
  error: `must be one of ${INTERVALS.join(', ')}`,
});
const percent = (max: number) =>
  z.number().positive(`must be a positive percentage`).max(max, `must be at most ${max} (percent)`);
const bars = z.number().int('must be a whole number of bars').min(0).max(1_000_000);

/** A reference: a bar field (open, high, low, close, volume), an indicator id, or `id.field` (macd.signal, bb.upper). */
const refText = z
  .string()
  .regex(REF, 'must name a bar field (open, high, low, close, volume), an indicator id, or id.field such as bb.upper');

export const operand = z.union(
  [
    z.number().refine(Number.isFinite, 'must be a finite number'),
    refText,
    z.strictObject({
      ref: refText,
      offset: bars
        .default(0)
        .describe('Bars back: 0 = the bar that just closed, 1 = the one before. Never negative: no look-ahead.'),
      times: z
        .number()
        .refine(Number.isFinite, 'must be a finite number')
        .default(1)
        .describe('Multiplier, e.g. 0.98 for 2% below'),
    }),
  ],
  { error: 'an operand is a number, a reference such as "close" or "bb.upper", or {"ref", "offset", "times"}' },
);
export type Operand = z.infer<typeof operand>;

const pair = z.tuple([operand, operand], { error: 'must be a pair [left, right]' });

export type Condition =
  | { crossesAbove: [Operand, Operand] }
  | { crossesBelow: [Operand, Operand] }
  | { gt: [Operand, Operand] }
  | { gte: [Operand, Operand] }
  | { lt: [Operand, Operand] }
  | { lte: [Operand, Operand] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { barsSince: { condition: Condition; atMost: number } }
  | { barsSinceEntry: { atLeast: number } }
  | { every: number }
  | { always: true };

export const CONDITION_KINDS = [
  'crossesAbove',
  'crossesBelow',
  'gt',
  'gte',
  'lt',
  'lte',
  'all',
  'any',
  'not',
  'barsSince',
  'barsSinceEntry',
  'every',
  'always',
] as const;

export const condition: z.ZodType<Condition, unknown> = z.lazy(() =>
  z.union(
    [
      z.strictObject({ crossesAbove: pair }),
      z.strictObject({ crossesBelow: pair }),
      z.strictObject({ gt: pair }),
      z.strictObject({ gte: pair }),
      z.strictObject({ lt: pair }),
      z.strictObject({ lte: pair }),
      z.strictObject({ all: z.array(condition).min(1).max(32) }),
      z.strictObject({ any: z.array(condition).min(1).max(32) }),
      z.strictObject({ not: condition }),
      z.strictObject({
        barsSince: z.strictObject({
          condition,
          atMost: bars.describe('True when the condition held within the last N closed bars (0 = this bar)'),
        }),
      }),
      z.strictObject({ barsSinceEntry: z.strictObject({ atLeast: bars.min(1) }) }),
      z.strictObject({
        every: z.number().int().min(1).max(1_000_000).describe('True on every Nth closed bar (the first bar counts)'),
      }),
      z.strictObject({ always: z.literal(true) }),
    ],
    { error: `a condition is an object with exactly one of: ${CONDITION_KINDS.join(', ')}` },
  ),
) as z.ZodType<Condition, unknown>;

const amount = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .pipe(z.string().regex(/^\d+(\.\d+)?$/, 'must be a positive decimal such as 100 or "250.5"'));

export const sizing = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('fixed_quote'),
      amount: amount.describe('Quote currency per entry, e.g. 100 (USDT)'),
    }),
    z.strictObject({
      kind: z.literal('percent_equity'),
      percent: percent(100).describe('Percent of equity (marked to the last close) per entry'),
    }),
    z.strictObject({
      kind: z.literal('risk_per_trade'),
      percent: percent(100).describe('Percent of equity lost if the stop-loss is hit; needs protection.stopLoss'),
    }),
  ],
  { error: 'sizing needs "kind": fixed_quote {amount}, percent_equity {percent} or risk_per_trade {percent}' },
);

const distance = z.union(
  [
    z.strictObject({ percent: percent(99) }),
    z.strictObject({
      atr: z.string().regex(NAME, 'must be the id of an atr indicator'),
      multiple: z.number().positive().max(100),
    }),
  ],
  { error: 'a distance is {"percent": 2} or {"atr": "<atr indicator id>", "multiple": 2}' },
);

export const protection = z
  .strictObject({
    stopLoss: distance
      .optional()
      .describe('Below the entry fill price; checked on every print, sold at market when crossed'),
    takeProfit: distance.optional().describe('Above the entry fill price; a resting LIMIT sell'),
    trailingStop: z
      .strictObject({ percent: percent(99) })
      .optional()
      .describe('Below the highest print since entry; sold at market when crossed'),
  })
  .default({});

export const entryOrder = z
  .discriminatedUnion(
    'type',
    [
      z.strictObject({ type: z.literal('market') }),
      z.strictObject({
        type: z.literal('limit'),
        offsetPercent: z.number().min(0).max(50).default(0).describe('Limit price this far below the signal bar close'),
        expireBars: z
          .number()
          .int()
          .min(1)
          .max(10_000)
          .default(1)
          .describe('Canceled when not filled within this many bars'),
      }),
    ],
    { error: 'entryOrder needs "type": market, or limit {offsetPercent, expireBars}' },
  )
  .default({ type: 'market' });

export const limits = z
  .strictObject({
    maxOpenPositions: z.number().int().min(1).max(10_000).default(1).describe('Entries held at once, over all symbols'),
    cooldownBars: bars.default(0).describe('Bars to wait after an exit before the next entry on that symbol'),
  })
  .default({ maxOpenPositions: 1, cooldownBars: 0 });

const common = {
  schemaVersion: z.literal(STRATEGY_SCHEMA_VERSION).default(STRATEGY_SCHEMA_VERSION),
  name: z.string().min(1).max(80),
  description: z.string().max(2000).optional(),
  symbols: z.array(symbol).min(1, 'give at least one symbol').max(10, 'at most 10 symbols'),
  interval: interval.describe('Bars the conditions are evaluated on'),
};

export const signalStrategy = z.strictObject({
  ...common,
  type: z.literal('signal'),
  indicators: z
    .record(
      z.string().regex(NAME, 'indicator ids are letters, digits and _ (starting with a letter, at most 32)'),
      indicatorSpec,
    )
    .default({}),
  entry: condition.describe('Buy when this is true at a bar close (and limits allow)'),
  exit: condition.optional().describe('Sell every open entry of the symbol when this is true at a bar close'),
  sizing,
  entryOrder,
  protection,
  limits,
});

export const gridStrategy = z.strictObject({
  ...common,
  type: z.literal('grid'),
  grid: z.strictObject({
    lowerPercent: percent(99).describe('Lowest buy level, percent below the first price'),
    upperPercent: percent(1000).describe('Highest sell level, percent above the first price'),
    levels: z.number().int().min(2).max(200).describe('Number of price levels (geometric spacing)'),
    quotePerLevel: amount.describe("Quote spent by each level's buy"),
  }),
});

export const strategyDocument = z.discriminatedUnion('type', [signalStrategy, gridStrategy], {
  error: 'a strategy needs "type": "signal" (indicators, entry/exit conditions) or "grid"',
});

export type StrategyDocument = z.infer<typeof strategyDocument>;
export type SignalStrategy = z.infer<typeof signalStrategy>;
export type GridStrategy = z.infer<typeof gridStrategy>;
export type StrategyInput = z.input<typeof strategyDocument>;
