import { add, type Decimal } from './money.js';

/** Binance's shape: free is spendable, locked is held by open orders. */
export interface Balance {
  asset: string;
  free: Decimal;
  locked: Decimal;
}

export function totalOf(balance: Balance): Decimal {
  return add(balance.free, balance.locked);
}
