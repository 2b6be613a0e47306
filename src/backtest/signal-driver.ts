/**
 * Runs a signal strategy: at each close the evaluator (closed bars only) decides; the decision is
 * acted on at the next bar's open. Stops are watched on every print of the following bars and sell
 * at market when crossed; take-profits rest as LIMIT sells on the simulated exchange.
 */
import type { OrderUpdate } from '../ports/broker.js';
import { SignalEvaluator, stopCrossed, type BarInput, type SignalStrategy } from '../strategy/index.js';
import { barInto, intervalMs, type BarSeries } from './bars.js';
import type { RunContext, StrategyDriver } from './driver.js';
import { summarizeFills, type Lot } from './positions.js';

interface SymbolState {
  evaluator: SignalEvaluator;
  wantEntry: { close: number; atr: Atrs } | null;
  wantExit: boolean;
  cooldownUntil: number;
  /** Resting limit entry: client id and the bar index after which it is canceled. */
  limitEntry: { id: string; expiresAfter: number; atr: Atrs; lot?: Lot | undefined } | null;
  bar: number;
  series: BarSeries;
  /** What a sell reads of the symbol's rules, read once: its lot step, the decimals it is written with, the minimum notional. */
  sell: { step: number; decimals: number; minNotional: number } | null;
}

export class SignalDriver implements StrategyDriver {
  private readonly states = new Map<string, SymbolState>();
  /** The state asked for last: the loop asks for the same symbol's bar by bar (one lookup saved per hook). */
  private lastSymbol = '';
  private lastState: SymbolState | undefined;
  private readonly takeProfits = new Map<string, Lot>();

  private readonly barMs: number;
  private readonly scratch: BarInput = { openTime: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };

  constructor(
    private readonly s: SignalStrategy,
    private readonly ctx: RunContext,
  ) {
    this.barMs = intervalMs(s.interval);
    for (const symbol of s.symbols) {
      const state: SymbolState = {
        evaluator: undefined as unknown as SignalEvaluator,
        wantEntry: null,
        wantExit: false,
        cooldownUntil: -1,
        limitEntry: null,
        bar: -1,
        series: ctx.bars.get(symbol)!,
        sell: null,
      };
      state.evaluator = new SignalEvaluator(s, { barsSinceEntry: () => this.barsSinceEntry(symbol, state.bar) });
      this.states.set(symbol, state);
    }
  }

  warmUp(symbol: string, index: number): void {
    this.states.get(symbol)!.evaluator.onBar(barInto(this.ctx.bars.get(symbol)!, index, this.scratch));
  }

  markStart(): void {
    for (const state of this.states.values()) state.evaluator.markStart();
  }

  watching(): boolean {
    for (const lot of this.ctx.positions.open) if (lot.stop > 0 || lot.trail > 0) return true;
    return false;
  }

  private stateOf(symbol: string): SymbolState {
    if (symbol !== this.lastSymbol) {
      this.lastSymbol = symbol;
      this.lastState = this.states.get(symbol);
    }
    return this.lastState!;
  }

  atOpen(symbol: string, index: number): Promise<void> | void {
    const st = this.stateOf(symbol);
    st.bar = index;
    if ((st.limitEntry && index > st.limitEntry.expiresAfter) || st.wantExit || st.wantEntry)
      return this.actAtOpen(symbol, st, index);
  }

  private async actAtOpen(symbol: string, st: SymbolState, index: number): Promise<void> {
    if (st.limitEntry && index > st.limitEntry.expiresAfter) {
      const id = st.limitEntry.id;
      st.limitEntry = null;
      await this.ctx.exec.cancel(symbol, id);
    }
    if (st.wantExit) {
      st.wantExit = false;
      await this.exitAll(symbol, 'exit signal');
    }
    if (st.wantEntry) {
      const want = st.wantEntry;
      st.wantEntry = null;
      await this.enter(symbol, st, want.close, want.atr, index);
    }
  }

  async onPrints(symbol: string, low: number, high: number): Promise<void> {
    for (const lot of this.ctx.positions.of(symbol)) {
      if (lot.closing || this.ctx.now() - lot.refusedAt < this.barMs) continue;
      const exit = stopCrossed(lot, low, high);
      if (exit) await this.sellLot(lot, exit);
    }
  }

  quietThrough(symbol: string, low: number, high: number, open: number): boolean {
    for (const lot of this.ctx.positions.open) {
      if (lot.symbol !== symbol) continue;
      // A lot onPrints skips for part of the bar (closing, or a refused sell within a bar) needs the sub-steps.
      if (lot.closing || open - lot.refusedAt < this.barMs) return false;
      const peak = high > lot.high ? high : lot.high;
      const level = Math.max(lot.stop, lot.trail > 0 ? peak * (1 - lot.trail) : 0);
      if (level > 0 && low <= level) return false;
    }
    return true;
  }

  atClose(symbol: string, index: number): void {
    const st = this.stateOf(symbol);
    st.bar = index;
    st.evaluator.onBar(barInto(st.series, index, this.scratch));
    const held = this.ctx.positions.holds(symbol);
    if (held && st.evaluator.exit()) {
      st.wantExit = true;
      st.cooldownUntil = index + this.s.limits.cooldownBars;
      return;
    }
    if (index <= st.cooldownUntil || st.limitEntry) return;
    if (this.ctx.positions.open.length >= this.s.limits.maxOpenPositions) return;
    if (st.evaluator.entry()) {
      const atr: Atrs = {};
      for (const d of [this.s.protection.stopLoss, this.s.protection.takeProfit])
        if (d && 'atr' in d) atr[d.atr] = st.evaluator.value(d.atr);
      // A stop or target measured in ATR needs the ATR out of its warm-up: no entry without its protection.
      if (Object.values(atr).some((v) => !Number.isFinite(v))) return;
      st.wantEntry = { close: this.ctx.bars.get(symbol)!.close[index]!, atr };
    }
  }

  async onOrderUpdate(update: OrderUpdate): Promise<void> {
    const id = update.order.clientOrderId;
    const lot = this.takeProfits.get(id);
    if (lot && update.fills.length > 0) {
      const market = this.ctx.markets.get(lot.symbol)!;
      if (
        this.ctx.positions.recordSell(
          lot,
          summarizeFills(update.fills, market.baseAsset),
          this.ctx.steps.get(lot.symbol)!,
          'take-profit',
        )
      )
        this.takeProfits.delete(id);
      return;
    }
    for (const [symbol, st] of this.states) {
      if (st.limitEntry?.id === id && update.fills.length > 0) {
        const market = this.ctx.markets.get(symbol)!;
        const fills = summarizeFills(update.fills, market.baseAsset);
        // Partial fills of one limit entry make one lot (its take-profit, if any, is placed on the first part).
        if (st.limitEntry.lot && this.ctx.positions.open.includes(st.limitEntry.lot))
          this.ctx.positions.addToLot(st.limitEntry.lot, fills);
        else st.limitEntry.lot = await this.opened(symbol, fills, st.limitEntry.atr, st.bar);
        if (update.order.status === 'FILLED') st.limitEntry = null;
      }
    }
  }

  private barsSinceEntry(symbol: string, bar: number): number {
    let newest = -Infinity;
    for (const lot of this.ctx.positions.of(symbol)) newest = Math.max(newest, lot.entryBar);
    return bar - newest;
  }

  private async enter(symbol: string, st: SymbolState, signalClose: number, atr: Atrs, index: number): Promise<void> {
    const market = this.ctx.markets.get(symbol)!;
    const last = this.ctx.lastPrice(symbol);
    const price = typeof last === 'number' ? last : await last;
    const quote = this.entryQuote(signalClose, atr);
    const free = this.ctx.exec.freeAmount(market.quoteAsset);
    const spend = Math.min(quote, free);
    if (!(spend > 0)) return;
    const entry = this.s.entryOrder;
    if (entry.type === 'market') {
      const result = await this.ctx.exec.place(
        market,
        { symbol, side: 'BUY', type: 'MARKET', quoteOrderQty: floorText(spend, market.quoteAssetPrecision) },
        price,
      );
      if (result && result.fills.length > 0)
        await this.opened(symbol, summarizeFills(result.fills, market.baseAsset), atr, index);
      return;
    }
    const limit = signalClose * (1 - entry.offsetPercent / 100);
    const qty = spend / limit;
    const id = this.ctx.exec.nextId('lb');
    st.limitEntry = { id, expiresAfter: index + entry.expireBars - 1, atr };
    const result = await this.ctx.exec.place(
      market,
      {
        clientOrderId: id,
        symbol,
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: limit.toFixed(12),
        quantity: qty.toFixed(12),
      },
      price,
    );
    if (!result) {
      st.limitEntry = null;
      return;
    }
    if (result.fills.length > 0) await this.opened(symbol, summarizeFills(result.fills, market.baseAsset), atr, index);
    if (result.order.status !== 'NEW' && result.order.status !== 'PARTIALLY_FILLED') st.limitEntry = null;
  }

  private entryQuote(price: number, atr: Atrs): number {
    const sizing = this.s.sizing;
    const equity = this.ctx.equity();
    if (sizing.kind === 'fixed_quote') return Number(sizing.amount);
    if (sizing.kind === 'percent_equity') return (equity * sizing.percent) / 100;
    const distance = stopDistance(this.s.protection.stopLoss!, price, atr);
    if (!(distance > 0)) return 0;
    return ((equity * sizing.percent) / 100 / distance) * price;
  }

  private async opened(
    symbol: string,
    buy: ReturnType<typeof summarizeFills>,
    atr: Atrs,
    index: number,
  ): Promise<Lot | undefined> {
    if (buy.qty <= 0) return undefined;
    const p = this.s.protection;
    const stop = p.stopLoss ? buy.avgPrice - stopDistance(p.stopLoss, buy.avgPrice, atr) : 0;
    const lot = this.ctx.positions.openLot(symbol, buy, index, {
      stop: stop > 0 ? stop : 0,
      trail: p.trailingStop ? p.trailingStop.percent / 100 : 0,
    });
    if (p.takeProfit) {
      const market = this.ctx.markets.get(symbol)!;
      const target = buy.avgPrice + stopDistance(p.takeProfit, buy.avgPrice, atr);
      const id = this.ctx.exec.nextId('tp');
      const result = await this.ctx.exec.place(
        market,
        {
          clientOrderId: id,
          symbol,
          side: 'SELL',
          type: 'LIMIT',
          timeInForce: 'GTC',
          price: target.toFixed(12),
          quantity: lot.qty.toFixed(12),
        },
        buy.avgPrice,
      );
      if (result) {
        lot.takeProfitId = id;
        this.takeProfits.set(id, lot);
      }
    }
    return lot;
  }

  private async exitAll(symbol: string, reason: string): Promise<void> {
    for (const lot of this.ctx.positions.of(symbol)) await this.sellLot(lot, reason);
  }

  private sellRules(symbol: string): { step: number; decimals: number; minNotional: number } {
    const st = this.states.get(symbol)!;
    if (!st.sell) {
      const f = this.ctx.markets.get(symbol)!.filters;
      const step = this.ctx.steps.get(symbol)!;
      const minNotional = Number(f.notional?.minNotional ?? f.minNotional?.minNotional ?? 0);
      st.sell = { step, decimals: decimalsOfStep(step), minNotional };
    }
    return st.sell;
  }

  private async sellLot(lot: Lot, reason: string): Promise<void> {
    const market = this.ctx.markets.get(lot.symbol)!;
    lot.closing = reason;
    if (lot.takeProfitId) {
      const id = lot.takeProfitId;
      lot.takeProfitId = null;
      this.takeProfits.delete(id);
      await this.ctx.exec.cancel(lot.symbol, id);
    }
    const { step, decimals, minNotional } = this.sellRules(lot.symbol);
    const left = Math.min(lot.qty - lot.soldQty, this.ctx.exec.freeAmount(market.baseAsset));
    const qty = Math.floor(left / step + 1e-9) * step;
    const last = this.ctx.lastPrice(lot.symbol);
    const price = typeof last === 'number' ? last : await last;
    if (qty <= 0 || qty * price < minNotional) {
      // Unsellable on the venue: the round trip ends here with the remainder valued at the last price (it stays in the balance).
      const why = qty <= 0 ? 'below one lot step' : 'below MIN_NOTIONAL';
      this.ctx.positions.recordSell(
        lot,
        { qty: left, quote: left * price, fees: 0, netBase: 0, avgPrice: price, lastTime: this.ctx.now() },
        Infinity,
        `${reason} (${why}: kept as dust, valued at the last price)`,
      );
      return;
    }
    const result = await this.ctx.exec.place(
      market,
      { symbol: lot.symbol, side: 'SELL', type: 'MARKET', quantity: qty.toFixed(decimals) },
      price,
    );
    if (!result) {
      lot.closing = null;
      lot.refusedAt = this.ctx.now();
      return;
    }
    this.ctx.positions.recordSell(lot, summarizeFills(result.fills, market.baseAsset), step, reason);
    if (this.ctx.positions.open.includes(lot)) lot.closing = null;
  }
}

/** ATR values at the signal bar's close, by indicator id. */
type Atrs = Record<string, number>;

function stopDistance(d: NonNullable<SignalStrategy['protection']['stopLoss']>, price: number, atr: Atrs): number {
  return 'percent' in d ? (price * d.percent) / 100 : (atr[d.atr] ?? NaN) * d.multiple;
}

export function floorText(value: number, decimals: number): string {
  const f = 10 ** decimals;
  return (Math.floor(value * f) / f).toFixed(decimals);
}

export function decimalsOfStep(step: number): number {
  let d = 0;
  while (d < 18 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-9) d += 1;
  return d;
}
