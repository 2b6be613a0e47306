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
import { bracketEntryId, bracketOcoId } from '../../src/app/list-client-ids.js';
import type { Market } from '../../src/model/market.js';
import { cmp, floorToStep, str, Big } from '../../src/model/money.js';
import { isOpenStatus } from '../../src/model/order.js';
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

/** Compares the journaled OCOs with the venue's order lists (`brackets`: the brackets the test sent, emulated, so on no venue). */
export async function auditLists(
  lists: OrderListJournal,
  venue: SimulatedBroker,
  sent: ReadonlyMap<string, string>,
  brackets: ReadonlyMap<string, string> = new Map(),
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
  for (const record of await lists.listLists({ mode: 'live', limit: 1_000_000 })) {
    if (record.kind === 'BRACKET' && brackets.has(record.listClientOrderId)) {
      if (record.status === 'PENDING' || record.status === 'UNKNOWN')
        audit.unresolvedLists.push(record.listClientOrderId);
    } else if (!sent.has(record.listClientOrderId))
      audit.journalListsUnknownToVenue.push(`${record.listClientOrderId} (never sent by the test)`);
  }
  return audit;
}

/** How many OCOs of one bracket (bracketOcoId 1, 2, ...) the audit looks for on the venue. */
export const MOST_OCOS_PER_BRACKET = 40;

export interface BracketAudit {
  /** Brackets whose entry filled on the venue. */
  filled: number;
  /** Brackets whose OCOs on the venue cover more than their entry brought (they would sell what is not theirs). */
  overCovered: string[];
  /** Brackets (not canceled by the caller) with a sellable part of their fills not covered by an OCO, and no BRACKET_UNPROTECTED event saying so. */
  unprotectedSilently: string[];
}

/**
 * For every bracket the test sent, from the venue's books: what its entry brought (its fills, less a
 * commission in the bought asset) against what its OCOs cover (an OCO still working: its quantity;
 * one over: what its legs executed, and the whole of a leg still working).
 */
export async function auditBrackets(
  store: Store,
  lists: OrderListJournal,
  venue: SimulatedBroker,
  sent: ReadonlyMap<string, string>,
  markets: (symbol: string) => Promise<Market>,
): Promise<BracketAudit> {
  const audit: BracketAudit = { filled: 0, overCovered: [], unprotectedSilently: [] };
  const events = await store.listRiskEvents('live', 1_000_000);
  const fills = await venue.fills();
  for (const [bracketId, symbol] of sent) {
    const entryId = bracketEntryId(bracketId);
    const market = await markets(symbol);
    let received = new Big(0);
    for (const f of fills.filter((x) => x.clientOrderId === entryId))
      received = received.plus(f.qty).minus(f.commissionAsset === market.baseAsset ? f.commission : '0');
    if (received.eq(0)) continue;
    audit.filled += 1;
    let covered = new Big(0);
    for (let n = 1; n <= MOST_OCOS_PER_BRACKET; n++) {
      const list = await venue.getOrderList({ listClientOrderId: bracketOcoId(bracketId, n) });
      if (!list) continue;
      if (list.listOrderStatus === 'EXECUTING') covered = covered.plus(list.orders[0]!.origQty);
      else
        for (const leg of list.orders) {
          const order = await venue.getOrder(symbol, { clientOrderId: leg.clientOrderId });
          covered = covered.plus(order && isOpenStatus(order.status) ? order.origQty : (order?.executedQty ?? '0'));
        }
    }
    const record = await lists.findList('live', bracketId);
    const what = `${bracketId} (${record?.status ?? 'not journaled'}): entry brought ${str(received)}, OCOs cover ${str(covered)}`;
    if (covered.gt(received)) audit.overCovered.push(what);
    const left = new Big(floorToStep(str(received.minus(covered).abs()), market.filters.lotSize.stepSize));
    const sellable = covered.lt(received) && left.gte(market.filters.lotSize.minQty) && left.gt(0);
    const said = events.some(
      (e) => e.code === 'BRACKET_UNPROTECTED' && JSON.stringify(e.detail ?? {}).includes(bracketId),
    );
    // A bracket the caller canceled leaves what filled in the account, unprotected, and says so in its answer.
    if (sellable && !said && record?.status !== 'CANCELED') {
      const children = await lists.listLists({ mode: 'live', parentListClientOrderId: bracketId, limit: 100 });
      const detail = [];
      for (const c of children) {
        const legs = [];
        for (const id of [c.limitClientOrderId, c.stopClientOrderId]) {
          const j = id ? await store.findOrder('live', id) : undefined;
          const v = id ? await venue.getOrder(symbol, { clientOrderId: id }) : undefined;
          legs.push(`${j?.type} j:${j?.status}/${j?.executedQty} v:${v?.status}/${v?.executedQty}`);
        }
        const vl = await venue.getOrderList({ listClientOrderId: c.listClientOrderId });
        detail.push(
          `${c.listClientOrderId} ${c.status} q${c.quantity} venue:${vl?.listOrderStatus ?? 'none'} [${legs.join('; ')}] ${c.reason ?? ''}`,
        );
      }
      const entry = await store.findOrder('live', entryId);
      audit.unprotectedSilently.push(
        `${what}; entry ${entry?.status} ${entry?.executedQty}; ${record?.reason}; children: ${detail.join(' | ')}`,
      );
    }
  }
  return audit;
}
