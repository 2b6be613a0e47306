import { randomBytes } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import type { IdSequence } from '../ports/id-sequence.js';
import type { OrderListJournal } from '../ports/order-list-journal.js';
import type { RiskStatus } from '../app/api.js';
import type { Logger } from '../log.js';
import type { Clock } from '../ports/clock.js';
import type { Lease, LeaseHolder, LeaseStore } from '../ports/lease-store.js';
import type { OrderHistory } from '../ports/order-journal.js';
import type { Store, TradingMode } from '../ports/store.js';
import { AccountSeat, type OwnedAccount } from './account-seat.js';
import { openChannel, type Channel } from './channel-server.js';
import { DEFAULT_LEASE_TIMING, LeaseKeeper, type LeaseTiming } from './lease-keeper.js';

export interface OwnershipOptions {
  dataDir: string;
  leases: LeaseStore;
  /** The journal, for the reads every process serves itself. */
  store: OrderHistory;
  clock: Clock;
  logger: Logger;
  timing?: LeaseTiming;
  handoverWaitMs?: number;
}

/** What building an owned account gets: the journal fenced to this lease, and the check to run before the venue. */
export interface OwnedParts {
  lease: Lease;
  store: Store & IdSequence & OrderListJournal;
  /** Resolves while the lease is held at its epoch, else throws LeaseLost. */
  confirmHeld(): Promise<void>;
}

/**
 * This process's side of ownership: its id, its local channel, and one seat per account whose
 * lease it keeps. Every serving process opens the channel and contends for every account; the
 * first to take a lease owns that account's venue.
 */
type Seats = Map<TradingMode, { seat: AccountSeat; keeper: LeaseKeeper }>;

export class Ownership {
  private constructor(
    private readonly options: OwnershipOptions,
    readonly holder: LeaseHolder,
    private readonly channel: Channel,
    private readonly seats: Seats,
  ) {}

  static async open(options: OwnershipOptions): Promise<Ownership> {
    const seats: Seats = new Map();
    const channel = await openChannel(
      options.dataDir,
      async (call) => {
        const entry = seats.get(call.account as TradingMode);
        if (!entry) throw new Error(`this process serves no ${call.account} account`);
        return entry.seat.serve(call.op, call.args);
      },
      options.logger,
    );
    const holder = {
      ownerId: randomBytes(16).toString('hex'),
      pid: process.pid,
      hostname: osHostname(),
      endpoint: channel.endpoint,
    };
    return new Ownership(options, holder, channel, seats);
  }

  /** Seats `account`: takes its lease when free and builds it with `own`, else forwards to its owner. */
  async seat(
    account: TradingMode,
    own: (parts: OwnedParts) => Promise<OwnedAccount>,
    journaledRiskStatus?: () => Promise<RiskStatus>,
  ): Promise<AccountSeat> {
    const { leases, clock, logger } = this.options;
    // The seat is built before its keeper (the keeper reports to the seat); the lease check reaches the keeper once it exists.
    const keeperOf: { current?: LeaseKeeper } = {};
    const seat = new AccountSeat({
      account,
      store: this.options.store,
      clock,
      logger,
      hostname: this.holder.hostname,
      ...(journaledRiskStatus ? { journaledRiskStatus } : {}),
      ...(this.options.handoverWaitMs !== undefined ? { handoverWaitMs: this.options.handoverWaitMs } : {}),
      own: (lease) =>
        own({
          lease,
          store: leases.fencedTo(account, this.holder.ownerId, lease.epoch),
          confirmHeld: () => keeperOf.current!.confirm(lease.epoch),
        }),
    });
    const keeper = new LeaseKeeper(
      account,
      leases,
      this.holder,
      clock,
      logger,
      seat,
      this.options.timing ?? DEFAULT_LEASE_TIMING,
    );
    keeperOf.current = keeper;
    seat.attach(keeper);
    this.seats.set(account, { seat, keeper });
    await keeper.start();
    await seat.ready();
    return seat;
  }

  owners(): Partial<Record<TradingMode, string>> {
    return Object.fromEntries([...this.seats].map(([account, { seat }]) => [account, seat.ownerLine()]));
  }

  /** Finishes the work in flight, gives the leases up (the next process takes over at once) and removes the channel. */
  async close(): Promise<void> {
    for (const { seat, keeper } of this.seats.values()) {
      await seat.close();
      await keeper.stop();
    }
    await this.channel.close();
  }
}
