import type { BacktestService } from '../backtest/service.js';
import type { StrategyRuns } from './strategy-runs.js';
import type { LiveConfirmation, LiveConsent, SessionTransport } from './live-consent.js';
import type { Logger } from '../log.js';
import type { Clock } from '../ports/clock.js';
import type { TradingMode } from '../model/trading-mode.js';
import type { AccountHistory } from './account-history.js';
import type { ModeSwitches } from './mode-switches.js';
import type { MarketContext, TradingDesk } from './api.js';
import type { PerformanceService } from './performance-service.js';

/** What the operator's configuration says about live trading (known before the app is up). */
export interface LiveRules {
  /** Live trading exists only when the operator set TRADING_MODE=live and gave API keys. */
  available: boolean;
  /** When false, switching a session to live needs no human confirmation (LIVE_REQUIRES_CONFIRMATION=false). */
  requiresConfirmation: boolean;
  /** LIVE_CONFIRMATION; undefined: `code` for sessions over HTTP, `client` over stdio. */
  confirmation: LiveConfirmation | undefined;
  /** Why live is unavailable, in words, for the model to relay. */
  reason: string;
}

export interface LivePolicy extends LiveRules {
  /** Grants, confirmation requests and codes: what lets a session switch to live. */
  consent: LiveConsent;
}

/** Who must confirm a switch to live for a session that came over `transport`. */
export function confirmationFor(rules: LiveRules, transport: SessionTransport): LiveConfirmation {
  return rules.confirmation ?? (transport === 'http' ? 'code' : 'client');
}

/** Everything the interfaces (MCP, REST, CLI) need, built once by the composition root (compose/app.ts). */
export interface App {
  readonly version: string;
  readonly startedAt: number;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly market: MarketContext;
  /** The journal's reads the read-only views need (fills, daily P&L, risk events). */
  readonly history: AccountHistory;
  /** Journals sessions' mode switches and refused switches to live. */
  readonly modeSwitches: ModeSwitches;
  /** One desk per mode; `live` only when the operator enabled it. Sessions start on `paper`. */
  readonly desks: { paper: TradingDesk; live?: TradingDesk };
  readonly live: LivePolicy;
  /** Operator-only controls, reachable from the CLI and never from a model-facing call. */
  readonly operator: OperatorControls;
  /** Per account, who owns its venue (this process or another one), in one line; absent in tests' hand-built apps. */
  readonly owners?: () => Partial<Record<TradingMode, string>>;
  /** Each account's performance from the journal (the same desks' modes). */
  readonly performance: { paper: PerformanceService; live?: PerformanceService };
  /** Backtests on simulated time, journaled in their own table. */
  readonly backtests: BacktestService;
  /** Strategies running forward on the accounts (journaled in strategy_runs). */
  readonly strategyRuns: StrategyRuns;
  /** Journal a context the model was shown (context_snapshots). */
  snapshotContext(mode: TradingMode, contextTypes: string[], symbols: string[], payload: unknown): Promise<void>;
  close(): Promise<void>;
}

export interface OperatorControls {
  /** Clears a tripped circuit breaker and re-bases the day's loss at the current equity. */
  resetBreaker(mode: TradingMode): Promise<void>;
  /** Cancels open paper orders and restores the starting balances. */
  resetPaperAccount(): Promise<void>;
}
