import type { TradingMode } from '../model/trading-mode.js';
import type { StrategyRunRecord } from '../ports/strategy-run-journal.js';
import type { RunState } from '../strategy/run/run-state.js';

/** A run as the interfaces show it: compact. */
export interface RunView {
  id: string;
  name: string;
  hash: string;
  mode: TradingMode;
  symbols: string[];
  interval: string;
  status: 'running' | 'stopped';
  startedAt: string;
  stoppedAt: string | null;
  stopReason: string | null;
  lastBar: string | null;
  openLots: { symbol: string; qty: string; entryPrice: number; stop: number | null; target: number | null }[];
  orders: RunState['counts'];
  lastProblem: string | null;
}

/** The compact view of a run: its journaled record, with the state of the process that drives it when that is this one. */
export function runView(r: StrategyRunRecord, live?: RunState): RunView {
  const state = live ?? (r.state as RunState);
  const iso = (t: number) => new Date(t).toISOString();
  return {
    id: r.id,
    name: r.name,
    hash: r.hash,
    mode: r.mode,
    symbols: r.symbols,
    interval: r.interval,
    status: r.status,
    startedAt: iso(r.startedAt),
    stoppedAt: r.stoppedAt === null ? null : iso(r.stoppedAt),
    stopReason: r.stopReason,
    lastBar: state.firstBar === null ? null : iso(r.lastBar),
    openLots: state.lots.map((l) => ({
      symbol: l.symbol,
      qty: l.qty,
      entryPrice: +l.entryPrice.toPrecision(10),
      stop:
        l.stop > 0 || l.trail > 0 ? +Math.max(l.stop, l.trail > 0 ? l.high * (1 - l.trail) : 0).toPrecision(10) : null,
      target: l.target > 0 ? +l.target.toPrecision(10) : null,
    })),
    orders: state.counts,
    lastProblem: state.lastProblem,
  };
}
