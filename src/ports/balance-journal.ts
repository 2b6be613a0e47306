import type { Balance } from '../model/balance.js';
import type { TradingMode } from '../model/trading-mode.js';

/** An account's balances as last journaled (the paper venue is rebuilt from them). */
export interface BalanceJournal {
  loadBalances(mode: TradingMode): Promise<Balance[] | undefined>;
  saveBalances(mode: TradingMode, balances: Balance[], time: number): Promise<void>;
  /** Operator's paper reset: open paper orders become CANCELED (reason given), balances replaced, an audit row written; one transaction. */
  resetPaperAccount(balances: Balance[], time: number): Promise<void>;
}
