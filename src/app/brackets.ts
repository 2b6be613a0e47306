import { ExchangeRejection, InvalidInput } from '../model/errors.js';
import { Big, floorToStep, str } from '../model/money.js';
import { isOpenStatus, type Order } from '../model/order.js';
import type { OrderList } from '../model/order-list.js';
import { isOpenListStatus, type OrderListRecord, type OrderListStatus } from '../ports/order-list-journal.js';
import type { OrderRecord } from '../ports/order-journal.js';
import type { OrderCaps } from '../risk/attempt.js';
import type {
  CancelOrderListOutcome,
  OrderListOutcome,
  PlaceBracketInput,
  PlaceOrderInput,
  PlaceOrderOutcome,
} from './api.js';
import { bracketEntryId, bracketOcoId } from './list-client-ids.js';
import { positiveAmount, sideOf, trailingDeltaOf } from './oco-input.js';
import { retryStatusOf, type ListRoadParts, type OrderListRoad } from './order-lists.js';

export interface BracketParts extends ListRoadParts {
  road: OrderListRoad;
  /** placeOrder's road inside the account's mutex, with the client order id fixed by the caller. */
  placeEntry(
    input: PlaceOrderInput,
    clientOrderId: string,
    adding: Pick<OrderCaps, 'adding' | 'addingAlgo' | 'what'>,
  ): Promise<PlaceOrderOutcome>;
}

const MAYBE_WORKING = (status: OrderRecord['status']): boolean =>
  status === 'PENDING' || status === 'UNKNOWN' || isOpenStatus(status);

/**
 * Brackets, emulated (Binance.US has no OTOCO): a journaled list (kind BRACKET) holding the entry's
 * client id and the exit's parameters. Whatever of the entry has filled (less a commission taken in
 * the bought asset, which is not there to sell) and is not yet covered gets
 * its own OCO (take-profit LIMIT_MAKER + STOP_LOSS_LIMIT, kind OCO, parent = the bracket) as soon as
 * the fill is journaled, under the same account mutex: one OCO per fill chunk, so protection already
 * in place is not canceled to grow it. Only when one more OCO is refused (MAX_NUM_ALGO_ORDERS,
 * MAX_NUM_ORDERS, or a chunk below MIN_NOTIONAL/NOTIONAL) is the newest OCO grown: canceled and placed
 * again for both parts in the same locked step (the one moment that part has no stop is that
 * round trip; should the new OCO fail, the old quantity is placed again at once). Covered = the quantity of the
 * bracket's open OCOs plus what its finished OCOs executed; an OCO that ended without executing
 * (canceled elsewhere, rejected, expired) covers nothing, so its quantity is protected again.
 * All of it runs again at start (`recover`), so a restart between a fill and its OCO loses nothing.
 */
/** A refusal that growing the newest OCO instead of adding one avoids: the open-order caps, or a chunk below the filters' minimum. */
function mergeable(outcome: OrderListOutcome): boolean {
  if (outcome.status === 'denied')
    return outcome.denial?.code === 'MAX_NUM_ALGO_ORDERS' || outcome.denial?.code === 'MAX_NUM_ORDERS';
  return outcome.status === 'rejected' && outcome.rejection?.code === -1013;
}

export class BracketDesk {
  constructor(private readonly parts: BracketParts) {}

  async placeLocked(input: PlaceBracketInput, bracketId: string): Promise<OrderListOutcome> {
    const { mode, lists, clock, road } = this.parts;
    const base = { mode, duplicate: false, listClientOrderId: bracketId, orders: [], fills: [], adjustments: [] };
    const earlier = await lists.findList(mode, bracketId);
    if (earlier) return this.repeated(input, earlier);
    let record: OrderListRecord;
    let entry: PlaceOrderInput;
    try {
      ({ record, entry } = await this.prepare(input, bracketId, clock.now()));
    } catch (error) {
      if (error instanceof InvalidInput)
        return { ...base, status: 'invalid', error: { field: error.field, message: error.message } };
      throw error;
    }
    await lists.recordList(record);
    let outcome: PlaceOrderOutcome;
    try {
      outcome = await this.parts.placeEntry(entry, record.entryClientOrderId!, {
        adding: 3,
        addingAlgo: 1,
        what: 'this bracket (its entry and its OCO: 3 orders, 1 of them a stop)',
      });
    } catch (error) {
      await this.afterEntryFailed(bracketId, record.entryClientOrderId!, error);
      throw error;
    }
    const ended: Partial<Record<PlaceOrderOutcome['status'], OrderListStatus>> = {
      denied: 'REJECT',
      rejected: 'REJECT',
      invalid: 'REJECT',
      expired: 'EXPIRED',
      unknown: 'UNKNOWN',
    };
    const status = ended[outcome.status] ?? 'EXECUTING';
    const why =
      outcome.denial?.message ?? outcome.rejection?.msg ?? outcome.error?.message ?? outcome.reason ?? undefined;
    await lists.changeList(mode, bracketId, {
      status,
      time: clock.now(),
      ...(status !== 'EXECUTING' && why ? { reason: `entry ${outcome.status}: ${why}` } : {}),
    });
    if (outcome.status === 'placed') await this.protect(bracketId);
    const view = await road.view(bracketId);
    return {
      ...base,
      status: outcome.status,
      ...view,
      fills: outcome.fills,
      adjustments: outcome.adjustments,
      ...(outcome.denial ? { denial: outcome.denial } : {}),
      ...(outcome.rejection ? { rejection: outcome.rejection } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(outcome.reason ? { reason: outcome.reason } : {}),
    };
  }

  /**
   * The entry's call failed before it answered (a read past its retries, a journal write): a bracket
   * whose entry was never journaled sent nothing and ends EXPIRED, saying why; one whose entry was
   * journaled waits on it as UNKNOWN (afterEntry settles it), rather than staying PENDING.
   */
  private async afterEntryFailed(bracketId: string, entryClientOrderId: string, error: unknown): Promise<void> {
    const { mode, lists, store, clock, logger } = this.parts;
    try {
      const entry = await store.findOrder(mode, entryClientOrderId);
      await lists.changeList(mode, bracketId, {
        status: entry ? 'UNKNOWN' : 'EXPIRED',
        time: clock.now(),
        reason: entry
          ? `the entry's call failed (${(error as Error).message}); its outcome is looked up`
          : `the entry was not sent: ${(error as Error).message}; nothing was executed`,
      });
      if (entry) await this.afterEntry(entryClientOrderId);
    } catch (journalError) {
      logger.error(
        { err: journalError, bracket: bracketId },
        'could not journal a bracket whose entry failed; the next start will',
      );
    }
  }

  /**
   * Brings a bracket's protection up to its filled entry: places an OCO for the filled quantity not
   * yet covered, and ends the bracket once its entry and all its OCOs are over. Runs under the mutex.
   */
  async protect(bracketId: string): Promise<void> {
    const { mode, lists, store, clock, logger } = this.parts;
    const bracket = await lists.findList(mode, bracketId);
    if (!bracket || bracket.kind !== 'BRACKET' || bracket.status !== 'EXECUTING') return;
    const entry = await store.findOrder(mode, bracket.entryClientOrderId!);
    if (!entry) return;
    const children = await lists.listLists({ mode, parentListClientOrderId: bracketId, limit: 1000 });
    let covered = new Big(0);
    let openChildren = 0;
    for (const child of children) {
      if (isOpenListStatus(child.status)) {
        covered = covered.plus(child.quantity);
        openChildren++;
      } else if (child.status === 'ALL_DONE') {
        // A list is ALL_DONE as soon as its stop triggers (the other leg expires): the triggered leg
        // may still be selling, so it covers its whole quantity until it is over.
        for (const id of [child.limitClientOrderId, child.stopClientOrderId]) {
          const leg = id ? await store.findOrder(mode, id) : undefined;
          if (leg && MAYBE_WORKING(leg.status)) {
            covered = covered.plus(leg.origQty);
            openChildren++;
          } else if (leg) covered = covered.plus(leg.executedQty);
        }
      }
    }
    const market = await this.parts.marketData.market(bracket.symbol);
    const lot = market.filters.lotSize;
    // What the entry brought into the account: a commission taken in the bought asset is not there to sell.
    const asset = bracket.side === 'SELL' ? market.baseAsset : market.quoteAsset;
    let received = new Big(0);
    // The venue can report an order's status before its trades (a lookup, a poll): until every fill
    // is journaled, what is missing cannot be protected yet and the bracket is not over.
    let fillsLag = false;
    if (bracket.side === 'SELL') {
      let traded = new Big(0);
      for (const fill of await store.listFills({ mode, clientOrderId: entry.clientOrderId, limit: 100_000 })) {
        received = received.plus(fill.qty).minus(fill.commissionAsset === asset ? fill.commission : '0');
        traded = traded.plus(fill.qty);
      }
      fillsLag = traded.lt(entry.executedQty);
    } else {
      // A SELL entry's exit buys back what was sold.
      received = new Big(entry.executedQty);
    }
    const uncovered = received.minus(covered);
    const chunk = uncovered.gt(0) ? floorToStep(str(uncovered), lot.stepSize) : '0';
    if (new Big(chunk).gt(0) && new Big(chunk).gte(lot.minQty)) {
      let outcome = await this.placeChunk(bracket, chunk, children.length + 1);
      // The symbol's caps (5 stops on BTCUSD) or its minimum size can refuse one more OCO: the newest
      // one is then grown instead, canceled and placed again for both parts at once, under the mutex.
      const merge = children.find((c) => c.status === 'EXECUTING');
      if (outcome.status !== 'placed' && merge && mergeable(outcome)) {
        const canceled = await this.parts.road.cancelOcoLocked(merge, 'bracket');
        const sold = canceled.orders.reduce((sum, o) => sum.plus(o.executedQty), new Big(0));
        const grown = floorToStep(str(new Big(merge.quantity).minus(sold).plus(chunk)), lot.stepSize);
        outcome = canceled.status === 'canceled' ? await this.placeChunk(bracket, grown, children.length + 1) : outcome;
        if (canceled.status === 'canceled' && outcome.status !== 'placed')
          await this.placeChunk(
            bracket,
            floorToStep(str(new Big(merge.quantity).minus(sold)), lot.stepSize),
            children.length + 2,
          );
      }
      if (outcome.status === 'placed') return this.protect(bracketId);
      const why =
        outcome.denial?.message ?? outcome.rejection?.msg ?? outcome.error?.message ?? outcome.reason ?? outcome.status;
      const message = `${chunk} ${bracket.symbol} of bracket ${bracketId}'s filled entry has no take-profit/stop yet: its OCO was ${outcome.status} (${why}); it is tried again at the next fill and at every start`;
      await store.recordRiskEvent({
        mode,
        time: clock.now(),
        kind: 'bracket_unprotected',
        code: 'BRACKET_UNPROTECTED',
        message,
        detail: { bracket: bracketId, quantity: chunk, status: outcome.status },
      });
      logger.error({ bracket: bracketId, quantity: chunk, why }, 'bracket fill left without its OCO');
      return;
    }
    if (!MAYBE_WORKING(entry.status) && openChildren === 0 && !fillsLag) {
      const reason = new Big(entry.executedQty).eq(0)
        ? `the entry ended ${entry.status} without filling`
        : `the entry ended ${entry.status} and every OCO placed for its fills is over`;
      await lists.changeList(mode, bracketId, { status: 'ALL_DONE', reason, time: clock.now() });
    }
  }

  private placeChunk(bracket: OrderListRecord, quantity: string, n: number): Promise<OrderListOutcome> {
    return this.parts.road.placeOcoLocked(
      {
        symbol: bracket.symbol,
        side: bracket.side,
        quantity,
        price: bracket.price,
        stopPrice: bracket.stopPrice!,
        stopLimitPrice: bracket.stopLimitPrice,
        trailingDelta: bracket.trailingDelta,
        origin: 'bracket',
      },
      bracketOcoId(bracket.listClientOrderId, n),
      { parent: bracket.listClientOrderId, startedAt: this.parts.clock.now() },
    );
  }

  /**
   * After a journaled venue update: a bracket's entry filled more (or was found, its answer having
   * been lost), or one of its OCOs moved. Runs under the mutex.
   */
  async afterUpdate(order: Order, list: OrderList | undefined): Promise<void> {
    if (list) return this.afterList(list.listClientOrderId);
    await this.afterEntry(order.clientOrderId);
  }

  /**
   * A bracket's entry moved in the journal: a bracket left UNKNOWN by its entry's lost answer works
   * once the venue shows the entry (and gets its OCOs at once, not at the next start), and ends once
   * the entry is proved never placed. Runs under the mutex.
   */
  async afterEntry(entryClientOrderId: string): Promise<void> {
    const { mode, lists } = this.parts;
    const [bracket] = await lists.listLists({ mode, entryClientOrderId, limit: 1 });
    if (!bracket) return;
    if (!(await this.followEntry(bracket, false))) return;
    await this.protect(bracket.listClientOrderId);
  }

  /**
   * A bracket PENDING or UNKNOWN on its entry takes the entry's news: EXECUTING once the venue has the
   * entry, ended once it never will. Running, an entry still unanswered is waited for (false); at
   * start, reconciliation has looked it up already, so one still without a venue id never got there.
   */
  private async followEntry(bracket: OrderListRecord, atStart: boolean): Promise<boolean> {
    const { mode, lists, store, clock } = this.parts;
    if (bracket.status !== 'PENDING' && bracket.status !== 'UNKNOWN') return true;
    const entry = await store.findOrder(mode, bracket.entryClientOrderId!);
    if (!atStart && (!entry || entry.status === 'PENDING' || entry.status === 'UNKNOWN')) return false;
    const placed = entry !== undefined && entry.orderId !== null;
    const ended = atStart
      ? {
          status: 'EXPIRED' as const,
          reason: 'the process stopped before the entry was answered; nothing was executed',
        }
      : {
          status: entry!.status === 'EXPIRED' ? ('EXPIRED' as const) : ('REJECT' as const),
          reason: `entry ${entry!.status}: ${entry!.reason ?? 'never placed'}`,
        };
    await lists.changeList(mode, bracket.listClientOrderId, {
      time: clock.now(),
      ...(placed ? { status: 'EXECUTING' } : ended),
    });
    return true;
  }

  /** One of a bracket's OCOs moved or ended: the bracket's protection is brought up to date. */
  async afterList(listClientOrderId: string): Promise<void> {
    const child = await this.parts.lists.findList(this.parts.mode, listClientOrderId);
    if (child?.parentListClientOrderId) await this.protect(child.parentListClientOrderId);
  }

  /** At start: every bracket still working gets the protection its journaled fills need. */
  async recover(): Promise<void> {
    const { mode, lists, logger } = this.parts;
    for (const bracket of await lists.listLists({ mode, kind: 'BRACKET', openOnly: true, limit: 10_000 })) {
      try {
        await this.followEntry(bracket, true);
        await this.protect(bracket.listClientOrderId);
      } catch (error) {
        logger.error(
          { err: error, bracket: bracket.listClientOrderId },
          'could not bring a bracket up to date at start',
        );
      }
    }
  }

  /** Cancels the entry if it still works and every OCO of the bracket; what filled stays in the account, unprotected. */
  async cancelLocked(bracket: OrderListRecord, origin: string): Promise<CancelOrderListOutcome> {
    const { mode, lists, store, broker, clock, road } = this.parts;
    if (!isOpenListStatus(bracket.status))
      return {
        status: 'rejected',
        mode,
        rejection: {
          code: -2011,
          msg: 'Unknown order sent.',
          explanation: `bracket ${bracket.listClientOrderId} is already ${bracket.status}`,
        },
        ...(await road.view(bracket.listClientOrderId)),
      };
    const entry = await store.findOrder(mode, bracket.entryClientOrderId!);
    if (entry?.orderId && isOpenStatus(entry.status as Order['status'])) {
      try {
        await this.parts.journal(await broker.cancelOrder(bracket.symbol, { orderId: entry.orderId }), []);
      } catch (error) {
        if (!(error instanceof ExchangeRejection)) throw error;
      }
    }
    for (const child of await lists.listLists({
      mode,
      parentListClientOrderId: bracket.listClientOrderId,
      openOnly: true,
      limit: 1000,
    }))
      await road.cancelOcoLocked(child, origin);
    await lists.changeList(mode, bracket.listClientOrderId, {
      status: 'CANCELED',
      reason: `canceled (${origin})`,
      time: clock.now(),
    });
    const after = await store.findOrder(mode, bracket.entryClientOrderId!);
    const filled = after?.executedQty ?? '0';
    return {
      status: 'canceled',
      mode,
      ...(await road.view(bracket.listClientOrderId)),
      note: new Big(filled).gt(0)
        ? `the entry had filled ${filled} ${bracket.symbol}: that position stays in the account with no take-profit or stop any more`
        : 'the entry had not filled: nothing stays in the account',
    };
  }

  private async prepare(input: PlaceBracketInput, bracketId: string, now: number) {
    const market = await this.parts.road.market(input.symbol);
    const side = sideOf(input.side);
    const exit = side === 'BUY' ? 'SELL' : 'BUY';
    const orderType = String(input.orderType ?? 'MARKET').toUpperCase();
    if (orderType !== 'MARKET' && orderType !== 'LIMIT')
      throw new InvalidInput('order_type', `"${input.orderType}" is not a bracket entry type`, 'MARKET or LIMIT');
    const quantity = positiveAmount('quantity', input.quantity)!;
    const price = positiveAmount('price', input.price, orderType === 'LIMIT');
    if (orderType === 'MARKET' && price !== undefined)
      throw new InvalidInput('price', 'a MARKET entry takes no price', 'omit price, or order_type LIMIT');
    const takeProfit = positiveAmount('take_profit_price', input.takeProfitPrice)!;
    const stopPrice = positiveAmount('stop_price', input.stopPrice)!;
    const stopLimitPrice = positiveAmount('stop_limit_price', input.stopLimitPrice, false) ?? stopPrice;
    const trailingDelta = trailingDeltaOf(input.trailingDelta, market, exit, 'STOP_LOSS_LIMIT');
    const reference = price ?? (await this.parts.road.lastPrice(market.symbol));
    if (reference !== undefined) {
      const ref = new Big(reference);
      const ok =
        exit === 'SELL'
          ? new Big(takeProfit).gt(ref) && ref.gt(stopPrice)
          : new Big(takeProfit).lt(ref) && ref.lt(stopPrice);
      if (!ok)
        throw new InvalidInput(
          new Big(takeProfit).gt(ref) === (exit === 'SELL') ? 'stop_price' : 'take_profit_price',
          `a ${side} bracket needs take_profit_price ${exit === 'SELL' ? 'above' : 'below'} the entry (${reference}) and stop_price ${exit === 'SELL' ? 'below' : 'above'} it; here take_profit_price ${takeProfit}, stop_price ${stopPrice}`,
          `take_profit_price ${exit === 'SELL' ? '>' : '<'} ${reference} ${exit === 'SELL' ? '>' : '<'} stop_price`,
        );
    }
    const entryId = bracketEntryId(bracketId);
    const record: OrderListRecord = {
      mode: this.parts.mode,
      listClientOrderId: bracketId,
      orderListId: null,
      kind: 'BRACKET',
      symbol: market.symbol,
      side: exit,
      quantity,
      status: 'PENDING',
      price: takeProfit,
      stopPrice,
      stopLimitPrice,
      stopLimitTimeInForce: 'GTC',
      ...(trailingDelta !== undefined ? { trailingDelta } : {}),
      entryClientOrderId: entryId,
      origin: input.origin,
      createdAt: now,
      updatedAt: now,
    };
    const entry: PlaceOrderInput = {
      symbol: market.symbol,
      side,
      orderType: orderType as 'MARKET' | 'LIMIT',
      quantity,
      ...(price !== undefined ? { price } : {}),
      ...(input.deadlineMs !== undefined ? { deadlineMs: input.deadlineMs } : {}),
      ...(input.rationale !== undefined ? { rationale: input.rationale } : {}),
      origin: input.origin,
    };
    return { record, entry };
  }

  private async repeated(input: PlaceBracketInput, earlier: OrderListRecord): Promise<OrderListOutcome> {
    const { mode, road } = this.parts;
    const base = { mode, listClientOrderId: earlier.listClientOrderId, fills: [], adjustments: [] };
    const same =
      earlier.kind === 'BRACKET' &&
      earlier.symbol === String(input.symbol).toUpperCase() &&
      new Big(earlier.quantity).eq(String(input.quantity)) &&
      new Big(earlier.price).eq(String(input.takeProfitPrice)) &&
      earlier.stopPrice !== undefined &&
      new Big(earlier.stopPrice).eq(String(input.stopPrice));
    if (!same)
      return {
        ...base,
        duplicate: false,
        orders: [],
        status: 'invalid',
        error: {
          field: 'action_id',
          message: `action_id: already used for the ${earlier.kind} on ${earlier.symbol} (${earlier.status}); this bracket differs, so it is not a retry and nothing was placed (allowed: the same bracket again to retry it, or a new action_id)`,
        },
      };
    const status = retryStatusOf(earlier.status);
    return {
      ...base,
      duplicate: true,
      status,
      ...(await road.view(earlier.listClientOrderId)),
      ...(earlier.reason ? { reason: earlier.reason } : {}),
    };
  }
}
