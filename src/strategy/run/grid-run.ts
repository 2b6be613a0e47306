/**
 * A grid strategy running forward, as the backtest's GridDriver runs it: geometric price levels
 * around the price it starts from; every level below rests a LIMIT buy of `quotePerLevel`; a filled
 * buy rests a LIMIT sell one level up; a filled sell re-arms the buy one level below it. Forward, the
 * levels are set at the first close the run sees (the backtest sets them at the first bar's open)
 * around that close. Every order goes on the one road with an action id made of the run, the level
 * and a sequence number written down before it is sent; fills are followed from the desk's journaled
 * orders and fills.
 */
import type { PlaceOrderOutcome } from '../../app/api.js';
import { Big, str } from '../../model/money.js';
import type { OrderRecord } from '../../ports/order-journal.js';
import type { BarInput } from '../indicator-catalog.js';
import type { GridStrategy } from '../schema.js';
import { entryOf, type OrderRoad } from './resting-orders.js';
import { emptyRunState, type PendingOrder, type RestingOrder, type RunState } from './run-state.js';
import { RunMustStop, type ForwardRunDeps } from './forward-run.js';

export class GridRun {
  constructor(
    readonly doc: GridStrategy,
    readonly deps: ForwardRunDeps,
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

  /** The first close a symbol shows sets its levels and the buys below it. */
  decide(time: number, bars: ReadonlyMap<string, BarInput>, act = true): void {
    if (this.state.pendingBar === time) return;
    // Orders the fills called for since the last look are kept (they are sent with this bar's).
    const pending = this.state.pending;
    for (const [symbol, bar] of bars) {
      if (!act || this.state.grid![symbol]) continue;
      const g = this.doc.grid;
      const lo = bar.close * (1 - g.lowerPercent / 100);
      const hi = bar.close * (1 + g.upperPercent / 100);
      const ratio = (hi / lo) ** (1 / (g.levels - 1));
      const levels = Array.from({ length: g.levels }, (_, k) => lo * ratio ** k);
      this.state.grid![symbol] = levels;
      for (let k = 0; k < levels.length - 1; k++) if (levels[k]! < bar.close) pending.push(this.buy(symbol, k));
    }
    this.state.pending = pending;
    this.state.pendingBar = time;
  }

  /** Amounts are fixed when the orders are decided. */
  async prepare(): Promise<void> {}

  async execute(): Promise<void> {
    for (const p of this.state.pending) await this.send(p);
    this.state.pending = [];
    this.state.pendingBar = null;
  }

  /** Books what each resting order executed since the last look, and rests the orders that follow from it. */
  async follow(): Promise<boolean> {
    if (this.resting.length === 0) return false;
    let changed = false;
    for (const symbol of new Set(this.resting.map((r) => r.symbol))) {
      const open = await this.road.orders({ symbol, openOnly: true, limit: 1000 });
      for (const r of this.resting.filter((x) => x.symbol === symbol)) {
        const now = open.find((o) => o.clientOrderId === r.clientOrderId);
        const record = now ?? (await this.road.orders({ symbol, clientOrderId: r.clientOrderId, limit: 1 }))[0];
        if (record) changed = (await this.book(r, record, !now)) || changed;
      }
    }
    // What the fills call for is written down by the caller before it is sent, as a stop's exit is.
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
    await this.book(r, outcome.order, !open);
  }

  /** As the backtest: each part a buy fills opens a lot with its sell one level up; a sell that filled re-arms the buy below it. */
  private async book(r: RestingOrder, record: OrderRecord, ended: boolean): Promise<boolean> {
    const delta = Big(record.executedQty).minus(r.executed);
    if (ended) this.resting.splice(this.resting.indexOf(r), 1);
    if (delta.lte(0)) return ended;
    r.executed = record.executedQty;
    if (record.status === 'FILLED') this.state.counts.filled += 1;
    const market = this.deps.markets.get(r.symbol)!;
    const levels = this.state.grid![r.symbol]!;
    if (r.kind === 'grid-buy') {
      const fills = await this.road.tradeHistory({ symbol: r.symbol, clientOrderId: r.clientOrderId, limit: 100_000 });
      const entry = entryOf(fills, market.baseAsset);
      if (!entry) return true;
      // The part new since the last look, net of its commission.
      const net = Big(entry.net).minus(r.net ?? '0');
      r.net = entry.net;
      if (net.lte(0)) return true;
      const id = this.state.nextLot++;
      this.state.lots.push({
        id,
        symbol: r.symbol,
        qty: str(net),
        entryPrice: Number(record.price),
        entryBar: 0,
        stop: 0,
        target: 0,
        trail: 0,
        high: 0,
      });
      const level = r.level! + 1;
      this.state.pending.push(this.order(r.symbol, 'SELL', level, levels[level]!, str(net), id));
      return true;
    }
    const lot = this.state.lots.find((l) => l.id === r.lotId);
    if (lot) {
      const left = Big(lot.qty).minus(delta);
      if (left.lt(market.filters.lotSize.stepSize)) this.state.lots = this.state.lots.filter((l) => l.id !== lot.id);
      else lot.qty = str(left);
    }
    const below = r.level! - 1;
    if (record.status === 'FILLED' && below >= 0 && !this.restingBuyAt(r.symbol, below))
      this.state.pending.push(this.buy(r.symbol, below));
    return true;
  }

  private restingBuyAt(symbol: string, level: number): boolean {
    return (
      this.resting.some((x) => x.kind === 'grid-buy' && x.symbol === symbol && x.level === level) ||
      this.state.pending.some((p) => p.side === 'BUY' && p.symbol === symbol && p.level === level)
    );
  }

  private refused(outcome: PlaceOrderOutcome, what: string): void {
    if (outcome.status === 'denied') this.state.counts.denied += 1;
    else this.state.counts.rejected += 1;
    const why = outcome.denial?.message ?? outcome.rejection?.msg ?? outcome.error?.message ?? outcome.status;
    this.state.lastProblem = `${what} ${outcome.status}: ${why}`.slice(0, 500);
  }
}
