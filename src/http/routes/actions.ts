import type { Context } from 'hono';
import * as z from 'zod';
import type {
  CancelOrderListOutcome,
  OrderListOutcome,
  PlaceOrderOutcome,
  ReplaceOrderOutcome,
} from '../../app/api.js';
import type { App } from '../../app/app.js';
import {
  actionId,
  deadlineMs,
  positiveDecimal,
  rationale,
  REQUESTED_ORDER_TYPES,
  symbol,
} from '../../requests/schemas.js';
import type { McpSession } from '../../requests/session.js';
import { toPlaceOrderInput, toReplaceOrderInput } from '../../requests/order-args.js';
import type { TradingMode } from '../../ports/store.js';
import { fieldErrors } from '../body.js';

const upper = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .string({ error: message })
    .transform((s) => s.trim().toUpperCase())
    .pipe(z.enum(values, { error: message }));

const tradeOrder = z.strictObject({
  action_type: z.literal('trade_order'),
  symbol,
  side: upper(['BUY', 'SELL'] as const, 'must be BUY or SELL'),
  order_type: upper(REQUESTED_ORDER_TYPES, `must be one of ${REQUESTED_ORDER_TYPES.join(', ')}`).default('MARKET'),
  quantity: positiveDecimal.optional(),
  quote_quantity: positiveDecimal.optional(),
  price: positiveDecimal.optional(),
  stop_price: positiveDecimal.optional(),
  time_in_force: upper(['GTC', 'IOC', 'FOK'] as const, 'must be GTC, IOC or FOK').optional(),
  rationale: rationale.optional(),
  deadline_ms: deadlineMs.optional(),
});

const cancelOrder = z.strictObject({
  action_type: z.literal('cancel_order'),
  symbol,
  order_id: z.union([z.string().min(1).max(64), z.number().int().min(0)], { error: 'must be the order id to cancel' }),
});

const ocoOrder = z.strictObject({
  action_type: z.literal('oco_order'),
  symbol,
  side: upper(['BUY', 'SELL'] as const, 'must be BUY or SELL'),
  quantity: positiveDecimal,
  price: positiveDecimal,
  stop_price: positiveDecimal,
  stop_limit_price: positiveDecimal.optional(),
  trailing_delta: z.number().int().optional(),
  rationale: rationale.optional(),
});

const bracketOrder = z.strictObject({
  action_type: z.literal('bracket_order'),
  symbol,
  side: upper(['BUY', 'SELL'] as const, 'must be BUY or SELL'),
  order_type: upper(['MARKET', 'LIMIT'] as const, 'must be MARKET or LIMIT').default('MARKET'),
  quantity: positiveDecimal,
  price: positiveDecimal.optional(),
  take_profit_price: positiveDecimal,
  stop_price: positiveDecimal,
  stop_limit_price: positiveDecimal.optional(),
  trailing_delta: z.number().int().optional(),
  rationale: rationale.optional(),
});

const cancelOrderList = z.strictObject({
  action_type: z.literal('cancel_order_list'),
  symbol,
  order_list_id: z.union([z.string().min(1).max(64), z.number().int().min(0)], {
    error: 'must be the order list id to cancel',
  }),
});

/** Binance's cancelReplace: what the new order leaves out is the old order's (side, type, prices, its unfilled quantity). */
const replaceOrder = z.strictObject({
  action_type: z.literal('replace_order'),
  symbol,
  order_id: z.union([z.string().min(1).max(64), z.number().int().min(0)], {
    error: 'must be the order id of the open order to replace',
  }),
  side: upper(['BUY', 'SELL'] as const, 'must be BUY or SELL').optional(),
  order_type: upper(REQUESTED_ORDER_TYPES, `must be one of ${REQUESTED_ORDER_TYPES.join(', ')}`).optional(),
  quantity: positiveDecimal.optional(),
  quote_quantity: positiveDecimal.optional(),
  price: positiveDecimal.optional(),
  stop_price: positiveDecimal.optional(),
  time_in_force: upper(['GTC', 'IOC', 'FOK'] as const, 'must be GTC, IOC or FOK').optional(),
  trailing_delta: z.number().int().optional(),
  cancel_replace_mode: upper(
    ['STOP_ON_FAILURE', 'ALLOW_FAILURE'] as const,
    'must be STOP_ON_FAILURE (the new order only if the cancel succeeded) or ALLOW_FAILURE',
  ).default('STOP_ON_FAILURE'),
  rationale: rationale.optional(),
  deadline_ms: deadlineMs.optional(),
});

const actionsRequest = z.strictObject({
  actions: z
    .array(
      z.strictObject({
        action_id: actionId,
        action: z.discriminatedUnion(
          'action_type',
          [tradeOrder, cancelOrder, replaceOrder, ocoOrder, bracketOrder, cancelOrderList],
          {
            error:
              'action_type must be trade_order, cancel_order, replace_order, oco_order, bracket_order or cancel_order_list',
          },
        ),
      }),
    )
    .min(1, 'give at least one action')
    .max(20, 'at most 20 actions per request'),
  auth_token: z.string().optional(),
});

type ActionResult = Record<string, unknown> & { action_id: string; status: string };

function tradeResult(id: string, outcome: PlaceOrderOutcome): ActionResult {
  const base = {
    action_id: id,
    action_type: 'trade_order',
    mode: outcome.mode,
    status: outcome.status,
    success: outcome.status === 'placed',
    duplicate: outcome.duplicate,
    client_order_id: outcome.clientOrderId,
  };
  switch (outcome.status) {
    case 'placed':
      return { ...base, order: outcome.order, fills: outcome.fills, adjustments: outcome.adjustments };
    case 'denied':
      return {
        ...base,
        error: {
          code: outcome.denial?.code ?? 'DENIED',
          message: outcome.denial?.message ?? 'denied by the risk limits',
        },
        denial: outcome.denial,
        adjustments: outcome.adjustments,
      };
    case 'rejected':
      return {
        ...base,
        error: {
          code: 'EXCHANGE_REJECTED',
          binance_code: outcome.rejection?.code,
          message: outcome.rejection?.msg ?? 'rejected by the exchange',
          ...(outcome.rejection?.explanation ? { explanation: outcome.rejection.explanation } : {}),
        },
        adjustments: outcome.adjustments,
      };
    case 'unknown':
      return {
        ...base,
        error: {
          code: 'OUTCOME_UNKNOWN',
          message:
            'the venue did not answer; look the order up before retrying, and retry only with the same action_id',
        },
        order: outcome.order,
      };
    case 'invalid':
      return {
        ...base,
        error: { code: 'INVALID_ARGUMENT', field: outcome.error?.field, message: outcome.error?.message },
      };
    case 'expired':
      return {
        ...base,
        error: { code: 'EXPIRED', message: outcome.reason ?? 'the order was not sent; nothing was executed' },
        order: outcome.order,
      };
  }
}

function replaceResult(id: string, outcome: ReplaceOrderOutcome): ActionResult {
  const c = outcome.canceled;
  return {
    ...tradeResult(id, outcome),
    action_type: 'replace_order',
    cancel_replace_mode: outcome.replaceMode,
    canceled: {
      status: c.status,
      ...(c.order ? { order: c.order } : {}),
      ...(c.rejection ? { binance_code: c.rejection.code, message: c.rejection.msg } : {}),
    },
  };
}

function listResult(id: string, actionType: string, outcome: OrderListOutcome): ActionResult {
  const error =
    outcome.status === 'placed'
      ? undefined
      : outcome.status === 'denied'
        ? { code: outcome.denial?.code ?? 'DENIED', message: outcome.denial?.message ?? 'denied by the risk limits' }
        : outcome.status === 'rejected'
          ? {
              code: 'EXCHANGE_REJECTED',
              binance_code: outcome.rejection?.code,
              message: outcome.rejection?.msg ?? outcome.reason,
            }
          : outcome.status === 'invalid'
            ? { code: 'INVALID_ARGUMENT', field: outcome.error?.field, message: outcome.error?.message }
            : {
                code: outcome.status === 'unknown' ? 'OUTCOME_UNKNOWN' : 'EXPIRED',
                message: outcome.reason ?? outcome.status,
              };
  return {
    action_id: id,
    action_type: actionType,
    mode: outcome.mode,
    status: outcome.status,
    success: outcome.status === 'placed',
    duplicate: outcome.duplicate,
    list_client_order_id: outcome.listClientOrderId,
    ...(outcome.list ? { list: outcome.list } : {}),
    orders: outcome.orders,
    fills: outcome.fills,
    adjustments: outcome.adjustments,
    ...(error ? { error } : {}),
  };
}

function cancelListResult(id: string, outcome: CancelOrderListOutcome): ActionResult {
  return {
    action_id: id,
    action_type: 'cancel_order_list',
    mode: outcome.mode,
    status: outcome.status,
    success: outcome.status === 'canceled',
    duplicate: false,
    ...(outcome.list ? { list: outcome.list } : {}),
    orders: outcome.orders,
    ...(outcome.note ? { note: outcome.note } : {}),
    ...(outcome.status === 'rejected'
      ? {
          error: {
            code: 'EXCHANGE_REJECTED',
            binance_code: outcome.rejection?.code,
            message: outcome.rejection?.msg,
            explanation: outcome.rejection?.explanation,
          },
        }
      : {}),
    ...(outcome.status === 'invalid'
      ? { error: { code: 'INVALID_ARGUMENT', field: outcome.error?.field, message: outcome.error?.message } }
      : {}),
  };
}

/** Cancels have no journal key of their own, so their first results are remembered here (bounded). */
export class CancelResults {
  private readonly results = new Map<string, ActionResult>();
  constructor(private readonly capacity = 10_000) {}
  get(mode: TradingMode, id: string): ActionResult | undefined {
    return this.results.get(`${mode}\u0000${id}`);
  }
  set(mode: TradingMode, id: string, result: ActionResult): void {
    if (this.results.size >= this.capacity) this.results.delete(this.results.keys().next().value as string);
    this.results.set(`${mode}\u0000${id}`, result);
  }
}

export function parseActions(body: unknown) {
  return actionsRequest.safeParse(body);
}

/** POST /mcp/actions: each action runs in order; a repeated action_id returns its first result. */
export async function handleActions(
  c: Context,
  app: App,
  session: McpSession,
  cancels: CancelResults,
  body: unknown,
): Promise<Response> {
  const parsed = parseActions(body);
  if (!parsed.success) {
    return c.json(
      {
        error: 'invalid_request',
        message: 'the actions request has invalid fields; nothing was executed',
        fields: fieldErrors(parsed.error),
      },
      400,
    );
  }
  const mode = session.mode;
  const desk = app.desks[mode] ?? app.desks.paper;
  const results: ActionResult[] = [];
  for (const { action_id: id, action } of parsed.data.actions) {
    if (action.action_type === 'trade_order') {
      const outcome = await desk.placeOrder(toPlaceOrderInput({ ...action, action_id: id }, 'rest'));
      results.push(tradeResult(id, outcome));
      continue;
    }
    if (action.action_type === 'replace_order') {
      const { cancel_replace_mode: replaceMode, order_id: orderId, ...rest } = action;
      const outcome = await desk.replaceOrder(
        toReplaceOrderInput(
          { ...rest, order_id: String(orderId), allow_failure: replaceMode === 'ALLOW_FAILURE', action_id: id },
          'rest',
        ),
      );
      results.push(replaceResult(id, outcome));
      continue;
    }
    if (action.action_type === 'oco_order') {
      const outcome = await desk.placeOco({
        symbol: action.symbol,
        side: action.side,
        quantity: action.quantity,
        price: action.price,
        stopPrice: action.stop_price,
        stopLimitPrice: action.stop_limit_price,
        trailingDelta: action.trailing_delta,
        actionId: id,
        rationale: action.rationale,
        origin: 'rest',
      });
      results.push(listResult(id, 'oco_order', outcome));
      continue;
    }
    if (action.action_type === 'bracket_order') {
      const outcome = await desk.placeBracket({
        symbol: action.symbol,
        side: action.side,
        quantity: action.quantity,
        orderType: action.order_type,
        price: action.price,
        takeProfitPrice: action.take_profit_price,
        stopPrice: action.stop_price,
        stopLimitPrice: action.stop_limit_price,
        trailingDelta: action.trailing_delta,
        actionId: id,
        rationale: action.rationale,
        origin: 'rest',
      });
      results.push(listResult(id, 'bracket_order', outcome));
      continue;
    }
    const seen = cancels.get(desk.mode, id);
    if (seen) {
      results.push({ ...seen, duplicate: true });
      continue;
    }
    if (action.action_type === 'cancel_order_list') {
      const listed = cancelListResult(
        id,
        await desk.cancelOrderList({
          symbol: action.symbol,
          orderListId: String(action.order_list_id),
          origin: 'rest',
        }),
      );
      cancels.set(desk.mode, id, listed);
      results.push(listed);
      continue;
    }
    const outcome = await desk.cancelOrder({ symbol: action.symbol, orderId: String(action.order_id), origin: 'rest' });
    const result: ActionResult = {
      action_id: id,
      action_type: 'cancel_order',
      mode: outcome.mode,
      status: outcome.status,
      success: outcome.status === 'canceled',
      duplicate: false,
      ...(outcome.order ? { order: outcome.order } : {}),
      ...(outcome.status === 'rejected'
        ? {
            error: {
              code: 'EXCHANGE_REJECTED',
              binance_code: outcome.rejection?.code,
              message: outcome.rejection?.msg,
              ...(outcome.rejection?.explanation ? { explanation: outcome.rejection.explanation } : {}),
            },
          }
        : {}),
      ...(outcome.status === 'invalid'
        ? { error: { code: 'INVALID_ARGUMENT', field: outcome.error?.field, message: outcome.error?.message } }
        : {}),
    };
    cancels.set(desk.mode, id, result);
    results.push(result);
  }
  return c.json({ mode: desk.mode, results });
}
