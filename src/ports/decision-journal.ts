import type { TradingMode } from '../model/trading-mode.js';

export interface Decision {
  mode: TradingMode;
  time: number;
  clientOrderId: string;
  rationale: string;
}

/** The model's rationale for each order, by client order id. */
export interface DecisionJournal {
  recordDecision(decision: Decision): Promise<void>;
  findDecision(mode: TradingMode, clientOrderId: string): Promise<Decision | undefined>;
}
