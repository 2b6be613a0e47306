import type { Logger } from '../log.js';
import type { Clock } from '../ports/clock.js';
import { LeaseLost, type Lease, type LeaseHolder, type LeaseStore } from '../ports/lease-store.js';
import type { TradingMode } from '../ports/store.js';
import { ownerKnownDead } from './owner-alive.js';

export interface LeaseTiming {
  /** How often the owner renews and every other process looks at the lease. */
  renewMs: number;
  /** A lease not renewed for this long may be taken by another process. */
  ttlMs: number;
  /** The owner stops trading this long before its lease could be taken, for the work in flight. */
  marginMs: number;
}

/**
 * A dead owner on this machine is seen at the next look (renewMs); one that may still be running
 * (paused, or on another machine) after ttlMs without renewal. The owner stops trading
 * ttlMs - marginMs after its last renewal began, while three more renewals have had their chance.
 */
export const DEFAULT_LEASE_TIMING: LeaseTiming = { renewMs: 300, ttlMs: 1500, marginMs: 400 };

export interface LeaseEvents {
  /** This process took the lease at `lease.epoch`. */
  acquired(lease: Lease): void;
  /** This process no longer holds the lease it took at `epoch`. */
  lost(epoch: number, why: string): void;
}

/**
 * Keeps one account's lease: renews it while this process owns it, and otherwise watches it and
 * takes it when it is free, released, held by a process known dead, or left unrenewed for its
 * time to live. Expiry is judged by durations on each process's own clock (from when this process
 * last renewed, or first saw the row unchanged), never by comparing clocks of two machines.
 */
export class LeaseKeeper {
  private held: { lease: Lease; until: number } | undefined;
  private seen: Lease | undefined;
  private unchangedSince = 0;
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;
  private waiters: (() => void)[] = [];
  private readonly changeListeners = new Set<(lease: Lease | undefined) => void>();

  constructor(
    readonly account: TradingMode,
    private readonly leases: LeaseStore,
    readonly holder: LeaseHolder,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly events: LeaseEvents,
    readonly timing: LeaseTiming = DEFAULT_LEASE_TIMING,
  ) {}

  /** Looks at the lease once (taking it if it can), then keeps doing so every renewMs. */
  async start(): Promise<void> {
    await this.look();
    this.schedule();
  }

  /** The lease as last seen: this process's own while it holds it. */
  current(): Lease | undefined {
    return this.held?.lease ?? this.seen;
  }

  /** True while this process holds the lease at `epoch` and its time to live (less the margin) has not run out. */
  holds(epoch: number): boolean {
    return this.held !== undefined && this.held.lease.epoch === epoch && this.clock.now() < this.held.until;
  }

  assertHeld(epoch: number): void {
    if (!this.holds(epoch))
      throw new LeaseLost(
        this.account,
        this.held ? 'its lease was not renewed in time' : 'another process owns it now',
      );
  }

  /**
   * Resolves when this process holds the lease at `epoch`; when its time ran out here (a busy
   * event loop, a slow journal) but nobody took it, one renewal (compare-and-set) settles it.
   * Throws LeaseLost otherwise.
   */
  async confirm(epoch: number): Promise<void> {
    if (this.holds(epoch)) return;
    const held = this.held;
    if (held?.lease.epoch === epoch) {
      await this.renew(held.lease).catch((err: unknown) =>
        this.logger.warn({ err, account: this.account }, 'could not renew the account lease'),
      );
    }
    this.assertHeld(epoch);
  }

  /** Resolves after the next look at the lease, or after `timeoutMs`. */
  nextLook(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  /** Called after a look that found the lease in other hands (owner or epoch changed). */
  onChange(listener: (lease: Lease | undefined) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Stops looking; gives the lease up when held, so another process takes it at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    this.events.lost(held.lease.epoch, 'this process is stopping');
    await this.leases
      .releaseLease(this.account, this.holder.ownerId, held.lease.epoch, this.clock.now())
      .catch((err: unknown) =>
        this.logger.warn(
          { err, account: this.account },
          'could not release the lease; another process takes it when it expires',
        ),
      );
  }

  /** Gives the lease up now and does not try to take it for `pauseMs` (the venue could not be built). */
  async giveUp(epoch: number, why: string, pauseMs: number): Promise<void> {
    await this.ticking;
    if (this.held?.lease.epoch !== epoch) return;
    this.held = undefined;
    this.events.lost(epoch, why);
    await this.leases.releaseLease(this.account, this.holder.ownerId, epoch, this.clock.now()).catch(() => undefined);
    this.pausedUntil = this.clock.now() + pauseMs;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.look().finally(() => this.schedule());
    }, this.timing.renewMs);
    this.timer.unref();
  }

  /** One look at the lease: renews it when held, else takes it when it may. */
  async look(): Promise<void> {
    const before = this.current();
    try {
      if (this.held) await this.renew(this.held.lease);
      else await this.watch();
    } catch (error) {
      this.logger.warn({ err: error, account: this.account }, 'could not read or renew the account lease');
      if (this.held && this.clock.now() >= this.held.until) this.lose('its lease could not be renewed in time');
    }
    const after = this.current();
    if (before?.ownerId !== after?.ownerId || before?.epoch !== after?.epoch)
      for (const listener of this.changeListeners) listener(after);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private async renew(lease: Lease): Promise<void> {
    const startedAt = this.clock.now();
    const renewed = await this.leases.renewLease(this.account, this.holder, lease.epoch, startedAt, this.timing.ttlMs);
    if (!renewed) {
      this.lose('another process took its lease');
      this.seen = await this.leases.readLease(this.account);
      this.unchangedSince = this.clock.now();
      return;
    }
    if (this.held?.lease.epoch === lease.epoch)
      this.held = { lease: renewed, until: startedAt + this.timing.ttlMs - this.timing.marginMs };
  }

  private lose(why: string): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    this.seen = held.lease;
    this.logger.warn(
      { account: this.account, epoch: held.lease.epoch, why },
      'lost the account lease: trading on it stopped here',
    );
    this.events.lost(held.lease.epoch, why);
  }

  private async watch(): Promise<void> {
    const now = this.clock.now();
    if (now < this.pausedUntil) return;
    const lease = await this.leases.readLease(this.account);
    const same =
      lease !== undefined &&
      this.seen !== undefined &&
      lease.ownerId === this.seen.ownerId &&
      lease.epoch === this.seen.epoch &&
      lease.renewedAt === this.seen.renewedAt;
    if (!same) this.unchangedSince = now;
    this.seen = lease;
    if (!(await this.takeable(lease, now))) return;
    const startedAt = this.clock.now();
    const after = await this.leases.takeLease(this.account, this.holder, lease, startedAt, this.timing.ttlMs);
    this.seen = after;
    this.unchangedSince = this.clock.now();
    if (after && after.ownerId === this.holder.ownerId) {
      this.held = { lease: after, until: startedAt + this.timing.ttlMs - this.timing.marginMs };
      this.logger.info(
        {
          account: this.account,
          epoch: after.epoch,
          from: lease ? { pid: lease.pid, hostname: lease.hostname } : null,
        },
        'took the account lease: this process owns the account',
      );
      this.events.acquired(after);
    }
  }

  private async takeable(lease: Lease | undefined, now: number): Promise<boolean> {
    if (lease === undefined || lease.ownerId === '' || lease.ownerId === this.holder.ownerId) return true;
    if (now - this.unchangedSince >= this.timing.ttlMs) return true;
    return ownerKnownDead(lease, this.holder.hostname);
  }
}
