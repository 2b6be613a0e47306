/**
 * While an order's outcome is unknown (the venue's answer was lost), no new order on the same
 * symbol and side is placed: if the first one did execute, a second would double the position.
 * The rule reads the journal, so it holds across restarts. When the venue proves the order never
 * reached it, the journal says so and the side is free again; when the venue shows it, the broker's
 * order update journals it (the one road for what happens after a call returned).
 */
import type { Logger } from '../log.js';
import { OrderOutcomeUnknown } from '../model/errors.js';
import type { OrderRequest } from '../model/order.js';
import type { Clock } from '../ports/clock.js';
import type { TradingMode } from '../model/trading-mode.js';
import type { OrderJournal, OrderRecord } from '../ports/order-journal.js';
import type { RiskJournal } from '../ports/risk-journal.js';
import type { RiskDenial } from './api.js';

export const ORDER_OUTCOME_UNKNOWN = 'ORDER_OUTCOME_UNKNOWN';

export interface UnknownOrderGuardDeps {
  mode: TradingMode;
  store: Pick<OrderJournal, 'listOrders' | 'markOrder' | 'findOrder'> & Pick<RiskJournal, 'recordRiskEvent'>;
  clock: Clock;
  logger: Logger;
  /** Runs journal writes under the account's lock. */
  serialize: <T>(work: () => Promise<T>) => Promise<T>;
  /** Under the lock, once an order is journaled as never placed (a bracket waiting on its entry ends). */
  afterNeverPlaced?: (clientOrderId: string) => Promise<void>;
}

export class UnknownOrderGuard {
  private readonly following = new Set<Promise<void>>();

  constructor(private readonly deps: UnknownOrderGuardDeps) {}

  /** A denial when an order on this symbol and side has an unknown outcome (journaled as a risk event). */
  async refusal(request: OrderRequest): Promise<RiskDenial | undefined> {
    const open = await this.deps.store.listOrders({
      mode: this.deps.mode,
      symbol: request.symbol,
      openOnly: true,
      limit: 1000,
    });
    const blocker = open.find(
      (o) => isUnresolved(o) && o.side === request.side && o.clientOrderId !== request.clientOrderId,
    );
    if (!blocker) return undefined;
    const denial: RiskDenial = {
      code: ORDER_OUTCOME_UNKNOWN,
      message:
        `order ${blocker.clientOrderId} (${blocker.side} ${blocker.symbol}) has an unknown outcome and is being looked up by client order id; ` +
        `a new ${request.side} on ${request.symbol} is refused until it resolves (see get_orders). Do not place it again under a new action_id: it may have executed`,
      limit: 'no new order on a symbol and side while an order there has an unknown outcome',
      limitValue: blocker.clientOrderId,
      attempted: `${request.side} ${request.symbol} (${request.clientOrderId})`,
    };
    await this.deps.store.recordRiskEvent({
      mode: this.deps.mode,
      time: this.deps.clock.now(),
      kind: 'denied',
      code: denial.code,
      message: denial.message,
      detail: { blocker: blocker.clientOrderId, attempted: request.clientOrderId },
    });
    return denial;
  }

  /** Follows an unknown outcome to its end: an order the venue proved absent is journaled as never placed. */
  follow(error: unknown): void {
    if (!(error instanceof OrderOutcomeUnknown) || !error.resolution) return;
    const { clientOrderId } = error;
    const done = error.resolution
      .then(async (resolution) => {
        if (resolution.kind !== 'absent') return;
        await this.deps.serialize(async () => {
          const record = await this.deps.store.findOrder(this.deps.mode, clientOrderId);
          if (!record || !isUnresolved(record)) return;
          await this.deps.store.markOrder(
            this.deps.mode,
            clientOrderId,
            'REJECTED',
            resolution.reason,
            this.deps.clock.now(),
          );
          this.deps.logger.warn(
            { clientOrderId },
            'order with an unknown outcome proved never placed: journaled REJECTED',
          );
          await this.deps.afterNeverPlaced?.(clientOrderId);
        });
      })
      .catch((err: unknown) =>
        this.deps.logger.error(
          { err, clientOrderId },
          'could not journal the end of an unknown outcome; reconciliation at next start will',
        ),
      )
      .finally(() => this.following.delete(done));
    this.following.add(done);
  }

  /** Resolves when every outcome followed so far has ended (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.following]);
  }
}

function isUnresolved(order: OrderRecord): boolean {
  return order.status === 'UNKNOWN' || order.status === 'PENDING';
}
