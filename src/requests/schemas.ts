/** Argument schemas shared by the tools, named as the original request names them. */
import * as z from 'zod';
import { INTERVALS, type Interval } from '../model/candle.js';
import { SYMBOL_PATTERN } from '../model/market.js';
import { Big, type Decimal } from '../model/money.js';

/** "BTC/USD", "btc-usd" -> "BTCUSD": what the model most likely meant, when that is a well-formed symbol. */
export function compactSymbol(text: string): string | null {
  const compact = text
    .trim()
    .toUpperCase()
    .replace(/[\s/_\-.:]+/g, '');
  return SYMBOL_PATTERN.test(compact) ? compact : null;
}

export const symbol = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(
    z.string().refine((s) => SYMBOL_PATTERN.test(s), {
      error: (issue) => {
        const meant = compactSymbol(String(issue.input));
        return `must be a trading pair such as BTCUSD (2-20 letters or digits, no separator)${meant ? `: did you mean ${meant}?` : ''}`;
      },
    }),
  )
  .describe('e.g. BTCUSD');

export const symbols = z.array(symbol).min(1, 'give at least one symbol').max(50, 'at most 50 symbols per call');

export const timeframe = z
  .enum(INTERVALS as unknown as [Interval, ...Interval[]], { error: `must be one of ${INTERVALS.join(', ')}` })
  .describe('Candle interval');

const DECIMAL_TEXT = /^\d+(\.\d+)?$/;

/** A positive exact amount: a decimal string ("0.001") or a plain JSON number (0.001), kept exact as a string. */
export const positiveDecimal = z
  .union([z.string(), z.number()], { error: 'must be a positive decimal number such as 0.001 or "0.001"' })
  .transform(toPositiveDecimal);

function toPositiveDecimal(value: string | number, ctx: z.RefinementCtx): Decimal {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be a finite positive number' });
      return z.NEVER;
    }
    text = new Big(value).toFixed();
  } else {
    text = value.trim();
  }
  if (!DECIMAL_TEXT.test(text) || new Big(text).lte(0) || text.length > 40) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a positive decimal number such as 0.001 or "0.001" (no exponent, at most 40 characters)',
    });
    return z.NEVER;
  }
  return text;
}

/**
 * The same exact amount, listed to the model as a string only (`{"type":"string"}` costs 11 characters less
 * per argument than the string|number union); a JSON number is still taken, kept exact as positiveDecimal does.
 */
export const decimalText = z.preprocess(
  (value) => (typeof value === 'number' && Number.isFinite(value) ? new Big(value).toFixed() : value),
  z.string({ error: 'must be a positive decimal number such as "0.001"' }).transform(toPositiveDecimal),
);

/** A venue order id (or a client order id) as get_orders shows it; a JSON integer is taken too. */
export const orderId = z.preprocess(
  (value) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value),
  z
    .string({ error: 'must be the order id from get_orders' })
    .pipe(z.string().min(1, 'must not be empty').max(64, 'at most 64 characters')),
);

export const side = z.enum(['BUY', 'SELL'], { error: 'must be BUY or SELL' });

export const REQUESTED_ORDER_TYPES = [
  'MARKET',
  'LIMIT',
  'LIMIT_MAKER',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT_LIMIT',
  'STOP',
] as const;
/** Order types of other venues, and what to use here instead. */
const ORDER_TYPE_INSTEAD: Record<string, string> = {
  STOP_LOSS: 'a stop-market order is not offered: use STOP_LOSS_LIMIT (or STOP) with stop_price and a price',
  STOP_MARKET: 'a stop-market order is not offered: use STOP_LOSS_LIMIT (or STOP) with stop_price and a price',
  TAKE_PROFIT: 'Binance.US lists no take-profit-market order: use TAKE_PROFIT_LIMIT with stop_price and a price',
  TAKE_PROFIT_MARKET: 'a take-profit-market order is not offered: use TAKE_PROFIT_LIMIT with stop_price and a price',
  STOP_LIMIT: 'use STOP_LOSS_LIMIT (or STOP) with stop_price and price',
  OCO: 'use the place_oco tool (or place_bracket for an entry with its take-profit and stop)',
  TRAILING_STOP: 'use STOP_LOSS_LIMIT with stop_price, price and trailing_delta (basis points)',
};
export const orderType = z.enum(REQUESTED_ORDER_TYPES, {
  error: (issue) => {
    const instead = ORDER_TYPE_INSTEAD[String(issue.input).toUpperCase()];
    return `must be one of ${REQUESTED_ORDER_TYPES.join(', ')}${instead ? `; ${String(issue.input)}: ${instead}` : ''}`;
  },
});

export const timeInForce = z.enum(['GTC', 'IOC', 'FOK'], { error: 'must be GTC, IOC or FOK' });

/** Caller's idempotency key (the original action_id). */
export const actionId = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'at most 128 characters')
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

export const rationale = z.string().max(2000, 'at most 2000 characters');

/** How long the caller waits for an order to be sent; the server's ORDER_DEADLINE_MS caps it. */
export const deadlineMs = z
  .number({ error: 'must be a whole number of milliseconds from 1 to 600000' })
  .int('must be a whole number of milliseconds from 1 to 600000')
  .min(1, 'must be at least 1 millisecond')
  .max(600_000, 'must be at most 600000 milliseconds');

export function limit(min: number, max: number, fallback: number) {
  return z
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);
}

/** A time as epoch milliseconds or an ISO-8601 string. */
export const timestamp = z
  .union([z.number(), z.string()], {
    error: 'must be epoch milliseconds or an ISO-8601 date such as 2026-01-31T00:00:00Z',
  })
  .transform((value, ctx): number => {
    const ms = typeof value === 'number' ? value : Date.parse(value);
    if (!Number.isSafeInteger(ms) || ms < 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be epoch milliseconds or an ISO-8601 date such as 2026-01-31T00:00:00Z',
      });
      return z.NEVER;
    }
    return ms;
  });

/** The order arguments of preview_order and place_order. */
export const orderFields = {
  symbol,
  side,
  order_type: orderType.default('MARKET').describe('STOP = STOP_LOSS_LIMIT; stop types need price and stop_price'),
  quantity: positiveDecimal.optional().describe('Base amount (BTC in BTCUSD)'),
  quote_quantity: positiveDecimal.optional().describe('MARKET: quote amount (USD) instead'),
  price: positiveDecimal.optional().describe('Limit price'),
  stop_price: positiveDecimal.optional().describe('Trigger price'),
  time_in_force: timeInForce.optional().describe('Default GTC'),
};

/** Listed to the model as a plain string (tools/list stays small); validated as `schema` when called. */
export function listedAsString<T extends z.ZodType<unknown, string>>(schema: T) {
  return z.string({ error: 'must be a string' }).pipe(schema);
}
