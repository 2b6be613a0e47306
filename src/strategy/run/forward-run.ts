/**
 * A signal strategy running forward on closed bars: the same document and evaluator as the
 * backtest, its orders sent on the one road (TradingDesk.placeOrder) right after the bar that
 * decided them closed: MARKET entries, or LIMIT entries that rest until they expire. Stop-loss and
 * trailing stops are watched on the market's prints with the backtest's rule (protective-stop.ts):
 * at each look (every second), the lowest and highest print since the last look; a crossed stop
 * cancels the lot's take-profit and sells at market. Take-profits rest as LIMIT sells
 * (resting-orders.ts). A bar that opened before the prints were watched (the process was not
 * running) is checked whole at its close.
 *
 * Every order has an action id made of the run id, the bar's open time, the symbol and the
 * signal, written to the run's state before it is sent: a run resumed after a crash sends the same
 * action ids again, which the desk answers with the first outcome instead of a second order.
 */
import type { AccountState, PlaceOrderInput, PlaceOrderOutcome } from '../../app/api.js';
import { intervalStart, type Candle, type Interval } from '../../model/candle.js';
import type { Market } from '../../model/market.js';
import { Big, floorToStep, str } from '../../model/money.js';
import { SignalEvaluator } from '../evaluator.js';
import { stopCrossed } from '../protective-stop.js';
import type { BarInput } from '../indicator-catalog.js';
import type { SignalStrategy } from '../schema.js';
import { entryOf, RestingOrders, type EntryFills, type OrderRoad, type RestingHost } from './resting-orders.js';
import { emptyRunState, type PendingOrder, type RunLot, type RunState } from './run-state.js';

export type { OrderRoad };

export interface ForwardRunDeps {
  road: OrderRoad;
  markets: ReadonlyMap<string, Market>;
  /** Short, unique per run: action ids are `<prefix>-<bar time>-<symbol index><signal><lot>`. */
  actionPrefix: string;
  barMs: number;
  origin: string;
  now(): number;
}

/** A problem the run cannot trade through: the service stops it with this reason. */
export class RunMustStop extends Error {}

export function toBar(c: Candle): BarInput {
  return {
    openTime: c.openTime,
    open: Number(c.open),
    high: Number(c.high),
    low: Number(c.low),
    close: Number(c.close),
    volume: Number(c.volume),
  };
}

export class ForwardRun implements RestingHost {
  private readonly evaluators = new Map<string, SignalEvaluator>();
  private current = -Infinity;
  /** Lowest and highest print per symbol since the last look. */
  private readonly extremes = new Map<string, { low: number; high: number }>();
  /** Prints are watched from this time on: bars that opened earlier are checked whole at their close. */
  private watchingSince = Infinity;
  /** Each lot's highest print when the watching began: the unwatched part of that bar trails from it. */
  private readonly highAtWatch = new Map<number, number>();
  readonly resting = new RestingOrders(this);

  constructor(
    readonly doc: SignalStrategy,
    readonly deps: ForwardRunDeps,
    readonly state: RunState = emptyRunState(),
  ) {
    for (const symbol of doc.symbols)
      this.evaluators.set(symbol, new SignalEvaluator(doc, { barsSinceEntry: () => this.barsSinceEntry(symbol) }));
  }

  /** Closed bars before trading (or before the resumed bar): indicators only. */
  warmUp(symbol: string, bar: BarInput): void {
    this.evaluators.get(symbol)!.onBar(bar);
  }

  /** `every` counts from the next bar. */
  markStart(symbol: string): void {
    this.evaluators.get(symbol)!.markStart();
  }

  /**
   * Commits the closed bars at open time `time` (one per symbol that has one) and decides the
   * orders they call for; they are left in state.pending for the caller to save before `execute`.
   * A bar whose orders were decided before a restart keeps those orders.
   */
  decide(time: number, bars: ReadonlyMap<string, BarInput>, act = true): void {
    this.current = time;
    for (const [symbol, bar] of bars) this.evaluators.get(symbol)!.onBar(bar);
    if (this.state.pendingBar === time) return;
    const pending: PendingOrder[] = [];
    const exiting = new Set<number>();
    for (const [k, symbol] of this.doc.symbols.entries()) {
      const bar = bars.get(symbol);
      if (!bar || time >= this.watchingSince) continue;
      for (const lot of this.state.lots) {
        if (lot.symbol !== symbol || lot.entryBar >= time) continue;
        // A bar watched in part: its unwatched start is one look trailing from the high before it (the watcher saw the rest).
        const partly = time + this.deps.barMs > this.watchingSince && this.highAtWatch.has(lot.id);
        const levels = partly ? { stop: lot.stop, trail: lot.trail, high: this.highAtWatch.get(lot.id)! } : lot;
        const exit = stopCrossed(levels, bar.low, bar.high);
        if (exit) pending.push(this.sell(k, lot, time.toString(36), exit));
        if (exit) exiting.add(lot.id);
      }
    }
    if (act) this.signals(time, bars, pending, exiting);
    this.state.pending = pending;
    this.state.pendingBar = time;
  }

  private signals(
    time: number,
    bars: ReadonlyMap<string, BarInput>,
    pending: PendingOrder[],
    exiting: Set<number>,
  ): void {
    const plannedEntries = { count: 0 };
    for (const [k, symbol] of this.doc.symbols.entries()) {
      const bar = bars.get(symbol);
      if (!bar) continue;
      const ev = this.evaluators.get(symbol)!;
      const lots = this.state.lots.filter((l) => l.symbol === symbol);
      const held = lots.filter((l) => !exiting.has(l.id));
      if (held.length > 0 && ev.exit()) {
        for (const lot of held) pending.push(this.sell(k, lot, time.toString(36), 'exit signal'));
        this.state.cooldownUntil[symbol] = time + this.doc.limits.cooldownBars * this.deps.barMs;
        continue;
      }
      if (time <= (this.state.cooldownUntil[symbol] ?? -Infinity)) continue;
      if (this.resting.list.some((r) => r.kind === 'entry' && r.symbol === symbol)) continue;
      if (this.state.lots.length - exiting.size + plannedEntries.count >= this.doc.limits.maxOpenPositions) continue;
      if (!ev.entry()) continue;
      const atrs: Record<string, number> = {};
      for (const d of [this.doc.protection.stopLoss, this.doc.protection.takeProfit])
        if (d && 'atr' in d) atrs[d.atr] = ev.value(d.atr);
      if (Object.values(atrs).some((v) => !Number.isFinite(v))) continue;
      plannedEntries.count += 1;
      pending.push({
        actionId: `${this.deps.actionPrefix}-${time.toString(36)}-${k}e`,
        symbol,
        side: 'BUY',
        reason: 'entry signal',
        signalClose: bar.close,
        atrs,
        ...(this.doc.entryOrder.type === 'limit'
          ? { expiresAt: time + (this.doc.entryOrder.expireBars + 1) * this.deps.barMs }
          : {}),
      });
    }
  }

  /** The market's trades are delivered (onPrint) from `time` on. */
  startWatching(time: number): void {
    this.watchingSince = time;
    for (const lot of this.state.lots) this.highAtWatch.set(lot.id, lot.high);
  }

  /** A print of the market's trades. */
  onPrint(symbol: string, price: number): void {
    const e = this.extremes.get(symbol);
    if (!e) this.extremes.set(symbol, { low: price, high: price });
    else {
      if (price < e.low) e.low = price;
      if (price > e.high) e.high = price;
    }
  }

  /**
   * Looks at the prints since the last look: the exits they call for are left in state.pending
   * (not tied to a bar) for the caller to save and send. True when a trailing high rose.
   */
  look(): boolean {
    if (this.state.pending.length > 0) return false;
    const now = this.deps.now();
    const pending: PendingOrder[] = [];
    let raised = false;
    for (const [k, symbol] of this.doc.symbols.entries()) {
      const e = this.extremes.get(symbol);
      if (!e) continue;
      this.extremes.delete(symbol);
      for (const lot of this.state.lots) {
        // A sell the risk limits refused is tried again a bar later, as in the backtest.
        if (lot.symbol !== symbol || now - (lot.refusedAt ?? -Infinity) < this.deps.barMs) continue;
        const before = lot.high;
        const exit = stopCrossed(lot, e.low, e.high);
        if (exit) pending.push(this.sell(k, lot, `w${now.toString(36)}`, exit));
        else raised ||= lot.high > before;
      }
    }
    this.state.pending = pending;
    this.state.pendingBar = null;
    return raised;
  }

  /** Books what the run's resting orders executed since the last look; true when anything changed. */
  follow(): Promise<boolean> {
    return this.resting.follow();
  }

  /** Cancels the limit entries whose time ran out with the bar at `time` (as the backtest does at the next open). */
  async expire(time: number): Promise<void> {
    for (const r of [...this.resting.list])
      if (r.kind === 'entry' && r.expiresAt !== undefined && r.expiresAt <= time + this.deps.barMs)
        await this.resting.cancel(r);
  }

  /** Sends the pending orders (prepared) one by one on the road and books their outcomes. */
  async execute(): Promise<void> {
    for (const order of this.state.pending) await this.send(order);
    this.state.pending = [];
    this.state.pendingBar = null;
  }

  private sell(k: number, lot: RunLot, at: string, reason: string): PendingOrder {
    const tag = reason === 'stop-loss' ? 's' : reason === 'take-profit' ? 't' : reason === 'trailing stop' ? 'l' : 'x';
    return {
      actionId: `${this.deps.actionPrefix}-${at}-${k}${tag}${lot.id}`,
      symbol: lot.symbol,
      side: 'SELL',
      reason,
      lotId: lot.id,
    };
  }

  /**
   * Fixes each pending order's amount from the account now; saved with them, so a resent action is
   * the same order. A lot being sold has its take-profit canceled first (what it sold is booked).
   */
  async prepare(): Promise<void> {
    if (this.state.pending.every((p) => p.quoteQuantity !== undefined || p.quantity !== undefined)) return;
    for (const p of this.state.pending) {
      const lot = p.side === 'SELL' && p.quantity === undefined && this.state.lots.find((l) => l.id === p.lotId);
      const tp = lot && this.resting.takeProfitOf(lot);
      if (tp) await this.resting.cancel(tp);
    }
    const account = await this.deps.road.account();
    const free = (asset: string) => account.balances.find((b) => b.asset === asset)?.free ?? '0';
    for (const p of this.state.pending) {
      const market = this.deps.markets.get(p.symbol)!;
      if (p.side === 'BUY') {
        p.quoteQuantity ??= this.entryQuote(p, account, market);
        const entry = this.doc.entryOrder;
        if (entry.type === 'limit' && p.price === undefined) {
          const limit = (p.signalClose ?? 0) * (1 - entry.offsetPercent / 100);
          p.price = limit.toFixed(12);
          p.quantity = limit > 0 ? (Number(p.quoteQuantity) / limit).toFixed(12) : '0';
        }
      } else if (p.quantity === undefined) {
        const lot = this.state.lots.find((l) => l.id === p.lotId);
        const base = free(market.baseAsset);
        const held = lot && Big(lot.qty).lt(base) ? lot.qty : base;
        p.quantity = floorToStep(held, market.filters.lotSize.stepSize);
      }
    }
  }

  private async send(p: PendingOrder): Promise<void> {
    const market = this.deps.markets.get(p.symbol)!;
    if (p.side === 'SELL' && !this.state.lots.some((l) => l.id === p.lotId)) return;
    const limit = p.price !== undefined;
    const amount = p.side === 'BUY' && !limit ? p.quoteQuantity : p.quantity;
    if (amount === undefined || Big(amount).lte(0)) {
      this.problem(`${p.reason} on ${p.symbol}: nothing to ${p.side === 'BUY' ? 'spend' : 'sell'}`);
      if (p.side === 'SELL') this.dropLot(p.lotId!);
      return;
    }
    const input: PlaceOrderInput = {
      symbol: p.symbol,
      side: p.side,
      orderType: limit ? 'LIMIT' : 'MARKET',
      ...(limit ? { price: p.price, timeInForce: 'GTC' as const } : {}),
      ...(p.side === 'BUY' && !limit ? { quoteQuantity: amount } : { quantity: amount }),
      actionId: p.actionId,
      origin: this.deps.origin,
      rationale: `strategy ${this.doc.name}: ${p.reason}`,
    };
    this.state.counts.orders += 1;
    const outcome = await this.deps.road.placeOrder(input);
    await this.book(p, outcome, market);
  }

  private async book(p: PendingOrder, outcome: PlaceOrderOutcome, market: Market): Promise<void> {
    const what = `${p.reason} ${p.side} ${p.symbol}`;
    if (outcome.status === 'unknown') this.mustStop(outcome.clientOrderId, what);
    if (outcome.status !== 'placed') {
      const lot = this.state.lots.find((l) => l.id === p.lotId);
      if (lot && outcome.status === 'denied') lot.refusedAt = this.deps.now();
      // An exit the venue refuses (dust below a lot step, MIN_NOTIONAL) would be refused every bar: the lot is let go.
      else if (lot) this.dropLot(lot.id);
      this.refused(outcome, what);
      return;
    }
    const order = outcome.order;
    if (p.price !== undefined && order) {
      const r = { kind: 'entry' as const, symbol: p.symbol, clientOrderId: outcome.clientOrderId, executed: '0' };
      await this.resting.entryPlaced({ ...r, expiresAt: p.expiresAt ?? 0, atrs: p.atrs ?? {} }, order);
      return;
    }
    const executed = order?.executedQty ?? '0';
    if (Big(executed).lte(0)) return;
    this.state.counts.filled += 1;
    if (p.side === 'BUY') {
      const entry = entryOf(outcome.fills, market.baseAsset);
      if (!entry) return;
      const lot = this.openLot(p.symbol, entry, p.atrs ?? {});
      if (lot.target > 0) await this.resting.placeTakeProfit(lot);
      return;
    }
    const lot = this.state.lots.find((l) => l.id === p.lotId);
    if (!lot) return;
    const left = Big(lot.qty).minus(executed);
    if (order!.status === 'FILLED' || left.lte(0)) this.dropLot(lot.id);
    else lot.qty = str(left);
  }

  /** A new lot from an entry's fills, with the protective levels measured from its average price. */
  openLot(symbol: string, entry: EntryFills, atrs: Record<string, number>): RunLot {
    // The new lot is watched from its fill on: prints seen before it do not count for it.
    this.extremes.delete(symbol);
    const avg = entry.avg;
    const pr = this.doc.protection;
    const stop = pr.stopLoss ? avg - distance(pr.stopLoss, avg, atrs) : 0;
    const lot: RunLot = {
      id: this.state.nextLot++,
      symbol,
      qty: entry.net,
      entryPrice: avg,
      // The bar it opened in, as in the backtest: a MARKET entry decided at a close opens in the next bar.
      entryBar: intervalStart(this.doc.interval as Interval, entry.time),
      stop: stop > 0 ? stop : 0,
      target: pr.takeProfit ? avg + distance(pr.takeProfit, avg, atrs) : 0,
      trail: pr.trailingStop ? pr.trailingStop.percent / 100 : 0,
      high: avg,
    };
    this.state.lots.push(lot);
    return lot;
  }

  mustStop(clientOrderId: string, what: string): never {
    throw new RunMustStop(
      `the outcome of order ${clientOrderId} (${what}) is unknown: stopped so that no position is traded blind; see get_orders`,
    );
  }

  /** Counts an order the risk limits denied or the venue refused, and says why. */
  refused(outcome: PlaceOrderOutcome, what: string): void {
    if (outcome.status === 'denied') {
      this.state.counts.denied += 1;
      this.problem(`${what} denied by the risk limits: ${outcome.denial?.message ?? 'denied'}`);
      return;
    }
    this.state.counts.rejected += 1;
    const why = outcome.rejection?.msg ?? outcome.error?.message ?? outcome.reason ?? outcome.status;
    this.problem(`${what} ${outcome.status}: ${why}`);
  }

  private entryQuote(p: PendingOrder, account: AccountState, market: Market): string {
    const sizing = this.doc.sizing;
    const free = Number(account.balances.find((b) => b.asset === market.quoteAsset)?.free ?? '0');
    const equity = Number(account.portfolioValueUsd);
    let quote: number;
    if (sizing.kind === 'fixed_quote') quote = Number(sizing.amount);
    else if (sizing.kind === 'percent_equity') quote = (equity * sizing.percent) / 100;
    else {
      const price = p.signalClose ?? 0;
      const d = distance(this.doc.protection.stopLoss!, price, p.atrs ?? {});
      quote = d > 0 ? ((equity * sizing.percent) / 100 / d) * price : 0;
    }
    const spend = Math.min(quote, free);
    const f = 10 ** market.quoteAssetPrecision;
    return spend > 0 ? (Math.floor(spend * f) / f).toFixed(market.quoteAssetPrecision) : '0';
  }

  private barsSinceEntry(symbol: string): number {
    let newest = -Infinity;
    for (const lot of this.state.lots) if (lot.symbol === symbol) newest = Math.max(newest, lot.entryBar);
    return newest === -Infinity ? Infinity : Math.round((this.current - newest) / this.deps.barMs);
  }

  dropLot(id: number): void {
    this.state.lots = this.state.lots.filter((l) => l.id !== id);
  }

  problem(text: string): void {
    this.state.lastProblem = text.slice(0, 500);
  }
}

function distance(
  d: NonNullable<SignalStrategy['protection']['stopLoss']>,
  price: number,
  atrs: Record<string, number>,
): number {
  return 'percent' in d ? (price * d.percent) / 100 : (atrs[d.atr] ?? NaN) * d.multiple;
}
