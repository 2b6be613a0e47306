import type { Fill } from '../model/fill.js';
import { checkOrderFilters } from '../model/filters.js';
import type { FeeRates } from '../model/market.js';
import { Big } from '../model/money.js';
import type { Order, OrderRef } from '../model/order.js';
import type { Broker } from '../ports/broker.js';
import type { MarketData } from '../ports/market-data.js';
import { averagePrice } from './avg-price.js';
import { parseNewOrder } from './order-params.js';
import type { ClientIdRegistry } from './order-registry.js';
import type { Params } from './params.js';
import { fixed, type Route } from './routes.js';
import { randomAlphanumeric } from './signing.js';
import type { FakeExchangeStats } from './stats.js';
import type { UserDataHub } from './user-data.js';
import { wireErrors } from './wire-error.js';
import { accountRaw, cancelOrderRaw, myTradeRaw, newOrderRaw, queryOrderRaw } from './wire-format.js';
import type { WireIds } from './wire-ids.js';

export interface TradingDeps {
  broker: Broker;
  marketData: MarketData;
  ids: WireIds;
  registry: ClientIdRegistry;
  userData: UserDataHub;
  stats: FakeExchangeStats;
}

function orderRef(params: Params, ids: WireIds): OrderRef {
  const orderId = params.integer('orderId');
  const clientOrderId = params.optional('origClientOrderId');
  if (orderId !== undefined) return { orderId: ids.model(orderId) };
  if (clientOrderId !== undefined) return { clientOrderId };
  throw wireErrors.eitherMandatory('origClientOrderId', 'orderId');
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
  const { broker, marketData, ids, registry, userData, stats } = deps;

  async function placeOrder(params: Params): Promise<unknown> {
    const { request, respType } = parseNewOrder(params);
    params.assertAllRead();
    await marketData.market(request.symbol);
    if (!registry.reserve(request.clientOrderId) || (await broker.getOrder(request.symbol, { clientOrderId: request.clientOrderId })) !== undefined) {
      stats.duplicateOrders += 1;
      throw wireErrors.duplicateOrder();
    }
    let result: { order: Order; fills: Fill[] };
    try {
      result = await broker.placeOrder(request);
    } catch (error) {
      registry.release(request.clientOrderId);
      stats.ordersRejected += 1;
      throw error;
    }
    registry.placed(request.symbol, request.clientOrderId);
    stats.ordersPlaced += 1;
    userData.report(result.order, result.fills);
    return newOrderRaw(result.order, result.fills, respType, result.order.createdAt, ids);
  }

  async function allOrders(params: Params): Promise<unknown> {
    const symbol = params.required('symbol');
    const fromOrderId = params.integer('orderId');
    const startTime = params.integer('startTime');
    const endTime = params.integer('endTime');
    const limit = limitParam(params);
    params.assertAllRead();
    await marketData.market(symbol);
    const known = await Promise.all(registry.clientOrderIds(symbol).map((id) => broker.getOrder(symbol, { clientOrderId: id })));
    const byId = new Map<string, Order>();
    for (const order of [...known, ...(await broker.openOrders(symbol))]) if (order) byId.set(order.orderId, order);
    const orders = [...byId.values()]
      .map((order) => ({ order, wireId: ids.wire(order.orderId) }))
      .filter(({ order, wireId }) => (fromOrderId === undefined || wireId >= fromOrderId) && (startTime === undefined || order.createdAt >= startTime) && (endTime === undefined || order.createdAt <= endTime))
      .sort((a, b) => a.wireId - b.wireId);
    return page(orders, limit, fromOrderId !== undefined || startTime !== undefined).map(({ order }) => queryOrderRaw(order, ids));
  }

  async function myTrades(params: Params): Promise<unknown> {
    const symbol = params.required('symbol');
    const orderId = params.integer('orderId');
    const startTime = params.integer('startTime');
    const endTime = params.integer('endTime');
    const fromId = params.integer('fromId');
    const limit = limitParam(params);
    params.assertAllRead();
    await marketData.market(symbol);
    const fills = (await broker.fills({ symbol, since: startTime }))
      .filter((f) => f.symbol === symbol)
      .filter((f) => (orderId === undefined || ids.wire(f.orderId) === orderId) && (startTime === undefined || f.time >= startTime) && (endTime === undefined || f.time <= endTime))
      .filter((f) => fromId === undefined || ids.wire(f.tradeId) >= fromId)
      .sort((a, b) => a.time - b.time || ids.wire(a.tradeId) - ids.wire(b.tradeId));
    return page(fills, limit, fromId !== undefined || startTime !== undefined).map((f) => myTradeRaw(f, ids));
  }

  return [
    { method: 'POST', path: '/api/v3/order', security: 'SIGNED', weight: fixed(1), placesOrder: true, handle: ({ params }) => placeOrder(params) },
    {
      method: 'POST', path: '/api/v3/order/test', security: 'SIGNED', weight: fixed(1),
      handle: async ({ params }) => {
        const { request } = parseNewOrder(params);
        const withRates = params.optional('computeCommissionRates') === 'true';
        params.assertAllRead();
        const market = await marketData.market(request.symbol);
        const rejection = checkOrderFilters(market, request, { referencePrice: (await averagePrice(marketData, request.symbol)).price });
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
      method: 'GET', path: '/api/v3/order', security: 'SIGNED', weight: fixed(2),
      handle: async ({ params }) => {
        const symbol = params.required('symbol');
        const ref = orderRef(params, ids);
        params.assertAllRead();
        await marketData.market(symbol);
        const order = await broker.getOrder(symbol, ref);
        if (!order) throw wireErrors.noSuchOrder();
        return queryOrderRaw(order, ids);
      },
    },
    {
      method: 'DELETE', path: '/api/v3/order', security: 'SIGNED', weight: fixed(1),
      handle: async ({ params }) => {
        const symbol = params.required('symbol');
        const ref = orderRef(params, ids);
        const cancelId = params.clientId('newClientOrderId') ?? randomAlphanumeric(22);
        params.oneOf('cancelRestrictions', ['ONLY_NEW', 'ONLY_PARTIALLY_FILLED'] as const, () => wireErrors.illegalChars('cancelRestrictions', 'ONLY_NEW, ONLY_PARTIALLY_FILLED'));
        params.assertAllRead();
        await marketData.market(symbol);
        const order = await broker.cancelOrder(symbol, ref);
        stats.ordersCanceled += 1;
        userData.report(order, [], cancelId);
        return cancelOrderRaw(order, cancelId, order.updatedAt, ids);
      },
    },
    {
      method: 'GET', path: '/api/v3/openOrders', security: 'SIGNED', weight: (p) => (p.peek('symbol') !== undefined ? 3 : 40),
      handle: async ({ params }) => {
        const symbol = params.optional('symbol');
        params.assertAllRead();
        if (symbol !== undefined) await marketData.market(symbol);
        const orders = await broker.openOrders(symbol);
        return orders.sort((a, b) => ids.wire(a.orderId) - ids.wire(b.orderId)).map((o) => queryOrderRaw(o, ids));
      },
    },
    { method: 'GET', path: '/api/v3/allOrders', security: 'SIGNED', weight: fixed(10), handle: ({ params }) => allOrders(params) },
    { method: 'GET', path: '/api/v3/myTrades', security: 'SIGNED', weight: fixed(10), handle: ({ params }) => myTrades(params) },
    {
      method: 'GET', path: '/api/v3/account', security: 'SIGNED', weight: fixed(10),
      handle: async ({ params, now }) => {
        const omitZero = params.optional('omitZeroBalances') === 'true';
        params.assertAllRead();
        const [balances, fees] = await Promise.all([broker.balances(), accountFees(broker)]);
        const shown = omitZero ? balances.filter((b) => !new Big(b.free).plus(b.locked).eq(0)) : balances;
        return accountRaw(shown, fees, now);
      },
    },
    {
      method: 'GET', path: '/sapi/v1/asset/query/trading-fee', security: 'SIGNED', weight: fixed(1),
      handle: async ({ params }) => {
        const symbol = params.optional('symbol');
        params.assertAllRead();
        if (symbol !== undefined) await marketData.market(symbol);
        const fees = await broker.tradingFees(symbol === undefined ? undefined : [symbol]);
        return fees.map((f) => ({ symbol: f.symbol, makerCommission: new Big(f.maker).toFixed(), takerCommission: new Big(f.taker).toFixed() }));
      },
    },
    {
      method: 'POST', path: '/api/v3/userDataStream', security: 'API_KEY', weight: fixed(1),
      handle: async ({ params }) => {
        params.assertAllRead();
        return { listenKey: userData.createListenKey() };
      },
    },
    {
      method: 'PUT', path: '/api/v3/userDataStream', security: 'API_KEY', weight: fixed(1),
      handle: async ({ params }) => {
        userData.keepAlive(params.required('listenKey'));
        params.assertAllRead();
        return {};
      },
    },
    {
      method: 'DELETE', path: '/api/v3/userDataStream', security: 'API_KEY', weight: fixed(1),
      handle: async ({ params }) => {
        userData.close(params.required('listenKey'));
        params.assertAllRead();
        return {};
      },
    },
  ];
}
