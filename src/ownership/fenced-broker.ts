import type { Broker } from '../ports/broker.js';

/**
 * The owner's venue, checked right before every order, order list and cancel reaches it: a process whose lease
 * ran out (paused too long, cut off from the journal) stops trading at once, even before it has
 * noticed that another process took over.
 */
export function fencedBroker(broker: Broker, confirmHeld: () => Promise<void>): Broker {
  const resolveLostOrderList = broker.resolveLostOrderList?.bind(broker);
  return {
    placeOrder: async (request) => {
      await confirmHeld();
      return broker.placeOrder(request);
    },
    cancelOrder: async (symbol, ref) => {
      await confirmHeld();
      return broker.cancelOrder(symbol, ref);
    },
    cancelReplace: async (request) => {
      await confirmHeld();
      return broker.cancelReplace(request);
    },
    placeOco: async (request) => {
      await confirmHeld();
      return broker.placeOco(request);
    },
    cancelOrderList: async (symbol, ref) => {
      await confirmHeld();
      return broker.cancelOrderList(symbol, ref);
    },
    getOrderList: (ref) => broker.getOrderList(ref),
    openOrderLists: (symbol) => broker.openOrderLists(symbol),
    ...(resolveLostOrderList ? { resolveLostOrderList } : {}),
    getOrder: (symbol, ref) => broker.getOrder(symbol, ref),
    openOrders: (symbol) => broker.openOrders(symbol),
    fills: (query) => broker.fills(query),
    balances: () => broker.balances(),
    tradingFees: (symbols) => broker.tradingFees(symbols),
    onOrderUpdate: (listener) => broker.onOrderUpdate(listener),
    close: () => broker.close(),
  };
}
