import type {
  AccountState,
  CancelOrderInput,
  CancelOrderListInput,
  CancelOrderListOutcome,
  CancelOrderOutcome,
  OrderListOutcome,
  OrderListView,
  PlaceBracketInput,
  PlaceOcoInput,
  OrderPreview,
  PlaceOrderInput,
  PlaceOrderOutcome,
  ReplaceOrderInput,
  ReplaceOrderOutcome,
  RiskStatus,
  TradingDesk,
} from '../app/api.js';
import { clientOrderIdFor } from '../app/client-order-id.js';
import type { Logger } from '../log.js';
import type { Fill } from '../model/fill.js';
import { NotServedHere, OrderOutcomeUnknown } from '../model/errors.js';
import type { Clock } from '../ports/clock.js';
import { LeaseLost, type Lease } from '../ports/lease-store.js';
import type { TradingMode } from '../model/trading-mode.js';
import type { OrderHistory, OrderRecord } from '../ports/order-journal.js';
import { forwardingTarget, TARGET_OPS, type AccountTarget, type TargetOp } from './account-target.js';
import { ChannelClient } from './channel-client.js';
import { ownerName, OwnerGone } from './errors.js';
import type { LeaseEvents, LeaseKeeper } from './lease-keeper.js';

/** The account's venue and desk while this process owns it, built from the journal. */
export interface OwnedAccount extends AccountTarget {
  /** Records the equity for the daily loss (the owner's job). */
  observe(now: number): Promise<void>;
  /** Resolves when the orders and journal writes queued so far have finished. */
  settled(): Promise<void>;
  /** Stops the venue (no more orders or fills here), then waits for the work in flight. */
  close(): Promise<void>;
}

export interface SeatOptions {
  account: TradingMode;
  /** The journal, for reads (orders, trade history). */
  store: OrderHistory;
  clock: Clock;
  logger: Logger;
  hostname: string;
  /** Builds the venue and desk from the journal once this process holds the lease at `lease.epoch`. */
  own(lease: Lease): Promise<OwnedAccount>;
  /** How long a call waits for a new owner after the owner died (default 15 s). */
  handoverWaitMs?: number;
  /** The risk status as the journal has it, shown when the owner is on a machine this process cannot reach. */
  journaledRiskStatus?: () => Promise<RiskStatus>;
}

/**
 * One account as this process serves it, whoever owns it. While this process holds the lease the
 * calls go to the desk it built from the journal; otherwise account-changing calls are forwarded
 * to the owner over its local channel and reads come from the journal. When the owner dies in the
 * middle of a call, the call waits for the next owner (maybe this process) and is retried with the
 * same client order id, so it is carried out at most once. An answer from this process's own desk
 * counts only when the lease was held for the whole call.
 */
export class AccountSeat implements TradingDesk, LeaseEvents {
  readonly mode: TradingMode;
  private keeper!: LeaseKeeper;
  private owned: { epoch: number; ready: Promise<OwnedAccount> } | undefined;
  private readonly clients = new Map<string, ChannelClient>();
  private closed = false;

  constructor(private readonly options: SeatOptions) {
    this.mode = options.account;
  }

  attach(keeper: LeaseKeeper): void {
    this.keeper = keeper;
  }

  acquired(lease: Lease): void {
    const entry = { epoch: lease.epoch, ready: this.options.own(lease) };
    this.owned = entry;
    entry.ready.catch((err: unknown) => {
      this.options.logger.error(
        { err, account: this.mode },
        'could not rebuild the account from the journal; giving the lease up',
      );
      if (this.owned === entry) this.owned = undefined;
      void this.keeper.giveUp(lease.epoch, 'the venue could not be built', 5_000);
    });
  }

  lost(epoch: number): void {
    const entry = this.owned;
    if (!entry || entry.epoch !== epoch) return;
    this.owned = undefined;
    void entry.ready
      .then((owned) => owned.close())
      .catch((err: unknown) =>
        this.options.logger.warn({ err, account: this.mode }, 'error while stopping the venue after losing the lease'),
      );
  }

  /** Resolves when the venue this process owns (if it owns the account) is built; rejects when that failed. */
  async ready(): Promise<void> {
    if (this.owned) await this.owned.ready;
  }

  placeOrder(input: PlaceOrderInput): Promise<PlaceOrderOutcome> {
    // The client order id is fixed here, so a call retried after a handover cannot be placed twice.
    const call = input.actionId === undefined ? { ...input, actionId: clientOrderIdFor(undefined) } : input;
    const clientOrderId = clientOrderIdFor(call.actionId);
    return this.route(
      (t) => t.placeOrder(call),
      (problem) => new OrderOutcomeUnknown(clientOrderId, `${problem}; it is journaled only if it was placed`),
    );
  }

  previewOrder(input: PlaceOrderInput): Promise<OrderPreview> {
    return this.route((t) => t.previewOrder(input));
  }

  cancelOrder(input: CancelOrderInput): Promise<CancelOrderOutcome> {
    return this.route<CancelOrderOutcome>(
      (t) => t.cancelOrder(input),
      undefined,
      async () => {
        const order = input.orderId
          ? await this.options.store.findOrderByOrderId(this.mode, input.orderId)
          : input.clientOrderId
            ? await this.options.store.findOrder(this.mode, input.clientOrderId)
            : undefined;
        return order?.status === 'CANCELED' ? { status: 'canceled', mode: this.mode, order } : undefined;
      },
    );
  }

  replaceOrder(input: ReplaceOrderInput): Promise<ReplaceOrderOutcome> {
    // As for placeOrder: the new order's client id is fixed before the first attempt.
    const call = input.actionId === undefined ? { ...input, actionId: clientOrderIdFor(undefined) } : input;
    const clientOrderId = clientOrderIdFor(call.actionId);
    return this.route(
      (t) => t.replaceOrder(call),
      (problem) => new OrderOutcomeUnknown(clientOrderId, `${problem}; it is journaled only if it was placed`),
    );
  }

  placeOco(input: PlaceOcoInput): Promise<OrderListOutcome> {
    // As for placeOrder: the list's client id is fixed before the first attempt.
    const call = input.actionId === undefined ? { ...input, actionId: clientOrderIdFor(undefined) } : input;
    return this.route(
      (t) => t.placeOco(call),
      (problem) =>
        new OrderOutcomeUnknown(clientOrderIdFor(call.actionId), `${problem}; it is journaled only if it was placed`),
    );
  }

  placeBracket(input: PlaceBracketInput): Promise<OrderListOutcome> {
    const call = input.actionId === undefined ? { ...input, actionId: clientOrderIdFor(undefined) } : input;
    return this.route(
      (t) => t.placeBracket(call),
      (problem) =>
        new OrderOutcomeUnknown(clientOrderIdFor(call.actionId), `${problem}; it is journaled only if it was placed`),
    );
  }

  cancelOrderList(input: CancelOrderListInput): Promise<CancelOrderListOutcome> {
    return this.route((t) => t.cancelOrderList(input));
  }

  orderLists(query: {
    symbol?: string | undefined;
    openOnly?: boolean | undefined;
    limit?: number | undefined;
  }): Promise<OrderListView[]> {
    return this.route((t) => t.orderLists(query));
  }

  orders(query: {
    symbol?: string;
    clientOrderId?: string;
    openOnly?: boolean;
    limit?: number;
  }): Promise<OrderRecord[]> {
    return this.options.store.listOrders({ mode: this.mode, ...query });
  }

  tradeHistory(query: { symbol?: string; clientOrderId?: string; limit?: number }): Promise<Fill[]> {
    return this.options.store.listFills({ mode: this.mode, ...query });
  }

  account(): Promise<AccountState> {
    return this.route((t) => t.account());
  }

  riskStatus(): Promise<RiskStatus> {
    return this.route((t) => t.riskStatus(), undefined, undefined, this.options.journaledRiskStatus);
  }

  resetBreaker(actor: string): Promise<void> {
    return this.route((t) => t.resetBreaker(actor));
  }

  resetPaperAccount(): Promise<void> {
    return this.route((t) => t.resetPaperAccount());
  }

  /** The owner's job: observe the equity for the daily loss. Nothing to do elsewhere. */
  async observe(now: number): Promise<void> {
    if (this.owned) await (await this.owned.ready).observe(now);
  }

  async settled(): Promise<void> {
    if (this.owned) await (await this.owned.ready).settled();
  }

  /** A call forwarded to this process by another one: carried out only while this process owns the account. */
  async serve(op: string, args: unknown[]): Promise<unknown> {
    if (!(TARGET_OPS as readonly string[]).includes(op))
      throw new Error(`unknown call ${op} (allowed: ${TARGET_OPS.join(', ')})`);
    const owned = this.owned;
    if (!owned || this.closed) throw new OwnerGone(`pid ${process.pid} does not own the ${this.mode} account any more`);
    const target = await owned.ready;
    await this.keeper.confirm(owned.epoch);
    const result = await (target[op as TargetOp] as (...a: unknown[]) => Promise<unknown>)(...args);
    await this.keeper.confirm(owned.epoch);
    return result;
  }

  /** One line for get_trading_mode and /health: who owns the account and how this process reaches it. */
  ownerLine(): string {
    if (this.owned)
      return `this process (pid ${process.pid} on ${this.options.hostname}) owns the ${this.mode} account`;
    const lease = this.keeper.current();
    if (!lease || lease.ownerId === '')
      return `no process owns the ${this.mode} account at the moment; this one takes it over shortly`;
    if (lease.hostname !== this.options.hostname)
      return `the ${this.mode} account is owned by ${ownerName(lease)}, on another machine: account-changing calls are refused here`;
    return `the ${this.mode} account is owned by ${ownerName(lease)}; this process forwards orders to it`;
  }

  /** Stops taking calls and stops the venue this process owns (the lease is released by the keeper afterwards). */
  async close(): Promise<void> {
    this.closed = true;
    const owned = this.owned;
    this.owned = undefined;
    if (owned)
      await owned.ready.then(
        (o) => o.close(),
        () => undefined,
      );
    for (const client of this.clients.values()) client.close();
  }

  private async route<T>(
    work: (target: AccountTarget) => Promise<T>,
    giveUp?: (problem: string) => Error,
    known?: () => Promise<T | undefined>,
    unreachable?: () => Promise<T>,
  ): Promise<T> {
    const deadline = this.options.clock.now() + (this.options.handoverWaitMs ?? 15_000);
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw new NotServedHere('binance-mcp is stopping; try again in a moment');
      if (attempt > 0 && known) {
        const outcome = await known();
        if (outcome !== undefined) return outcome;
      }
      let problem: string;
      try {
        const owned = this.owned;
        if (owned) {
          const target = await owned.ready;
          await this.keeper.confirm(owned.epoch);
          const result = await work(target);
          await this.keeper.confirm(owned.epoch);
          return result;
        }
        const lease = this.keeper.current();
        if (lease && lease.ownerId !== '' && lease.ownerId !== this.keeper.holder.ownerId) {
          if (lease.hostname !== this.options.hostname) {
            if (unreachable) return await unreachable();
            throw new NotServedHere(
              `The ${this.mode} account is owned by ${ownerName(lease)}, which this process cannot reach from ${this.options.hostname}. Send orders, cancels and resets to that process (or stop it); this one serves market data and the journal only.`,
            );
          }
          return await this.forwarded(lease, work);
        }
        problem = `no process owns the ${this.mode} account`;
      } catch (error) {
        if (!(error instanceof LeaseLost || error instanceof OwnerGone)) throw error;
        problem = error.message;
      }
      if (this.options.clock.now() >= deadline) {
        const why = `the owner of the ${this.mode} account stopped answering and no process took over in time (${problem})`;
        throw giveUp ? giveUp(why) : new NotServedHere(`${why}; try again in a moment`);
      }
      await this.keeper.nextLook(this.keeper.timing.renewMs * 2);
    }
  }

  /** Forwards to the owner; a handover while waiting for its answer cuts the wait short (the new owner is asked next). */
  private async forwarded<T>(lease: Lease, work: (target: AccountTarget) => Promise<T>): Promise<T> {
    let client = this.clients.get(lease.endpoint);
    if (!client) {
      client = new ChannelClient(lease.endpoint);
      this.clients.set(lease.endpoint, client);
    }
    const abort = new AbortController();
    const stop = this.keeper.onChange((now) => {
      if (now?.ownerId !== lease.ownerId || now?.epoch !== lease.epoch) abort.abort();
    });
    try {
      return await work(forwardingTarget(this.mode, client, abort.signal));
    } finally {
      stop();
    }
  }
}
