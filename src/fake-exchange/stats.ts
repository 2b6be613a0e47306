/** Counters a test reads to prove what happened on the exchange side. */
export class FakeExchangeStats {
  requests = 0;
  /** Request weight counted since start (all windows). */
  weight = 0;
  /** Orders the broker accepted (not rejected, not duplicates). */
  ordersPlaced = 0;
  ordersRejected = 0;
  /** POST /order with a client order id already used: refused with -2010, never placed twice. */
  duplicateOrders = 0;
  ordersCanceled = 0;
  rateLimited429 = 0;
  banned418 = 0;
  injected5xx = 0;
  /** 5xx returned after the request had been processed (an order may exist). */
  injected5xxAfterProcessing = 0;
  /** Of the injected errors, those answered with an "execution status unknown" code (-1006/-1007) and its HTTP status. */
  injectedUnknownCodes = 0;
  /** A client order id used again after its first order was done: accepted, as Binance does. */
  reusedClientIds = 0;
  /** Order queries that did not show an order yet (query lag). */
  laggedQueries = 0;
  /** -1015 refusals (order rate), sent without Retry-After. */
  orderRateRefusals = 0;
  /** Answers lost on orders already done when answered: a resent client id would have been accepted as a second order. */
  lostAnswersOnDoneOrders = 0;
  acceptedThenTimedOut = 0;
  authFailures = 0;
  websocketConnections = 0;
  websocketsDropped = 0;
  listenKeysExpired = 0;
  /** Connections cut for sending more than 5 messages in a second (web-socket-streams.md). */
  websocketFloodDisconnects = 0;
  executionReports = 0;

  snapshot(): Record<string, number> {
    return Object.fromEntries(Object.entries(this).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
  }

  reset(): void {
    for (const key of Object.keys(this) as (keyof this)[]) {
      if (typeof this[key] === 'number') (this as Record<string, unknown>)[key as string] = 0;
    }
  }
}
