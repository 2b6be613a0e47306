/** What an order would lock or spend, against what the account has free. */
import type { Balance } from '../model/balance.js';
import type { Market } from '../model/market.js';
import { Big, str, type Decimal } from '../model/money.js';
import type { OrderPreview } from './api.js';

export interface BalanceCheck {
  asset: string;
  needed: Decimal;
  free: Decimal;
  enough: boolean;
}

/**
 * A BUY spends the quote asset (its notional; the fee comes out of what is bought), a SELL the
 * base quantity. A MARKET BUY by base quantity is valued from the book walk, so it is an estimate.
 */
export function checkBalance(
  market: Market,
  preview: Pick<OrderPreview, 'side' | 'quantity' | 'notional'>,
  balances: readonly Balance[],
): BalanceCheck {
  const buying = preview.side === 'BUY';
  const asset = buying ? market.quoteAsset : market.baseAsset;
  const needed = buying ? preview.notional : preview.quantity;
  const free = balances.find((b) => b.asset === asset)?.free ?? '0';
  return { asset, needed: str(new Big(needed)), free, enough: new Big(free).gte(needed) };
}
