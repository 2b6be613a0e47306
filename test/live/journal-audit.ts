/**
 * Compares the live journal with the fake exchange's own books: orders, fills, balances and OCOs. Every
 * list in the result names what disagrees; an empty list means the two agree on that point.
 *
 * Amounts are compared as Binance's wire carries them, 8 decimals: the simulated broker behind the
 * fake charges commissions to 18 decimals (Binance charges them in the asset's 8), so its books hold
 * digits no Binance answer can carry. Everything else (quantities, prices) is compared exactly.
 */
import type { SimulatedBroker } from '../../src/exchanges/simulator/simulated-broker.js';
import type { Balance } from '../../src/model/balance.js';
import { cmp, str, Big } from '../../src/model/money.js';
import type { OrderListJournal } from '../../src/ports/order-list-journal.js';
import type { Store } from '../../src/ports/store.js';

export interface JournalAudit {
  /** Orders the venue holds among the client order ids the test ever sent. */
  venueOrders: number;
  /** Those orders by type and final status on the venue, e.g. 'LIMIT FILLED'. */
  venueOrdersByTypeAndStatus: Record<string, number>;
  /** Journal live orders carrying a venue order id. */
  journalAcknowledged: number;
  /** On the venue, but the journal has no order id for it, or another id. */
  venueOrdersMissingFromJournal: string[];
  /** In the journal with an order id, but the venue has no such order. */
  journalOrdersUnknownToVenue: string[];
  /** Status or executed quantity differ. */
  orderMismatches: string[];
  /** Still PENDING or UNKNOWN in the journal. */
  unresolved: string[];
  /** Journaled as open (NEW / PARTIALLY_FILLED) or done, though the venue never got the order. */
  journalOrdersNeverPlaced: string[];
  venueFills: number;
  journalFills: number;
  /** Venue fills absent from the journal (tradeId). */
  missingFills: string[];
  /** Journal fills the venue does not have, or that differ from the venue's. */
  fillMismatches: string[];
  venueBalances: Record<string, string>;
  journalBalances: Record<string, string>;
}

/** An amount as the wire shows it: 8 decimals, rounded half up (what the fake sends), canonical text. */
export function onWire(amount: string): string {
  return str(new Big(new Big(amount).toFixed(8)));
}

/** Non-zero totals by asset, canonical decimals, each of free and locked at wire precision. */
export function totals(balances: readonly Balance[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of balances ?? []) {
    const total = new Big(onWire(b.free)).plus(onWire(b.locked));
    if (!total.eq(0)) out[b.asset] = str(total);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export async function auditJournal(
  store: Store,
  venue: SimulatedBroker,
  sent: ReadonlyMap<string, string>,
): Promise<JournalAudit> {
  const journal = new Map(
    (await store.listOrders({ mode: 'live', limit: 1_000_000 })).map((o) => [o.clientOrderId, o]),
  );
  const audit: JournalAudit = {
    venueOrders: 0,
    venueOrdersByTypeAndStatus: {},
    journalAcknowledged: [...journal.values()].filter((o) => o.orderId !== null).length,
    venueOrdersMissingFromJournal: [],
    journalOrdersUnknownToVenue: [],
    orderMismatches: [],
    unresolved: [],
    journalOrdersNeverPlaced: [],
    venueFills: 0,
    journalFills: 0,
    missingFills: [],
    fillMismatches: [],
    venueBalances: {},
    journalBalances: {},
  };

  for (const [clientOrderId, symbol] of sent) {
    const onVenue = await venue.getOrder(symbol, { clientOrderId });
    const record = journal.get(clientOrderId);
    if (record && (record.status === 'PENDING' || record.status === 'UNKNOWN')) audit.unresolved.push(clientOrderId);
    if (onVenue) {
      audit.venueOrders += 1;
      const kind = `${onVenue.type}${onVenue.timeInForce && onVenue.timeInForce !== 'GTC' ? ` ${onVenue.timeInForce}` : ''} ${onVenue.status}`;
      audit.venueOrdersByTypeAndStatus[kind] = (audit.venueOrdersByTypeAndStatus[kind] ?? 0) + 1;
      if (!record || record.orderId !== onVenue.orderId) {
        audit.venueOrdersMissingFromJournal.push(clientOrderId);
      } else if (record.status !== onVenue.status || cmp(record.executedQty, onVenue.executedQty) !== 0) {
        audit.orderMismatches.push(
          `${clientOrderId}: journal ${record.status} ${record.executedQty}, venue ${onVenue.status} ${onVenue.executedQty}`,
        );
      }
    } else if (record?.orderId) {
      audit.journalOrdersUnknownToVenue.push(clientOrderId);
    } else if (record && !['REJECTED', 'EXPIRED', 'PENDING', 'UNKNOWN'].includes(record.status)) {
      audit.journalOrdersNeverPlaced.push(`${clientOrderId}: ${record.status}`);
    }
  }
  for (const record of journal.values()) {
    if (!sent.has(record.clientOrderId))
      audit.journalOrdersUnknownToVenue.push(`${record.clientOrderId} (never sent by the test)`);
  }

  const venueFills = await venue.fills();
  const journalFills = new Map((await store.listFills({ mode: 'live', limit: 1_000_000 })).map((f) => [f.tradeId, f]));
  audit.venueFills = venueFills.length;
  audit.journalFills = journalFills.size;
  const venueTradeIds = new Set<string>();
  for (const fill of venueFills) {
    venueTradeIds.add(fill.tradeId);
    const mine = journalFills.get(fill.tradeId);
    if (!mine) {
      audit.missingFills.push(
        `${fill.tradeId} (${fill.clientOrderId} ${fill.side} ${fill.qty} ${fill.symbol} @ ${fill.price})`,
      );
    } else if (
      mine.orderId !== fill.orderId ||
      mine.clientOrderId !== fill.clientOrderId ||
      cmp(mine.qty, fill.qty) !== 0 ||
      cmp(mine.price, fill.price) !== 0 ||
      cmp(mine.commission, onWire(fill.commission)) !== 0 ||
      mine.commissionAsset !== fill.commissionAsset ||
      mine.isMaker !== fill.isMaker
    ) {
      audit.fillMismatches.push(`${fill.tradeId}: journal ${JSON.stringify(mine)} venue ${JSON.stringify(fill)}`);
    }
  }
  for (const tradeId of journalFills.keys())
    if (!venueTradeIds.has(tradeId)) audit.fillMismatches.push(`${tradeId}: in the journal only`);

  audit.venueBalances = totals(await venue.balances());
  audit.journalBalances = totals(await store.loadBalances('live'));
  return audit;
}

export interface ListAudit {
  /** OCOs the venue holds among the list client ids the test ever sent, by final status, e.g. 'ALL_DONE'. */
  venueListsByStatus: Record<string, number>;
  /** On the venue, but not journaled with its orderListId, or journaled with another status. */
  listMismatches: string[];
  /** Still PENDING or UNKNOWN in the journal. */
  unresolvedLists: string[];
  /** Journaled with a venue id, or as working, though the venue has no such list. */
  journalListsUnknownToVenue: string[];
}

/** Compares the journaled OCOs with the venue's order lists. */
export async function auditLists(
  lists: OrderListJournal,
  venue: SimulatedBroker,
  sent: ReadonlyMap<string, string>,
): Promise<ListAudit> {
  const audit: ListAudit = {
    venueListsByStatus: {},
    listMismatches: [],
    unresolvedLists: [],
    journalListsUnknownToVenue: [],
  };
  for (const listClientOrderId of sent.keys()) {
    const onVenue = await venue.getOrderList({ listClientOrderId });
    const record = await lists.findList('live', listClientOrderId);
    if (record && (record.status === 'PENDING' || record.status === 'UNKNOWN'))
      audit.unresolvedLists.push(listClientOrderId);
    if (onVenue) {
      audit.venueListsByStatus[onVenue.listOrderStatus] = (audit.venueListsByStatus[onVenue.listOrderStatus] ?? 0) + 1;
      if (!record || record.orderListId !== onVenue.orderListId || record.status !== onVenue.listOrderStatus)
        audit.listMismatches.push(
          `${listClientOrderId}: journal ${record ? `${record.status} ${record.orderListId}` : 'none'}, venue ${onVenue.listOrderStatus} ${onVenue.orderListId}`,
        );
    } else if (
      record &&
      (record.orderListId !== null || record.status === 'EXECUTING' || record.status === 'ALL_DONE')
    ) {
      audit.journalListsUnknownToVenue.push(`${listClientOrderId}: ${record.status} ${record.orderListId}`);
    }
  }
  for (const record of await lists.listLists({ mode: 'live', limit: 1_000_000 }))
    if (!sent.has(record.listClientOrderId))
      audit.journalListsUnknownToVenue.push(`${record.listClientOrderId} (never sent by the test)`);
  return audit;
}
