/**
 * The bar loop of a backtest, on the ManualClock: per bar, the clock goes to the open (its first
 * print is delivered; orders decided at the previous close go out), through the bar (in sub-steps
 * while stops are watched), then to the close, where the strategy sees the closed bar.
 *
 * Two paths, one behaviour. The reference path delivers every print through trade subscriptions
 * and awaits every event, as paper trading does. The fast path (the default) differs only where
 * nothing observable can differ:
 * - while no order works on the venue and no update is pending, the broker has nothing to do, so
 *   the events of a bar run synchronously (no awaits) and the strategy's idle hooks return at once;
 * - the stop watcher reads the extremes of the prints from the tape's integers instead of
 *   receiving every print as text (the same prints, the same numbers);
 * - a bar whose prints cannot reach any watched stop (the driver says so from the bar's low and
 *   high, nothing resting on the venue) is walked in one step instead of SUBSTEPS_PER_BAR: the
 *   sub-steps could only have raised the trailing highs, which one look at the whole bar raises alike.
 */
import type { SimulatedBroker } from '../exchanges/simulator/simulated-broker.js';
import { MAX_CATCH_UP_MS, type TapeListing } from '../exchanges/synthetic/tape-market-data.js';
import type { OrderUpdate } from '../ports/broker.js';
import type { BarSeries } from './bars.js';
import type { StrategyDriver } from './driver.js';
import type { Execution } from './execution.js';
import type { LastCloses } from './last-close.js';
import type { BacktestMarket } from './market.js';
import { SUBSTEPS_PER_BAR } from './result.js';

export type LoopPath = 'fast' | 'reference';

export interface BarLoopOptions {
  path: LoopPath;
  market: BacktestMarket;
  broker: SimulatedBroker;
  exec: Execution;
  driver: StrategyDriver;
  symbols: readonly string[];
  bars: ReadonlyMap<string, BarSeries>;
  barMs: number;
  lastClose: LastCloses;
  /** For each tested bar k and symbol s, at[k * symbols + s] is the index of s's bar opening then, or -1 when it has none. */
  at: Int32Array;
}

type Maybe = Promise<void> | void;

export class BarLoop {
  private readonly updates: OrderUpdate[] = [];
  private readonly offUpdates: () => void;
  private readonly symbols: readonly string[];
  private readonly series: BarSeries[];
  private readonly listings: TapeListing[];
  /** Reference path: the trade subscription of the stop watcher and the prints' extremes since its last look. */
  private unwatch: (() => void) | null = null;
  private readonly extremes = new Map<string, { low: number; high: number }>();
  /** Fast path: whether stops are watched, and the time up to which the watcher has looked. */
  private watchingStops = false;
  private lookedUpTo = 0;
  private readonly low: Float64Array;
  private readonly high: Float64Array;
  private readonly firstPrint: Float64Array;
  private readonly order: number[];
  readonly firstOpen = new Map<string, number>();
  private readonly at: Int32Array;
  private readonly n: number;
  /** Where the current bar's row starts in `at`. */
  private row = 0;

  constructor(private readonly o: BarLoopOptions) {
    this.offUpdates = o.broker.onOrderUpdate((u) => this.updates.push(u));
    this.symbols = o.symbols;
    this.series = o.symbols.map((s) => o.bars.get(s)!);
    this.fast = o.path === 'fast';
    this.listings = this.fast ? o.symbols.map((s) => o.market.marketData.tapeListing(s)) : [];
    const n = o.symbols.length;
    this.n = n;
    this.at = o.at;
    this.low = new Float64Array(n);
    this.high = new Float64Array(n);
    this.firstPrint = new Float64Array(n);
    this.order = Array.from({ length: n }, (_, k) => k);
  }

  readonly fast: boolean;

  /** Runs tested bar k, opening at `open` (see BarLoopOptions.at). */
  bar(open: number, k: number): Maybe {
    this.row = k * this.n;
    if (this.fast && this.quiet()) {
      this.watch(this.o.driver.watching());
      const p = this.quietStep(open);
      if (p) return p.then(() => this.afterOpenStep(open));
      return this.afterOpenStep(open);
    }
    return this.barAsync(open);
  }

  close(): void {
    this.watch(false);
    this.offUpdates();
  }

  private afterOpenStep(open: number): Maybe {
    for (let s = 0; s < this.n; s++) {
      const j = this.at[this.row + s]!;
      if (j < 0) continue;
      const symbol = this.symbols[s]!;
      if (this.firstOpen.size < this.n && !this.firstOpen.has(symbol))
        this.firstOpen.set(symbol, this.series[s]!.open[j]!);
      const p = this.o.driver.atOpen(symbol, j);
      if (p || !this.quiet()) return this.restAsync(open, s, p);
    }
    return this.throughAndClose(open);
  }

  /** Through the bar to its close, synchronously while nothing works on the venue. */
  private throughAndClose(open: number): Maybe {
    this.watch(this.o.driver.watching());
    if (this.watchingStops && !this.barIsQuietForStops(open)) return this.subStepsAsync(open);
    const p = this.step(open + this.o.barMs - 1);
    if (p) return p.then(() => this.closeBar());
    return this.closeBar();
  }

  private async restAsync(open: number, from: number, pending: Maybe): Promise<void> {
    await pending;
    for (let s = from + 1; s < this.n; s++) {
      const j = this.at[this.row + s]!;
      if (j < 0) continue;
      const symbol = this.symbols[s]!;
      if (this.firstOpen.size < this.n && !this.firstOpen.has(symbol))
        this.firstOpen.set(symbol, this.series[s]!.open[j]!);
      await this.o.driver.atOpen(symbol, j);
    }
    await this.drain();
    await this.subStepsAsync(open);
  }

  private async barAsync(open: number): Promise<void> {
    this.watch(this.o.driver.watching());
    await this.step(open);
    for (let s = 0; s < this.n; s++) {
      const j = this.at[this.row + s]!;
      if (j < 0) continue;
      const symbol = this.symbols[s]!;
      if (this.firstOpen.size < this.n && !this.firstOpen.has(symbol))
        this.firstOpen.set(symbol, this.series[s]!.open[j]!);
      await this.o.driver.atOpen(symbol, j);
    }
    await this.drain();
    await this.subStepsAsync(open);
  }

  private async subStepsAsync(open: number): Promise<void> {
    const len = this.o.barMs;
    this.watch(this.o.driver.watching());
    if (this.watching()) {
      for (let sub = 1; sub < SUBSTEPS_PER_BAR; sub++) {
        await this.step(open + Math.floor((sub * len) / SUBSTEPS_PER_BAR));
        this.watch(this.o.driver.watching());
      }
    }
    await this.step(open + len - 1);
    await this.closeBar();
  }

  private closeBar(): Maybe {
    for (let s = 0; s < this.n; s++) {
      const j = this.at[this.row + s]!;
      if (j >= 0) this.o.lastClose.set(s, this.series[s]!.close[j]!);
    }
    for (let s = 0; s < this.n; s++) {
      const j = this.at[this.row + s]!;
      if (j < 0) continue;
      const p = this.o.driver.atClose(this.symbols[s]!, j);
      if (p) return this.closeRestAsync(s, p);
    }
  }

  private async closeRestAsync(from: number, pending: Promise<void>): Promise<void> {
    await pending;
    for (let s = from + 1; s < this.n; s++) {
      const j = this.at[this.row + s]!;
      if (j >= 0) await this.o.driver.atClose(this.symbols[s]!, j);
    }
  }

  /** Nothing works on the venue and nothing is waiting to be handed to the strategy. */
  private quiet(): boolean {
    return this.updates.length === 0 && this.o.broker.engine.openCount() === 0;
  }

  private watching(): boolean {
    return this.fast ? this.watchingStops : this.unwatch !== null;
  }

  /** Moves the clock to `time`, delivering the prints on the way; undefined when that needed no wait. */
  private step(time: number): Maybe {
    return this.fast && this.quiet() ? this.quietStep(time) : this.stepAsync(time);
  }

  /** step, on the fast path while quiet (the caller has checked). */
  private quietStep(time: number): Maybe {
    const clock = this.o.market.clock;
    if (time - clock.now() > MAX_CATCH_UP_MS) return this.stepAsync(time);
    // Nothing works on the venue, so the broker subscribes to no prints and the stop watcher reads the tape: no pump needed.
    clock.set(time);
    if (!this.watchingStops) return;
    return this.reportPrints();
  }

  private async stepAsync(time: number): Promise<void> {
    const { market } = this.o;
    const clock = market.clock;
    // A pump replays at most a day of prints (MAX_CATCH_UP_MS): longer bars are walked a day at a time.
    while (time - clock.now() > MAX_CATCH_UP_MS) {
      clock.set(clock.now() + MAX_CATCH_UP_MS);
      market.marketData.pump();
      await this.drain();
    }
    clock.set(time);
    market.marketData.pump();
    await this.afterPump();
  }

  private async afterPump(): Promise<void> {
    await this.drain();
    if (this.watching()) {
      await this.reportPrints();
      await this.drain();
    }
  }

  /** Hands the prints' extremes since the watcher's last look to the strategy, symbol by symbol in the order they first printed. */
  private reportPrints(): Maybe {
    if (!this.fast) return this.reportExtremes();
    const now = this.o.market.clock.now();
    const from = this.lookedUpTo;
    this.lookedUpTo = now;
    const seen = this.scanPrints(from, now);
    if (seen.length === 0) return;
    return this.reportScanned(seen);
  }

  private async reportScanned(seen: number[]): Promise<void> {
    for (const s of seen) await this.o.driver.onPrints(this.symbols[s]!, this.low[s]!, this.high[s]!);
    if (!this.quiet()) await this.drain();
  }

  private async reportExtremes(): Promise<void> {
    for (const [symbol, e] of this.extremes) await this.o.driver.onPrints(symbol, e.low, e.high);
    this.extremes.clear();
  }

  /** Low, high and first time of each symbol's prints in (from, to]; the symbols that printed, in the order they first did. */
  private scanPrints(from: number, to: number): number[] {
    const seen: number[] = [];
    for (let s = 0; s < this.listings.length; s++) {
      const tape = this.listings[s]!.tape;
      let lo = Infinity;
      let hi = -Infinity;
      let first = Infinity;
      tape.trades(from, Math.min(to, tape.endTime), (t) => {
        if (t.time < first) first = t.time;
        if (t.price < lo) lo = t.price;
        if (t.price > hi) hi = t.price;
      });
      if (first === Infinity) continue;
      const scale = 10 ** tape.priceDecimals;
      this.low[s] = Math.round(lo) / scale;
      this.high[s] = Math.round(hi) / scale;
      this.firstPrint[s] = first;
      seen.push(s);
    }
    if (seen.length > 1) seen.sort((a, b) => this.firstPrint[a]! - this.firstPrint[b]! || a - b);
    return seen;
  }

  /** Whether no print inside the bar (after its open) can reach a watched stop, so its sub-steps can be one step. */
  private barIsQuietForStops(open: number): boolean {
    const quietThrough = this.o.driver.quietThrough;
    if (!quietThrough || !this.quiet()) return false;
    const clock = this.o.market.clock;
    if (clock.now() !== open || this.lookedUpTo !== open) return false;
    const close = open + this.o.barMs - 1;
    const seen = this.scanPrints(open, close);
    for (const s of seen)
      if (!quietThrough.call(this.o.driver, this.symbols[s]!, this.low[s]!, this.high[s]!, open)) return false;
    return true;
  }

  private watch(on: boolean): void {
    if (this.fast) {
      if (on && !this.watchingStops) this.lookedUpTo = this.o.market.clock.now();
      this.watchingStops = on;
      return;
    }
    if (on && !this.unwatch) {
      this.unwatch = this.o.market.marketData.subscribeTrades([...this.symbols], (t) => {
        const p = Number(t.price);
        const e = this.extremes.get(t.symbol);
        if (!e) this.extremes.set(t.symbol, { low: p, high: p });
        else {
          if (p < e.low) e.low = p;
          if (p > e.high) e.high = p;
        }
      });
    } else if (!on && this.unwatch) {
      this.unwatch();
      this.unwatch = null;
      this.extremes.clear();
    }
  }

  private async drain(): Promise<void> {
    const { broker, exec, driver } = this.o;
    // Nothing subscribed and nothing reported: no work can be pending (the common case of a flat or market-only strategy).
    if (this.updates.length === 0 && !this.unwatch && broker.engine.openCount() === 0) return;
    await broker.idle();
    while (this.updates.length > 0) {
      const batch = this.updates.splice(0, this.updates.length);
      exec.refresh();
      for (const u of batch) {
        if (u.order.status === 'FILLED') exec.counts.filled += 1;
        await driver.onOrderUpdate(u);
      }
      await broker.idle();
    }
  }
}
