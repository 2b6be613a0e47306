import type { Balance } from '../../model/balance.js';
import { fromAtto, toAtto } from './fixed-point.js';

/** One asset's funds in atto-units: free is spendable, locked is held by open orders. */
export interface Holding {
  free: bigint;
  locked: bigint;
}

/** The simulated account's balances. Amounts never go negative: callers check `free` before they spend or lock. */
export class Account {
  private readonly holdings = new Map<string, Holding>();

  constructor(balances: Balance[] = []) {
    this.load(balances);
  }

  /** Replaces every balance; each asset's free + locked becomes its free amount (locks are re-derived by the caller). */
  load(balances: Balance[]): void {
    this.holdings.clear();
    for (const b of balances) {
      const h = this.holding(b.asset);
      h.free += toAtto(b.free) + toAtto(b.locked);
    }
  }

  holding(asset: string): Holding {
    let h = this.holdings.get(asset);
    if (!h) {
      h = { free: 0n, locked: 0n };
      this.holdings.set(asset, h);
    }
    return h;
  }

  /** Spendable amount, without creating an entry for an asset never held. */
  free(asset: string): bigint {
    return this.holdings.get(asset)?.free ?? 0n;
  }

  /** Moves `amount` from free to locked; false (and nothing moved) when free is short. */
  lock(asset: string, amount: bigint): boolean {
    if (this.free(asset) < amount) return false;
    const h = this.holding(asset);
    h.free -= amount;
    h.locked += amount;
    return true;
  }

  unlock(asset: string, amount: bigint): void {
    if (amount === 0n) return;
    const h = this.holding(asset);
    h.locked -= amount;
    h.free += amount;
  }

  /** Every holding in atto-units, unordered, read only (balances() is the listing as text). */
  atto(): ReadonlyMap<string, Readonly<Holding>> {
    return this.holdings;
  }

  /** Every asset the account has held, alphabetically, as Binance lists them. */
  balances(): Balance[] {
    return [...this.holdings.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([asset, h]) => ({ asset, free: fromAtto(h.free), locked: fromAtto(h.locked) }));
  }
}
