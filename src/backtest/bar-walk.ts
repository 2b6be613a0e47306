/**
 * The walk through a backtest's bars: each bar through the event loop, then equity marked at its
 * close. Apart from runner.ts so that the code building the result cannot throw away the walk's
 * optimized code on every run (see docs/architecture.md, "Optimized code kept from run to run").
 */
import type { Market } from '../model/market.js';
import type { EquityColumns } from '../metrics/index.js';
import type { BarLoop } from './event-loop.js';
import type { Execution } from './execution.js';
import type { LastCloses } from './last-close.js';
import type { Positions } from './positions.js';
import type { RiskGate } from './risk-gate.js';

export class BacktestAborted extends Error {
  constructor() {
    super('the backtest was canceled');
    this.name = 'AbortError';
  }
}

const YIELD_EVERY_BARS = 2048;

/** Equity = quote total + each base total x its last close (0 before its first), the totals read again only after they changed. */
export class EquityMarker {
  /** The quote total at the last read: equity minus it is the value held in the bases. */
  quoteTotal = 0;
  private readonly baseTotals: Float64Array;
  /** For each market, the index of its symbol among the strategy's (where its last close is). */
  private readonly marked: Int32Array;
  private totalsSeen = -1;

  private readonly bases: readonly string[];

  constructor(
    private readonly exec: Execution,
    private readonly quote: string,
    markets: ReadonlyMap<string, Market>,
    symbols: readonly string[],
    private readonly lastClose: LastCloses,
  ) {
    this.bases = [...markets.values()].map((m) => m.baseAsset);
    this.marked = Int32Array.from(markets.keys(), (symbol) => symbols.indexOf(symbol));
    this.baseTotals = new Float64Array(this.bases.length);
  }

  value(): number {
    const { exec, marked, baseTotals } = this;
    if (exec.version !== this.totalsSeen) {
      this.totalsSeen = exec.version;
      this.quoteTotal = exec.total(this.quote);
      for (let m = 0; m < marked.length; m++) baseTotals[m] = exec.total(this.bases[m]!);
    }
    let total = this.quoteTotal;
    const closes = this.lastClose.values;
    for (let m = 0; m < marked.length; m++) total += baseTotals[m]! * closes[marked[m]!]!;
    return total;
  }
}

/** The bars, one after another, marking equity at each close (mark k + 1 is tested bar k's). */
export async function walkBars(w: {
  loop: BarLoop;
  marker: EquityMarker;
  risk: RiskGate;
  positions: Positions;
  marks: EquityColumns;
  opens: Float64Array;
  first: number;
  total: number;
  len: number;
  onProgress: ((done: number, total: number) => void) | undefined;
  signal: AbortSignal | undefined;
}): Promise<void> {
  const { loop, marker, risk, positions, marks, opens, first, total, len, onProgress, signal } = w;
  const progressEvery = Math.max(64, Math.ceil(total / 200));
  // Counts down to the next progress report (k % progressEvery === 0, without a division per bar).
  let untilProgress = 0;
  for (let k = 0; k < total; k++) {
    const open = opens[first + k]!;
    const pending = loop.bar(open, k);
    if (pending) await pending;
    const close = open + len - 1;
    const value = marker.value();
    risk.observeEquity(value, close);
    marks.time[k + 1] = close;
    marks.equity[k + 1] = value;
    // Exposure counts open entries, not the dust below one lot step that sells leave behind.
    marks.exposure[k + 1] = positions.open.length > 0 ? value - marker.quoteTotal : 0;
    if (untilProgress === 0) {
      untilProgress = progressEvery;
      onProgress?.(k, total);
    }
    untilProgress -= 1;
    if ((k & (YIELD_EVERY_BARS - 1)) === YIELD_EVERY_BARS - 1) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw new BacktestAborted();
    }
  }
}
