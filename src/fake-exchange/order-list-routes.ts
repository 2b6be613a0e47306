/**
 * Order lists and cancel-replace on the fake, over the Broker port (rest-api.md "New OCO",
 * "Cancel OCO", "Query OCO", "Query Open OCO", "Cancel an Existing Order and Send a New Order").
 * List client ids follow the rule of order client ids: refused while the list executes, free again
 * once it is over (binance-us-api.md, hard cases).
 */
import type { CancelOrderRaw, CancelReplaceRaw, ErrorRaw, NewOrderRaw } from '../exchanges/binance-us/raw-types.js';
import { ExchangeRejection } from '../model/errors.js';
import { checkOrderFilters } from '../model/filters.js';
import type { Order, OrderRef, Side, TimeInForce } from '../model/order.js';
import type { OcoRequest, OrderListRef } from '../model/order-list.js';
import { cancelOcoRaw, newOcoRaw, orderListRaw } from './order-list-wire.js';
import { placeNewOrder, reserveClientId } from './order-placement.js';
import { parseNewOrder } from './order-params.js';
import type { ClientIdRegistry } from './order-registry.js';
import type { Params } from './params.js';
import { fixed, type Route } from './routes.js';
import { randomAlphanumeric } from './signing.js';
import type { TradingDeps } from './trading-routes.js';
import { WireError, wireErrors } from './wire-error.js';
import { cancelOrderRaw, type NewOrderRespType } from './wire-format.js';

const SIDES = ['BUY', 'SELL'] as const;
const TIFS = ['GTC', 'IOC', 'FOK'] as const;
const RESP_TYPES = ['ACK', 'RESULT', 'FULL'] as const;
const STP_MODES = ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'] as const;
const CANCEL_REPLACE_MODES = ['STOP_ON_FAILURE', 'ALLOW_FAILURE'] as const;

export interface OrderListDeps extends TradingDeps {
  /** listClientOrderIds, under the same reuse rule as order client ids. */
  listIds: ClientIdRegistry;
}

function noIceberg(params: Params, name: string): void {
  const iceberg = params.decimal(name);
  if (iceberg !== undefined && Number(iceberg) !== 0)
    throw new WireError(400, -1000, `${name} is not supported by this fake exchange.`);
}

interface ParsedOco {
  request: OcoRequest;
  respType: NewOrderRespType;
}

function parseOco(params: Params): ParsedOco {
  const symbol = params.required('symbol');
  const listClientOrderId = params.clientId('listClientOrderId') ?? randomAlphanumeric(22);
  const side = params.oneOf('side', SIDES, wireErrors.invalidSide);
  if (side === undefined) throw wireErrors.mandatory('side');
  const quantity = params.decimal('quantity');
  if (quantity === undefined) throw wireErrors.mandatory('quantity');
  const limitClientOrderId = params.clientId('limitClientOrderId') ?? randomAlphanumeric(22);
  const price = params.decimal('price');
  if (price === undefined) throw wireErrors.mandatory('price');
  noIceberg(params, 'limitIcebergQty');
  const trailingDelta = params.integer('trailingDelta');
  const stopClientOrderId = params.clientId('stopClientOrderId') ?? randomAlphanumeric(22);
  const stopPrice = params.decimal('stopPrice');
  if (stopPrice === undefined) throw wireErrors.mandatory('stopPrice');
  const stopLimitPrice = params.decimal('stopLimitPrice');
  noIceberg(params, 'stopIcebergQty');
  const tif = params.oneOf('stopLimitTimeInForce', TIFS, wireErrors.invalidTif);
  // "If provided, stopLimitTimeInForce is required."
  if (stopLimitPrice !== undefined && tif === undefined) throw wireErrors.mandatory('stopLimitTimeInForce');
  if (stopLimitPrice === undefined) {
    if (tif !== undefined) throw wireErrors.notRequired('stopLimitTimeInForce');
    // Without stopLimitPrice the stop leg is a STOP_LOSS, which Binance.US symbols do not list (errors.md).
    throw new ExchangeRejection(-2010, 'Stop loss orders are not supported for this symbol.');
  }
  const respType =
    params.oneOf('newOrderRespType', RESP_TYPES, () =>
      wireErrors.illegalChars('newOrderRespType', 'ACK, RESULT, FULL'),
    ) ?? 'RESULT';
  const stp = params.oneOf('selfTradePreventionMode', STP_MODES, () =>
    wireErrors.illegalChars('selfTradePreventionMode', STP_MODES.join(', ')),
  );
  const request: OcoRequest = {
    listClientOrderId,
    symbol,
    side: side as Side,
    quantity,
    limitClientOrderId,
    price,
    stopClientOrderId,
    stopPrice,
    stopLimitPrice,
    stopLimitTimeInForce: tif as TimeInForce,
  };
  if (trailingDelta !== undefined) request.trailingDelta = trailingDelta;
  if (stp !== undefined && stp !== 'NONE') request.selfTradePreventionMode = stp;
  return { request, respType };
}

export function orderListRoutes(deps: OrderListDeps): Route[] {
  const { broker, marketData, ids, registry, listIds, userData, stats, faults, venueNow } = deps;

  /** List queries read from the same lagging database as order queries (binance-us-api.md, hard cases): younger lists are not seen yet. */
  const visible = (list: { createdAt: number }): boolean => {
    const seen = faults.queryLagMs === 0 || venueNow() - list.createdAt >= faults.queryLagMs;
    if (!seen) stats.laggedQueries += 1;
    return seen;
  };

  function listRef(params: Params, clientIdName: string): OrderListRef {
    const orderListId = params.integer('orderListId');
    const listClientOrderId = params.clientId(clientIdName);
    // "If both orderListId and listClientOrderId are provided, orderListId takes precedence."
    if (orderListId !== undefined) return { orderListId: ids.model(orderListId) };
    if (listClientOrderId !== undefined) return { listClientOrderId: listIds.latest(listClientOrderId) };
    throw wireErrors.eitherMandatory('orderListId', clientIdName);
  }

  function reportLegs(list: { orders: Order[] }, cancelClientOrderId?: string): void {
    for (const leg of [...list.orders].sort((a, b) => ids.wire(a.orderId) - ids.wire(b.orderId)))
      userData.report(leg, [], cancelClientOrderId);
  }

  async function placeOco(params: Params): Promise<unknown> {
    const { request, respType } = parseOco(params);
    params.assertAllRead();
    await marketData.market(request.symbol);
    const wireList = request.listClientOrderId;
    const listId = await listIds.reserve(wireList, async (id) => {
      const existing = await broker.getOrderList({ listClientOrderId: id });
      return existing === undefined ? undefined : existing.listOrderStatus === 'EXECUTING';
    });
    if (listId === undefined) {
      stats.duplicateOrders += 1;
      throw wireErrors.duplicateOrder();
    }
    const reserved: string[] = [];
    try {
      const legIds: string[] = [];
      for (const wireId of [request.limitClientOrderId, request.stopClientOrderId]) {
        if (reserved.includes(wireId)) throw wireErrors.duplicateOrder();
        legIds.push(await reserveClientId(deps, request.symbol, wireId));
        reserved.push(wireId);
      }
      const { list } = await broker.placeOco({
        ...request,
        listClientOrderId: listId,
        limitClientOrderId: legIds[0]!,
        stopClientOrderId: legIds[1]!,
      });
      registry.placed(request.symbol, request.limitClientOrderId, legIds[0]!);
      registry.placed(request.symbol, request.stopClientOrderId, legIds[1]!);
      listIds.placed(request.symbol, wireList, listId);
      stats.ordersPlaced += 2;
      reportLegs(list);
      userData.reportList(list);
      return newOcoRaw(list, respType, ids);
    } catch (error) {
      for (const wireId of reserved) registry.release(wireId);
      listIds.release(wireList);
      stats.ordersRejected += 1;
      throw error;
    }
  }

  async function cancelOrderList(params: Params): Promise<unknown> {
    const symbol = params.required('symbol');
    const ref = listRef(params, 'listClientOrderId');
    const cancelId = params.clientId('newClientOrderId') ?? randomAlphanumeric(22);
    params.assertAllRead();
    await marketData.market(symbol);
    const list = await broker.cancelOrderList(symbol, ref);
    stats.ordersCanceled += 2;
    reportLegs(list, cancelId);
    userData.reportList(list);
    return cancelOcoRaw(list, cancelId, ids);
  }

  function cancelRefOf(params: Params): OrderRef {
    const orderId = params.integer('cancelOrderId');
    const clientOrderId = params.clientId('cancelOrigClientOrderId');
    // "If both are provided, cancelOrderId takes precedence."
    if (orderId !== undefined) return { orderId: ids.model(orderId) };
    if (clientOrderId !== undefined) return { clientOrderId: registry.latest(clientOrderId) };
    throw wireErrors.eitherMandatory('cancelOrderId', 'cancelOrigClientOrderId');
  }

  /** The `{code, msg}` of a refusal, as cancelReplace reports each half. */
  function errorOf(error: unknown): ErrorRaw {
    if (error instanceof WireError) return { code: error.code, msg: error.message };
    if (error instanceof ExchangeRejection) return { code: error.code, msg: error.message };
    throw error;
  }

  async function cancelReplace(params: Params): Promise<CancelReplaceRaw> {
    const mode = params.oneOf('cancelReplaceMode', CANCEL_REPLACE_MODES, () =>
      wireErrors.illegalChars('cancelReplaceMode', CANCEL_REPLACE_MODES.join(', ')),
    );
    if (mode === undefined) throw wireErrors.mandatory('cancelReplaceMode');
    const ref = cancelRefOf(params);
    const cancelId = params.clientId('cancelNewClientOrderId') ?? randomAlphanumeric(22);
    // rest-api.md "Regarding cancelRestrictions": an unknown value is -1145, an order outside the restriction -2011.
    const restriction = params.oneOf('cancelRestrictions', ['ONLY_NEW', 'ONLY_PARTIALLY_FILLED'] as const, () =>
      wireErrors.invalidCancelRestrictions(),
    );
    const { request, respType } = parseNewOrder(params);
    params.assertAllRead();
    const market = await marketData.market(request.symbol);
    // "Filters are evaluated before the cancel order is placed": against the last price, as the venue behind values orders.
    const last = (await marketData.prices([request.symbol]))[0]?.price ?? '0';
    const refused = checkOrderFilters(market, request, { referencePrice: last });
    if (refused) throw refused;

    let cancelResponse: CancelOrderRaw | ErrorRaw;
    let cancelOk = true;
    try {
      if (restriction !== undefined) {
        const target = await broker.getOrder(request.symbol, ref);
        const wanted = restriction === 'ONLY_NEW' ? 'NEW' : 'PARTIALLY_FILLED';
        // Only an open order meets or breaks the restriction; one that is over is "Unknown order sent."
        const open = target?.status === 'NEW' || target?.status === 'PARTIALLY_FILLED';
        if (open && target.status !== wanted) throw wireErrors.cancelRestricted();
      }
      const canceled = await broker.cancelOrder(request.symbol, ref);
      stats.ordersCanceled += 1;
      userData.report(canceled, [], cancelId);
      cancelResponse = cancelOrderRaw(canceled, cancelId, canceled.updatedAt, ids);
    } catch (error) {
      cancelOk = false;
      cancelResponse = errorOf(error);
    }
    if (!cancelOk && mode === 'STOP_ON_FAILURE') {
      throw new WireError(400, -2022, 'Order cancel-replace failed.', {}, {
        cancelResult: 'FAILURE',
        newOrderResult: 'NOT_ATTEMPTED',
        cancelResponse,
        newOrderResponse: null,
      } satisfies CancelReplaceRaw);
    }
    let newOrderResponse: NewOrderRaw | ErrorRaw;
    let newOk = true;
    try {
      newOrderResponse = await placeNewOrder(deps, request, respType);
    } catch (error) {
      newOk = false;
      newOrderResponse = errorOf(error);
    }
    const data: CancelReplaceRaw = {
      cancelResult: cancelOk ? 'SUCCESS' : 'FAILURE',
      newOrderResult: newOk ? 'SUCCESS' : 'FAILURE',
      cancelResponse,
      newOrderResponse,
    };
    if (cancelOk && newOk) return data;
    if (cancelOk || newOk) throw new WireError(400, -2021, 'Order cancel-replace partially failed.', {}, data);
    throw new WireError(400, -2022, 'Order cancel-replace failed.', {}, data);
  }

  return [
    {
      method: 'POST',
      path: '/api/v3/order/oco',
      security: 'SIGNED',
      weight: fixed(1),
      placesOrder: true,
      // "OCO counts as 2 orders against the order rate limit."
      orderCount: 2,
      handle: ({ params }) => placeOco(params),
    },
    {
      method: 'DELETE',
      path: '/api/v3/orderList',
      security: 'SIGNED',
      weight: fixed(1),
      handle: ({ params }) => cancelOrderList(params),
    },
    {
      method: 'GET',
      path: '/api/v3/orderList',
      security: 'SIGNED',
      weight: fixed(2),
      handle: async ({ params }) => {
        // The docs name the list's client id `origClientOrderId` here.
        const ref = listRef(params, 'origClientOrderId');
        params.assertAllRead();
        const list = await broker.getOrderList(ref);
        if (!list || !visible(list)) throw wireErrors.noSuchOrderList();
        return orderListRaw(list, ids);
      },
    },
    {
      method: 'GET',
      path: '/api/v3/openOrderList',
      security: 'SIGNED',
      weight: fixed(3),
      handle: async ({ params }) => {
        params.assertAllRead();
        const lists = (await broker.openOrderLists()).filter(visible);
        return lists.sort((a, b) => ids.wire(a.orderListId) - ids.wire(b.orderListId)).map((l) => orderListRaw(l, ids));
      },
    },
    {
      method: 'POST',
      path: '/api/v3/order/cancelReplace',
      security: 'SIGNED',
      weight: fixed(1),
      // "A new order that was not attempted ... will still increase the order count by 1."
      placesOrder: true,
      handle: ({ params }) => cancelReplace(params),
    },
  ];
}
