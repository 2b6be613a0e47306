/** One new order through the fake: its client order id checked (refused only while an order under it is open), placed, reported. */
import type { NewOrderRaw } from '../exchanges/binance-us/raw-types.js';
import type { Fill } from '../model/fill.js';
import { isOpenStatus, type Order, type OrderRequest } from '../model/order.js';
import type { Broker } from '../ports/broker.js';
import type { ClientIdRegistry } from './order-registry.js';
import type { FakeExchangeStats } from './stats.js';
import type { UserDataHub } from './user-data.js';
import { wireErrors } from './wire-error.js';
import { newOrderRaw, type NewOrderRespType } from './wire-format.js';
import type { WireIds } from './wire-ids.js';

export interface PlacementDeps {
  broker: Broker;
  ids: WireIds;
  registry: ClientIdRegistry;
  userData: UserDataHub;
  stats: FakeExchangeStats;
}

/** Reserves `wireId` for a new order on `symbol`: the internal id to place it under, or -2010 "Duplicate order sent." */
export async function reserveClientId(deps: PlacementDeps, symbol: string, wireId: string): Promise<string> {
  const internalId = await deps.registry.reserve(wireId, async (id) => {
    const existing = await deps.broker.getOrder(symbol, { clientOrderId: id });
    return existing === undefined ? undefined : isOpenStatus(existing.status);
  });
  if (internalId === undefined) {
    deps.stats.duplicateOrders += 1;
    throw wireErrors.duplicateOrder();
  }
  return internalId;
}

export async function placeNewOrder(
  deps: PlacementDeps,
  request: OrderRequest,
  respType: NewOrderRespType,
): Promise<NewOrderRaw> {
  const { broker, registry, stats, userData, ids } = deps;
  const wireId = request.clientOrderId;
  const internalId = await reserveClientId(deps, request.symbol, wireId);
  let result: { order: Order; fills: Fill[] };
  try {
    result = await broker.placeOrder({ ...request, clientOrderId: internalId });
  } catch (error) {
    registry.release(wireId);
    stats.ordersRejected += 1;
    throw error;
  }
  if (internalId !== wireId) stats.reusedClientIds += 1;
  registry.placed(request.symbol, wireId, internalId);
  stats.ordersPlaced += 1;
  userData.report(result.order, result.fills);
  return newOrderRaw(result.order, result.fills, respType, result.order.createdAt, ids);
}
