/**
 * Start-up reconciliation of the live journal with Binance.US: open orders and recent fills on the
 * exchange come into the journal; orders the journal thought open (or never heard back about) but
 * the exchange no longer lists as open are looked up by client order id and given their final status.
 */
import type { Logger } from '../../log.js';
import { silentLogger } from '../../log.js';
import { BinanceCode, ExchangeRejection, type UnknownOutcomeResolution } from '../../model/errors.js';
import type { Fill } from '../../model/fill.js';
import type { Order } from '../../model/order.js';
import type { Broker } from '../../ports/broker.js';
import type { Clock } from '../../ports/clock.js';
import type { BalanceJournal } from '../../ports/balance-journal.js';
import type { OrderJournal, OrderRecord } from '../../ports/order-journal.js';

export type ReconcileStore = Pick<OrderJournal, 'listOrders' | 'recordExecution' | 'markOrder'> &
  Pick<BalanceJournal, 'saveBalances'>;

/**
 * The live broker can do better than one lookup for an order whose answer was never journaled:
 * look it up until Binance.US shows it or proves it absent, tolerant of lagging order queries.
 */
export type ReconcileBroker = Broker & {
  resolveLost?: (symbol: string, clientOrderId: string, sentAtLocal: number) => Promise<UnknownOutcomeResolution>;
};

export interface ReconcileOptions {
  clock: Clock;
  logger?: Logger;
  /** Fills since this time are brought in (default: 24 h ago, or the oldest open journal order if older). */
  since?: number;
}

export interface ReconcileReport {
  /** Orders open on the exchange that the journal did not know, now journaled. */
  imported: string[];
  /** Orders the journal thought open, now with the exchange's final status. */
  resolved: { clientOrderId: string; status: string }[];
  /** Orders the journal thought open that the exchange has never heard of. */
  notFound: string[];
  /** Orders Binance.US has archived (-2026): ended with nothing executed long ago. */
  archived: string[];
  /** Fills handed to the journal (it ignores ones it already holds). */
  fills: number;
  balances: number;
}

const DAY = 86_400_000;
/** Every fill since `since`: the broker pages through the venue's limit per call. */
const ALL_FILLS = 1_000_000;
const MODE = 'live';

export async function reconcileWithExchange(
  broker: ReconcileBroker,
  store: ReconcileStore,
  options: ReconcileOptions,
): Promise<ReconcileReport> {
  const logger = options.logger ?? silentLogger();
  const now = options.clock.now();
  const report: ReconcileReport = { imported: [], resolved: [], notFound: [], archived: [], fills: 0, balances: 0 };
  const journalOpen = await store.listOrders({ mode: MODE, openOnly: true, limit: 10_000 });
  const exchangeOpen = await broker.openOrders();
  const openIds = new Set(exchangeOpen.map((o) => o.clientOrderId));
  const journalIds = new Set(journalOpen.map((o) => o.clientOrderId));
  const since = options.since ?? Math.min(now - DAY, ...journalOpen.map((o) => o.createdAt));

  const finalOrders = new Map<string, Order>();
  for (const order of exchangeOpen) {
    finalOrders.set(order.clientOrderId, order);
    if (!journalIds.has(order.clientOrderId)) {
      report.imported.push(order.clientOrderId);
      logger.warn(
        { clientOrderId: order.clientOrderId, symbol: order.symbol },
        'reconcile: open order on Binance.US was not in the journal; imported',
      );
    }
  }

  for (const record of journalOpen.filter((r) => !openIds.has(r.clientOrderId))) {
    let order: Order | undefined;
    try {
      order = await broker.getOrder(record.symbol, { clientOrderId: record.clientOrderId });
    } catch (error) {
      if (!(error instanceof ExchangeRejection && error.code === BinanceCode.ORDER_ARCHIVED)) throw error;
      // CHANGELOG 2023-03: archived means canceled or expired with nothing executed, over 90 days ago.
      const reason = `reconciliation: ${error.code} ${error.message}`;
      await store.markOrder(MODE, record.clientOrderId, record.orderId === null ? 'REJECTED' : 'CANCELED', reason, now);
      report.archived.push(record.clientOrderId);
      logger.warn({ clientOrderId: record.clientOrderId }, reason);
      continue;
    }
    // Not found may be a lagging query (an order journaled from the stream a moment ago too): the proof rule decides.
    if (!order && broker.resolveLost) {
      const resolution = await broker.resolveLost(record.symbol, record.clientOrderId, record.createdAt);
      if (resolution.kind === 'found') order = resolution.order;
      if (resolution.kind === 'abandoned') continue;
    }
    if (order) {
      finalOrders.set(order.clientOrderId, order);
      report.resolved.push({ clientOrderId: order.clientOrderId, status: order.status });
      logger.warn(
        { clientOrderId: order.clientOrderId, was: record.status, now: order.status },
        'reconcile: journaled order resolved from Binance.US',
      );
    } else {
      const status = neverPlaced(record) ? 'REJECTED' : 'EXPIRED';
      const reason = neverPlaced(record)
        ? 'reconciliation: Binance.US has no order with this client order id; it was never placed'
        : 'reconciliation: Binance.US no longer knows this order (purged after it ended)';
      await store.markOrder(MODE, record.clientOrderId, status, reason, now);
      report.notFound.push(record.clientOrderId);
      logger.warn({ clientOrderId: record.clientOrderId, status }, reason);
    }
  }

  // Fills of the orders above, and any other recent fill on the symbols involved.
  const recent = await store.listOrders({ mode: MODE, limit: 500 });
  const symbols = new Set([...journalOpen, ...recent, ...exchangeOpen].map((o) => o.symbol));
  const fillsByOrder = new Map<string, Fill[]>();
  for (const symbol of symbols) {
    for (const fill of await broker.fills({ symbol, since, limit: ALL_FILLS })) {
      const list = fillsByOrder.get(fill.clientOrderId) ?? [];
      list.push(fill);
      fillsByOrder.set(fill.clientOrderId, list);
    }
  }
  for (const [clientOrderId, fills] of fillsByOrder) {
    if (clientOrderId !== '' && !finalOrders.has(clientOrderId)) {
      const order = await broker.getOrder(fills[0].symbol, { clientOrderId });
      if (order) finalOrders.set(clientOrderId, order);
    }
  }
  for (const [clientOrderId, order] of finalOrders) {
    const fills = fillsByOrder.get(clientOrderId) ?? [];
    await store.recordExecution({ mode: MODE, order, fills });
    report.fills += fills.length;
  }

  const balances = await broker.balances();
  await store.saveBalances(MODE, balances, options.clock.now());
  report.balances = balances.length;
  logger.info(
    {
      imported: report.imported.length,
      resolved: report.resolved.length,
      notFound: report.notFound.length,
      fills: report.fills,
    },
    'reconciliation with Binance.US done',
  );
  return report;
}

function neverPlaced(record: OrderRecord): boolean {
  return record.orderId === null || record.status === 'PENDING' || record.status === 'UNKNOWN';
}
