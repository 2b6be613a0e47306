/**
 * A book snapshot already in integers, for markets that make their books from integers (the
 * synthetic and replay tapes): the engine reads its levels as they are, with no text to build and
 * parse back, and a side produces only the levels someone reads. The same levels, as text, are
 * what that market's orderBook() answers.
 */
export interface UnitBookSide {
  /** Whether level i exists (best first); then price(i) and qty(i) are its price and quantity in units. */
  has(i: number): boolean;
  price(i: number): number;
  qty(i: number): number;
}

export interface UnitOrderBook {
  readonly kind: 'units';
  symbol: string;
  lastUpdateId: number;
  time: number;
  /** Prices are in units of 10^-priceDecimals, quantities of 10^-qtyDecimals. */
  priceDecimals: number;
  qtyDecimals: number;
  /** Levels per side at most (the depth asked for). */
  depth: number;
  bids: UnitBookSide;
  asks: UnitBookSide;
}

export const NO_LEVELS: UnitBookSide = {
  has: () => false,
  price: () => 0,
  qty: () => 0,
};
