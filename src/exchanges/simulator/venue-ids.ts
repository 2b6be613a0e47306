import type { IdSequence } from '../../ports/id-sequence.js';

/**
 * Where the engine's order and trade numbers come from. The engine is synchronous, so it takes
 * numbers already at hand; `ReservedIds` gets them ahead of time from a journal sequence.
 */
export interface VenueIds {
  /** Whether at least these many numbers can be taken now without waiting. */
  has(orders: number, trades: number): boolean;
  /** Resolves when at least these many numbers of each kind can be taken without waiting. */
  ensure(orders: number, trades: number): Promise<void>;
  nextOrderNumber(): number;
  nextTradeNumber(): number;
  /** A restored state used numbers up to these; a counter of its own moves past them. */
  skipPast(orderNumber: number, tradeNumber: number): void;
}

/** Counting from 1 in memory: for a venue whose life is the process's (the fake exchange, backtests, benchmarks). */
export class CountingIds implements VenueIds {
  private order = 1;
  private trade = 1;

  has(): boolean {
    return true;
  }

  async ensure(): Promise<void> {}

  nextOrderNumber(): number {
    return this.order++;
  }

  nextTradeNumber(): number {
    return this.trade++;
  }

  skipPast(orderNumber: number, tradeNumber: number): void {
    this.order = Math.max(this.order, orderNumber + 1);
    this.trade = Math.max(this.trade, tradeNumber + 1);
  }
}

/** Numbers reserved from the sequence and not handed out yet, oldest block first. */
class Blocks {
  private readonly ranges: { next: number; end: number }[] = [];

  get available(): number {
    let n = 0;
    for (const r of this.ranges) n += r.end - r.next;
    return n;
  }

  add(first: number, count: number): void {
    this.ranges.push({ next: first, end: first + count });
  }

  take(what: string): number {
    const range = this.ranges[0];
    if (!range)
      throw new Error(
        `no ${what} number reserved from the journal: the simulated exchange asked for more than it reserved`,
      );
    const n = range.next++;
    if (range.next === range.end) this.ranges.shift();
    return n;
  }
}

export interface ReservedIdsOptions {
  /** Counter names in the journal, e.g. `paper.order_id` and `paper.trade_id`. */
  orderCounter: string;
  tradeCounter: string;
  /** Numbers reserved per trip to the journal when fewer are needed (default 100). */
  block?: number;
}

/**
 * Numbers from a journal sequence, reserved in blocks: unique for the life of the journal, across
 * restarts, crashes, resets and processes sharing it. Numbers reserved and never used are skipped.
 * Call `ensure` (async) before synchronous work that may take numbers; `take` never waits.
 */
export class ReservedIds implements VenueIds {
  private readonly orders = new Blocks();
  private readonly trades = new Blocks();
  private readonly block: number;
  private refilling: Promise<void> = Promise.resolve();

  constructor(
    private readonly sequence: IdSequence,
    private readonly options: ReservedIdsOptions,
  ) {
    this.block = Math.max(1, options.block ?? 100);
  }

  has(orders: number, trades: number): boolean {
    return this.orders.available >= orders && this.trades.available >= trades;
  }

  /** Refills run one at a time. */
  ensure(orders: number, trades: number): Promise<void> {
    if (this.has(orders, trades)) return Promise.resolve();
    const run = this.refilling
      .catch(() => undefined)
      .then(async () => {
        await this.fill(this.orders, this.options.orderCounter, orders);
        await this.fill(this.trades, this.options.tradeCounter, trades);
      });
    this.refilling = run;
    return run;
  }

  nextOrderNumber(): number {
    return this.orders.take('order id');
  }

  nextTradeNumber(): number {
    return this.trades.take('trade id');
  }

  /** The sequence is above every number ever handed out: nothing to skip. */
  skipPast(): void {}

  private async fill(blocks: Blocks, counter: string, wanted: number): Promise<void> {
    const short = wanted - blocks.available;
    if (short <= 0) return;
    const count = Math.max(this.block, short);
    blocks.add(await this.sequence.reserve(counter, count), count);
  }
}
