/**
 * OCOs sent without a journaled answer (the answer was lost, or the process stopped while sending),
 * followed to their end: in the process by the venue's search for a lost list, and at every start.
 * A list is ended as never placed only when the venue proves it absent (Binance.US: the lost-order
 * proof rule over the list and both legs) or, for a venue without lagging queries, when it does not know it.
 */
import type { Logger } from '../log.js';
import type { ListOutcomeResolution } from '../model/errors.js';
import type { Fill } from '../model/fill.js';
import type { OrderList } from '../model/order-list.js';
import type { TradingMode } from '../model/trading-mode.js';
import type { Broker } from '../ports/broker.js';
import type { Clock } from '../ports/clock.js';
import type { OrderListJournal, OrderListRecord, OrderListStatus } from '../ports/order-list-journal.js';
import type { OrderJournal, OrderRecord } from '../ports/order-journal.js';

/** What it takes from the list road (order-lists.ts ListRoadParts, and the road's journalList). */
export interface UnansweredListParts {
  mode: TradingMode;
  broker: Broker;
  store: Pick<OrderJournal, 'findOrder' | 'markOrder'>;
  lists: OrderListJournal;
  clock: Clock;
  logger: Logger;
  serialize<T>(work: () => Promise<T>): Promise<T>;
  afterListEnded(listClientOrderId: string): Promise<void>;
  /** Journals a list and its legs as the venue reports them. */
  journalList(list: OrderList, fills: Fill[]): Promise<void>;
}

const PROVISIONAL_LEG = (status: OrderRecord['status']): boolean => status === 'PENDING' || status === 'UNKNOWN';
const PROVISIONAL_LIST = (status: OrderListStatus): boolean => status === 'PENDING' || status === 'UNKNOWN';

export class UnansweredLists {
  constructor(private readonly parts: UnansweredListParts) {}

  /**
   * At start, every OCO the journal holds open is looked up on the venue and journaled as it is there
   * (a leg may have filled while no process ran). One without a venue answer (PENDING, UNKNOWN) is
   * searched for by the venue's proof rule when it has one (resolveLostOrderList: until it shows or is
   * proved absent); only then is it ended as never placed.
   */
  async reconcileOpen(): Promise<void> {
    const { mode, lists, logger } = this.parts;
    const open = await lists.listLists({ mode, kind: 'OCO', openOnly: true, limit: 10_000 });
    for (const list of open) {
      try {
        const outcome = await this.lookUpAtStart(list);
        if (outcome.kind === 'found') await this.parts.journalList(outcome.list, outcome.fills);
        else if (outcome.kind === 'absent') {
          // Binance.US proved it never got it (REJECT, as a lost single order); a simulated venue died with the process (EXPIRED, as paper intents).
          if (this.parts.broker.resolveLostOrderList) await this.endProvedAbsent(list, outcome.reason);
          else
            await endUnanswered(this.parts, list.listClientOrderId, legsOf(list), 'EXPIRED', 'EXPIRED', outcome.reason);
          logger.warn({ listClientOrderId: list.listClientOrderId }, 'OCO without an answer ended as never placed');
        } else
          logger.warn(
            { listClientOrderId: list.listClientOrderId, reason: outcome.reason },
            'an OCO is not on the venue; it stays as journaled',
          );
      } catch (error) {
        logger.error(
          { err: error, listClientOrderId: list.listClientOrderId },
          'could not look an open OCO up; it stays as it is',
        );
      }
    }
  }

  /** The venue's truth about a journaled open list; `abandoned` leaves it as journaled. */
  private async lookUpAtStart(list: OrderListRecord): Promise<ListOutcomeResolution> {
    const { broker } = this.parts;
    const legs = legsOf(list);
    if (PROVISIONAL_LIST(list.status) && broker.resolveLostOrderList)
      // The record's last change came after the send (or is the send's moment): proof is counted from it.
      return broker.resolveLostOrderList(
        list.symbol,
        list.listClientOrderId,
        legs,
        Math.max(list.createdAt, list.updatedAt),
      );
    const found = await broker.getOrderList({ listClientOrderId: list.listClientOrderId });
    if (found) return { kind: 'found', list: found, fills: [] };
    // A journaled EXECUTING list the venue no longer knows stays as it is: only an unanswered one can be proved never placed.
    if (!PROVISIONAL_LIST(list.status)) return { kind: 'abandoned', reason: 'a working OCO the venue does not know' };
    return {
      kind: 'absent',
      reason:
        'the venue has no such list: it was never placed (the process stopped before the venue answered); nothing was executed',
    };
  }

  /**
   * Follows a list sent without an answer to its end: shown by the venue, its legs' updates journal it
   * (the broker announces them with the list); proved absent, it is journaled as never placed and the
   * side is free again.
   */
  follow(listClientOrderId: string, resolution: Promise<ListOutcomeResolution>): void {
    const { mode, lists, logger } = this.parts;
    void resolution
      .then(async (outcome) => {
        if (outcome.kind !== 'absent') return;
        await this.parts.serialize(async () => {
          const list = await lists.findList(mode, listClientOrderId);
          if (!list || !PROVISIONAL_LIST(list.status)) return;
          await this.endProvedAbsent(list, outcome.reason);
          logger.warn({ listClientOrderId }, 'OCO with an unknown outcome proved never placed: journaled REJECT');
          await this.parts.afterListEnded(listClientOrderId);
        });
      })
      .catch((err: unknown) =>
        logger.error(
          { err, listClientOrderId },
          'could not journal the end of an OCO of unknown outcome; reconciliation at next start will',
        ),
      );
  }

  /** A list the venue proved it never got: the list REJECT, its legs REJECTED, with the proof as the reason. */
  private async endProvedAbsent(list: OrderListRecord, reason: string): Promise<void> {
    await endUnanswered(this.parts, list.listClientOrderId, legsOf(list), 'REJECT', 'REJECTED', reason);
  }
}

/** Ends a list the venue never answered, and its legs the venue never reported (a leg it reported keeps what it said). */
export async function endUnanswered(
  parts: Pick<UnansweredListParts, 'mode' | 'store' | 'lists' | 'clock'>,
  listClientOrderId: string,
  legIds: string[],
  listStatus: OrderListStatus,
  legStatus: OrderRecord['status'],
  reason: string,
): Promise<void> {
  const { mode, store, lists, clock } = parts;
  const now = clock.now();
  for (const id of legIds) {
    const leg = await store.findOrder(mode, id);
    if (leg && PROVISIONAL_LEG(leg.status)) await store.markOrder(mode, id, legStatus, reason, now);
  }
  await lists.changeList(mode, listClientOrderId, { status: listStatus, reason, time: now });
}

function legsOf(list: OrderListRecord): string[] {
  return [list.limitClientOrderId, list.stopClientOrderId].filter((id): id is string => id !== undefined);
}
