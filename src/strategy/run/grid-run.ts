/**
 * A grid strategy running forward, as the backtest's GridDriver runs it: geometric price levels
 * around the open of the first bar; every level below rests a LIMIT buy of `quotePerLevel`; a filled
 * buy rests a LIMIT sell one level up; a filled sell re-arms the buy one level below it. Forward, the
 * first bar is the one open when the run starts: its levels are set and its buys sent at the run's
 * first look (a second after the start), as the backtest arms them at that bar's open. Every order
 * goes on the one road with an action id made of the run, the level and a sequence number, written
 * down (with the levels) before it is sent; fills are followed from the desk's journaled orders and
 * fills.
 */
import type { PlaceOrderOutcome } from '../../app/api.js';
import { intervalStart, type Interval } from '../../model/candle.js';
import type { Fill } from '../../model/fill.js';
import { Big, str } from '../../model/money.js';
import type { OrderRecord } from '../../ports/order-journal.js';
import type { GridStrategy } from '../schema.js';
import { entryOf, type OrderRoad } from './resting-orders.js';
import { emptyRunState, type PendingOrder, type RestingOrder, type RunState } from './run-state.js';
import { RunMustStop, type ForwardRunDeps } from './forward-run.js';

export interface GridRunDeps extends ForwardRunDeps {
  /** The open (first print) of `symbol`'s bar opening at `time`; null while the venue has no such bar. */
  barOpen(symbol: string, time: number): Promise<number | null>;
}

export class GridRun {
  /** Open time of the bar whose start the fills were last booked at. */
  private followedBar = -Infinity;

  constructor(
    readonly doc: GridStrategy,
    readonly deps: GridRunDeps,
    readonly state: RunState = emptyRunState(),
  ) {
    state.grid ??= {};
    state.resting ??= [];
  }

  private get road(): OrderRoad {
    return this.deps.road;
  }

  private get resting(): RestingOrder[] {
    return (this.state.resting ??= []);
  }

  warmUp(): void {}
  startWatching(): void {}
  markStart(): void {}
  onPrint(): void {}
  /** Grids have no stops to watch. */
  look(): boolean {
    return false;
  }
  async expire(): Promise<void> {}

  /** A grid decides nothing at closes: its orders follow from its levels and its fills. */
  decide(): void {}

  /**
   * The bar open now sets the levels of a symbol not armed yet, around its open, with the buys
   * below it (left in state.pending, as the fills' orders are, for the caller to write down and send).
   */
  private async arm(): Promise<void> {
    const time = intervalStart(this.doc.interval as Interval, this.deps.now());
    for (const symbol of this.doc.symbols) {
      if (this.state.grid![symbol]) continue;
      const open = await this.deps.barOpen(symbol, time);
      if (open === null || !(open > 0)) continue;
      const g = this.doc.grid;
      const lo = open * (1 - g.lowerPercent / 100);
      const hi = open * (1 + g.upperPercent / 100);
      const ratio = (hi / lo) ** (1 / (g.levels - 1));
      const levels = Array.from({ length: g.levels }, (_, k) => lo * ratio ** k);
      this.state.grid![symbol] = levels;
      for (let k = 0; k < levels.length - 1; k++) if (levels[k]! < open) this.state.pending.push(this.buy(symbol, k));
    }
  }

  /** Amounts are fixed when the orders are decided. */
  async prepare(): Promise<void> {}

  /** Sends the pending orders in turn, with those their outcomes call for (booking one can add more). */
  async execute(): Promise<void> {
    while (this.state.pending.length > 0) await this.send(this.state.pending[0]!);
    this.state.pendingBar = null;
  }

  /**
   * Arms the symbols not armed yet; at the first look after each close, books what each resting
   * order executed since and rests the orders that follow from it (the backtest hands a bar's fills
   * to the grid at the bar's end, so the orders fills call for go out once a bar).
   */
  async follow(): Promise<boolean> {
    await this.arm();
    // What the arming and the fills call for is written down by the caller before it is sent, as a stop's exit is.
    if (this.state.pending.length > 0) this.state.pendingBar = null;
    const bar = intervalStart(this.doc.interval as Interval, this.deps.now());
    if (bar <= this.followedBar) return false;
    this.followedBar = bar;
    let changed = false;
    for (const symbol of new Set(this.resting.map((r) => r.symbol))) {
      const open = await this.road.orders({ symbol, openOnly: true, limit: 1000 });
      for (const r of this.resting.filter((x) => x.symbol === symbol)) {
        const now = open.find((o) => o.clientOrderId === r.clientOrderId);
        const record = now ?? (await this.road.orders({ symbol, clientOrderId: r.clientOrderId, limit: 1 }))[0];
        if (record) changed = (await this.book(r, record, !now)) || changed;
      }
    }
    if (this.state.pending.length > 0) this.state.pendingBar = null;
    return changed;
  }

  private buy(symbol: string, level: number): PendingOrder {
    const price = this.state.grid![symbol]![level]!;
    return this.order(symbol, 'BUY', level, price, (Number(this.doc.grid.quotePerLevel) / price).toFixed(12));
  }

  private order(symbol: string, side: 'BUY' | 'SELL', level: number, price: number, qty: string, lotId?: number) {
    const k = this.doc.symbols.indexOf(symbol);
    return {
      actionId: `${this.deps.actionPrefix}-${k}g${side === 'BUY' ? 'b' : 's'}${level}n${this.state.nextLot++}`,
      symbol,
      side,
      reason: `grid level ${level + 1} ${side === 'BUY' ? 'buy' : 'sell'}`,
      price: price.toFixed(12),
      quantity: qty,
      ...(lotId !== undefined ? { lotId } : {}),
      level,
    } satisfies PendingOrder;
  }

  private async send(p: PendingOrder): Promise<void> {
    this.state.counts.orders += 1;
    const outcome = await this.road.placeOrder({
      symbol: p.symbol,
      side: p.side,
      orderType: 'LIMIT',
      timeInForce: 'GTC',
      price: p.price!,
      quantity: p.quantity!,
      actionId: p.actionId,
      origin: this.deps.origin,
      rationale: `strategy ${this.doc.name}: ${p.reason}`,
    });
    if (outcome.status === 'unknown')
      throw new RunMustStop(
        `the outcome of order ${outcome.clientOrderId} (${p.reason} ${p.symbol}) is unknown: stopped so that no position is traded blind; see get_orders`,
      );
    // Answered: no longer waiting, so that booking it sees the level as it now is.
    const waiting = this.state.pending.indexOf(p);
    if (waiting >= 0) this.state.pending.splice(waiting, 1);
    if (outcome.status !== 'placed' || !outcome.order) return this.refused(outcome, `${p.reason} ${p.symbol}`);
    const r: RestingOrder = {
      kind: p.side === 'BUY' ? 'grid-buy' : 'grid-sell',
      symbol: p.symbol,
      clientOrderId: outcome.clientOrderId,
      executed: '0',
      level: p.level!,
      ...(p.lotId !== undefined ? { lotId: p.lotId } : {}),
    };
    this.resting.push(r);
    const open = outcome.order.status === 'NEW' || outcome.order.status === 'PARTIALLY_FILLED';
    await this.book(r, outcome.order, !open, true);
  }

  /**
   * As the backtest: each part a buy fills opens a lot with its sell one level up; a sell that filled
   * re-arms the buy below it. A part is what one print filled of a resting order (the backtest hands
   * the strategy one update per print), or all that the order took from the book when placed.
   */
  private async book(r: RestingOrder, record: OrderRecord, ended: boolean, placed = false): Promise<boolean> {
    const booked = r.executed;
    const delta = Big(record.executedQty).minus(booked);
    if (ended) this.resting.splice(this.resting.indexOf(r), 1);
    if (delta.lte(0)) return ended;
    r.executed = record.executedQty;
    if (record.status === 'FILLED') this.state.counts.filled += 1;
    const market = this.deps.markets.get(r.symbol)!;
    const levels = this.state.grid![r.symbol]!;
    if (r.kind === 'grid-buy') {
      // The journal lists an order's fills newest first.
      const fills = (
        await this.road.tradeHistory({ symbol: r.symbol, clientOrderId: r.clientOrderId, limit: 100_000 })
      ).reverse();
      for (const part of newParts(fills, booked, placed)) {
        const entry = entryOf(part, market.baseAsset);
        if (!entry || Big(entry.net).lte(0)) continue;
        const id = this.state.nextLot++;
        this.state.lots.push({
          id,
          symbol: r.symbol,
          qty: entry.net,
          entryPrice: entry.avg,
          entryBar: 0,
          stop: 0,
          target: 0,
          trail: 0,
          high: 0,
        });
        const level = r.level! + 1;
        this.state.pending.push(this.order(r.symbol, 'SELL', level, levels[level]!, entry.net, id));
      }
      return true;
    }
    const lot = this.state.lots.find((l) => l.id === r.lotId);
    if (lot) {
      const left = Big(lot.qty).minus(delta);
      if (left.lt(market.filters.lotSize.stepSize)) this.state.lots = this.state.lots.filter((l) => l.id !== lot.id);
      else lot.qty = str(left);
    }
    const below = r.level! - 1;
    if (record.status === 'FILLED' && below >= 0 && !this.levelBusy(r.symbol, below))
      this.state.pending.push(this.buy(r.symbol, below));
    return true;
  }

  /**
   * As the backtest: a level holds one buy at a time, none while a buy rests or waits there, nor
   * while a lot it bought is held (its sell rests or waits one level up: a buy filled by several
   * prints has a lot and a sell per print, and only the last of them to fill re-arms the level).
   */
  private levelBusy(symbol: string, level: number): boolean {
    const busy = (side: 'BUY' | 'SELL', at: number | undefined) =>
      (side === 'BUY' && at === level) || (side === 'SELL' && at === level + 1);
    return (
      this.resting.some((x) => x.symbol === symbol && busy(x.kind === 'grid-buy' ? 'BUY' : 'SELL', x.level)) ||
      this.state.pending.some((p) => p.symbol === symbol && busy(p.side, p.level))
    );
  }

  private refused(outcome: PlaceOrderOutcome, what: string): void {
    if (outcome.status === 'denied') this.state.counts.denied += 1;
    else this.state.counts.rejected += 1;
    const why = outcome.denial?.message ?? outcome.rejection?.msg ?? outcome.error?.message ?? outcome.status;
    this.state.lastProblem = `${what} ${outcome.status}: ${why}`.slice(0, 500);
  }
}

/**
 * The fills after the first `booked` base of an order (oldest first), in parts: the fills of its
 * placement (taker, or all of them when `placed`) together, each later (maker) fill on its own.
 */
function newParts(fills: readonly Fill[], booked: string, placed: boolean): Fill[][] {
  const parts: Fill[][] = [];
  let seen = Big(0);
  let taking: Fill[] | null = null;
  for (const f of fills) {
    seen = seen.plus(f.qty);
    if (seen.lte(booked)) continue;
    if (placed || !f.isMaker) {
      if (!taking) parts.push((taking = []));
      taking.push(f);
    } else parts.push([f]);
  }
  return parts;
}
