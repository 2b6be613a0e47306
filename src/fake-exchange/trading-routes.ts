import type { CancelOrderRaw, ListenKeyRaw, TradingFeeRaw } from '../exchanges/binance-us/raw-types.js';
import { checkOrderFilters } from '../model/filters.js';
import type { FeeRates } from '../model/market.js';
import { Big } from '../model/money.js';
import type { Order, OrderRef } from '../model/order.js';
import type { Broker } from '../ports/broker.js';
import type { MarketData } from '../ports/market-data.js';
import type { FaultInjector } from './faults.js';
import { placeNewOrder } from './order-placement.js';
import { parseNewOrder } from './order-params.js';
import type { ClientIdRegistry } from './order-registry.js';
import type { Params } from './params.js';
import type { FakeRateLimiter } from './rate-limits.js';
import { fixed, type Route } from './routes.js';
import { randomAlphanumeric } from './signing.js';
import type { FakeExchangeStats } from './stats.js';
import type { UserDataHub } from './user-data.js';
import { wireErrors } from './wire-error.js';
import { accountRaw, cancelOrderRaw, myTradeRaw, queryOrderRaw } from './wire-format.js';
import type { WireIds } from './wire-ids.js';

export interface TradingDeps {
  broker: Broker;
  marketData: MarketData;
  ids: WireIds;
  registry: ClientIdRegistry;
  userData: UserDataHub;
  stats: FakeExchangeStats;
  faults: FaultInjector;
  limiter: FakeRateLimiter;
  /** The venue's own clock (the broker's), without injected skew. */
  venueNow: () => number;
}

/** myTrades and allOrders: "The time between startTime and endTime can't be longer than 24 hours" (REST; -1127). */
const HISTORY_WINDOW_MS = 86_400_000;

function orderRef(params: Params, ids: WireIds, registry: ClientIdRegistry): OrderRef {
  const orderId = params.integer('orderId');
  const clientOrderId = params.optional('origClientOrderId');
  if (orderId !== undefined) return { orderId: ids.model(orderId) };
  if (clientOrderId !== undefined) return { clientOrderId: registry.latest(clientOrderId) };
  throw wireErrors.eitherMandatory('origClientOrderId', 'orderId');
}

/**
 * The time range of a history query: both ends at most 24 h apart (-1127); startTime alone means
 * the 24 h from it, endTime alone the 24 h before it (unverified for .US: binance.com's rule).
 * fromId cannot be combined with a time range (REST: "supported combinations", -1128).
 */
function historyRange(
  startTime: number | undefined,
  endTime: number | undefined,
  fromId: number | undefined,
): { from: number; to: number } | undefined {
  if (fromId !== undefined && (startTime !== undefined || endTime !== undefined)) throw wireErrors.badCombo();
  if (startTime !== undefined && endTime !== undefined) {
    if (endTime - startTime > HISTORY_WINDOW_MS) throw wireErrors.lookupTooBig();
    return { from: startTime, to: endTime };
  }
  if (startTime !== undefined) return { from: startTime, to: startTime + HISTORY_WINDOW_MS };
  if (endTime !== undefined) return { from: endTime - HISTORY_WINDOW_MS, to: endTime };
  return undefined;
}

function limitParam(params: Params): number {
  const limit = params.integer('limit') ?? 500;
  if (limit < 1) throw wireErrors.illegalChars('limit', '1 to 1000');
  return Math.min(limit, 1000);
}

/** Ascending; with a lower bound the first `limit` from it, else the newest `limit`. */
function page<T>(items: T[], limit: number, fromStart: boolean): T[] {
  return fromStart ? items.slice(0, limit) : items.slice(Math.max(0, items.length - limit));
}

async function accountFees(broker: Broker): Promise<FeeRates> {
  const fees = await broker.tradingFees();
  return fees[0] ?? { maker: '0', taker: '0' };
}

/** Signed trading and account endpoints, answered by the Broker port. */
export function tradingRoutes(deps: TradingDeps): Route[] {
  const { broker, marketData, ids, registry, userData, stats, faults, venueNow } = deps;

  /** Order queries lag behind the matching engine when the fault is on: younger orders are not seen yet. */
  const visible = (order: Order): boolean => {
    const seen = faults.queryLagMs === 0 || venueNow() - order.createdAt >= faults.queryLagMs;
    if (!seen) stats.laggedQueries += 1;
    return seen;
  };
  /** CHANGELOG 2023-03: canceled or expired with nothing executed long enough ago: archived. */
  const archived = (order: Order): boolean =>
    faults.archiveAfterMs !== null &&
    (order.status === 'CANCELED' || order.status === 'EXPIRED') &&
    new Big(order.executedQty).eq(0) &&
    venueNow() - order.updatedAt >= faults.archiveAfterMs;

  async function placeOrder(params: Params): Promise<unknown> {
    const { request, respType } = parseNewOrder(params);
    params.assertAllRead();
    await marketData.market(request.symbol);
    return placeNewOrder(deps, request, respType);
  }

  /** DELETE /api/v3/openOrders: cancels every open order on the symbol, answers them all (REST "Cancel All Open Orders on a Symbol"). */
  async function cancelAll(params: Params): Promise<unknown> {
    const symbol = params.required('symbol');
    params.assertAllRead();
    await marketData.market(symbol);
    const open = await broker.openOrders(symbol);
    const answers: CancelOrderRaw[] = [];
    for (const order of open.sort((a, b) => ids.wire(a.orderId) - ids.wire(b.orderId))) {
      const cancelId = randomAlphanumeric(22);
      const canceled = await broker.cancelOrder(symbol, { orderId: order.orderId });
      stats.ordersCanceled += 1;
      userData.report(canceled, [], cancelId);
      answers.push(cancelOrderRaw(canceled, cancelId, canceled.updatedAt, ids));
    }
    return answers;
  }

  async function allOrders(params: Params): Promise<unknown> {
    const symbol = params.required('symbol');
    const fromOrderId = params.integer('orderId');
    const range = historyRange(params.integer('startTime'), params.integer('endTime'), undefined);
    const limit = limitParam(params);
    params.assertAllRead();
    await marketData.market(symbol);
    const known = await Promise.all(
      registry.clientOrderIds(symbol).map((id) => broker.getOrder(symbol, { clientOrderId: id })),
    );
    const byId = new Map<string, Order>();
    for (const order of [...known, ...(await broker.openOrders(symbol))])
      if (order && visible(order) && !archived(order)) byId.set(order.orderId, order);
    const orders = [...byId.values()]
      .map((order) => ({ order, wireId: ids.wire(order.orderId) }))
      .filter(
        ({ order, wireId }) =>
          (fromOrderId === undefined || wireId >= fromOrderId) &&
          (range === undefined || (order.createdAt >= range.from && order.createdAt <= range.to)),
      )
      .sort((a, b) => a.wireId - b.wireId);
    return page(orders, limit, fromOrderId !== undefined || range !== undefined).map(({ order }) =>
      queryOrderRaw(order, ids),
    );
  }

  async function myTrades(params: Params): Promise<unknown> {
    const symbol = params.required('symbol');
    const orderId = params.integer('orderId');
    const fromId = params.integer('fromId');
    const range = historyRange(params.integer('startTime'), params.integer('endTime'), fromId);
    const limit = limitParam(params);
    params.assertAllRead();
    await marketData.market(symbol);
    const lagged = faults.queryLagMs > 0 ? venueNow() - faults.queryLagMs : Number.POSITIVE_INFINITY;
    const fills = (await broker.fills({ symbol, since: range?.from }))
      .filter((f) => f.symbol === symbol && f.time <= lagged)
      .filter(
        (f) =>
          (orderId === undefined || ids.wire(f.orderId) === orderId) &&
          (range === undefined || (f.time >= range.from && f.time <= range.to)),
      )
      .filter((f) => fromId === undefined || ids.wire(f.tradeId) >= fromId)
      .sort((a, b) => a.time - b.time || ids.wire(a.tradeId) - ids.wire(b.tradeId));
    return page(fills, limit, fromId !== undefined || range !== undefined).map((f) => myTradeRaw(f, ids));
  }

  return [
    {
      method: 'POST',
      path: '/api/v3/order',
      security: 'SIGNED',
      weight: fixed(1),
      placesOrder: true,
      handle: ({ params }) => placeOrder(params),
    },
    {
      method: 'POST',
      path: '/api/v3/order/test',
      security: 'SIGNED',
      weight: fixed(1),
      handle: async ({ params }) => {
        const { request } = parseNewOrder(params);
        const withRates = params.optional('computeCommissionRates') === 'true';
        params.assertAllRead();
        const market = await marketData.market(request.symbol);
        const rejection = checkOrderFilters(market, request, {
          referencePrice: (await marketData.averagePrice(request.symbol)).price,
        });
        if (rejection) throw rejection;
        if (!withRates) return {};
        const fee = (await broker.tradingFees([request.symbol]))[0] ?? { maker: '0', taker: '0' };
        const zero = new Big(0).toFixed(8);
        return {
          standardCommissionForOrder: { maker: new Big(fee.maker).toFixed(8), taker: new Big(fee.taker).toFixed(8) },
          taxCommissionForOrder: { maker: zero, taker: zero },
          discount: { enabledForAccount: false, enabledForSymbol: false, discountAsset: 'BNB', discount: zero },
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v3/order',
      security: 'SIGNED',
      weight: fixed(2),
      handle: async ({ params }) => {
        const symbol = params.required('symbol');
        const ref = orderRef(params, ids, registry);
        params.assertAllRead();
        await marketData.market(symbol);
        const order = await broker.getOrder(symbol, ref);
        if (!order || !visible(order)) throw wireErrors.noSuchOrder();
        if (archived(order)) throw wireErrors.archived();
        return queryOrderRaw(order, ids);
      },
    },
    {
      method: 'DELETE',
      path: '/api/v3/order',
      security: 'SIGNED',
      weight: fixed(1),
      handle: async ({ params }) => {
        const symbol = params.required('symbol');
        const ref = orderRef(params, ids, registry);
        const cancelId = params.clientId('newClientOrderId') ?? randomAlphanumeric(22);
        params.oneOf('cancelRestrictions', ['ONLY_NEW', 'ONLY_PARTIALLY_FILLED'] as const, () =>
          wireErrors.illegalChars('cancelRestrictions', 'ONLY_NEW, ONLY_PARTIALLY_FILLED'),
        );
        params.assertAllRead();
        await marketData.market(symbol);
        const order = await broker.cancelOrder(symbol, ref);
        stats.ordersCanceled += 1;
        userData.report(order, [], cancelId);
        return cancelOrderRaw(order, cancelId, order.updatedAt, ids);
      },
    },
    {
      method: 'GET',
      path: '/api/v3/openOrders',
      security: 'SIGNED',
      weight: (p) => (p.peek('symbol') !== undefined ? 3 : 40),
      handle: async ({ params }) => {
        const symbol = params.optional('symbol');
        params.assertAllRead();
        if (symbol !== undefined) await marketData.market(symbol);
        const orders = (await broker.openOrders(symbol)).filter(visible);
        return orders.sort((a, b) => ids.wire(a.orderId) - ids.wire(b.orderId)).map((o) => queryOrderRaw(o, ids));
      },
    },
    {
      method: 'DELETE',
      path: '/api/v3/openOrders',
      security: 'SIGNED',
      weight: fixed(1),
      handle: ({ params }) => cancelAll(params),
    },
    {
      // REST "Query Current Order Count Usage": the ORDERS windows and what this account used of them.
      method: 'GET',
      path: '/api/v3/rateLimit/order',
      security: 'SIGNED',
      weight: fixed(20),
      handle: async ({ params, now }) => {
        params.assertAllRead();
        return deps.limiter.orderUsage(now);
      },
    },
    {
      method: 'GET',
      path: '/api/v3/allOrders',
      security: 'SIGNED',
      weight: fixed(10),
      handle: ({ params }) => allOrders(params),
    },
    {
      method: 'GET',
      path: '/api/v3/myTrades',
      security: 'SIGNED',
      weight: fixed(10),
      handle: ({ params }) => myTrades(params),
    },
    {
      method: 'GET',
      path: '/api/v3/account',
      security: 'SIGNED',
      weight: fixed(10),
      handle: async ({ params, now }) => {
        const omitZero = params.optional('omitZeroBalances') === 'true';
        params.assertAllRead();
        const [balances, fees] = await Promise.all([broker.balances(), accountFees(broker)]);
        const shown = omitZero ? balances.filter((b) => !new Big(b.free).plus(b.locked).eq(0)) : balances;
        return accountRaw(shown, fees, now);
      },
    },
    {
      method: 'GET',
      path: '/sapi/v1/asset/query/trading-fee',
      security: 'SIGNED',
      weight: fixed(1),
      handle: async ({ params }) => {
        const symbol = params.optional('symbol');
        params.assertAllRead();
        if (symbol !== undefined) await marketData.market(symbol);
        const fees = await broker.tradingFees(symbol === undefined ? undefined : [symbol]);
        return fees.map((f): TradingFeeRaw => ({
          symbol: f.symbol,
          makerCommission: new Big(f.maker).toFixed(),
          takerCommission: new Big(f.taker).toFixed(),
        }));
      },
    },
    {
      method: 'POST',
      path: '/api/v3/userDataStream',
      security: 'API_KEY',
      weight: fixed(1),
      handle: async ({ params }) => {
        params.assertAllRead();
        return { listenKey: userData.createListenKey() } satisfies ListenKeyRaw;
      },
    },
    {
      method: 'PUT',
      path: '/api/v3/userDataStream',
      security: 'API_KEY',
      weight: fixed(1),
      handle: async ({ params }) => {
        userData.keepAlive(params.required('listenKey'));
        params.assertAllRead();
        return {};
      },
    },
    {
      method: 'DELETE',
      path: '/api/v3/userDataStream',
      security: 'API_KEY',
      weight: fixed(1),
      handle: async ({ params }) => {
        userData.close(params.required('listenKey'));
        params.assertAllRead();
        return {};
      },
    },
  ];
}
