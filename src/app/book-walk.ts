import type { BookLevel } from '../model/market-snapshot.js';
import { Big, type Decimal, str } from '../model/money.js';

export interface BookWalk {
  /** Base quantity that the visible levels can fill. */
  filledQty: Decimal;
  /** Quote amount paid or received for it. */
  quoteQty: Decimal;
  averagePrice: Decimal | null;
  /** Worst level touched. */
  worstPrice: Decimal | null;
  levelsUsed: number;
  /** True when the visible book ran out before the order was filled. */
  exhausted: boolean;
}

/**
 * What a taker order would get from the visible book: levels are walked best first until the base
 * quantity (or, with byQuote, the quote amount) is used up, optionally stopping at a limit price.
 */
export function walkBook(
  levels: readonly BookLevel[],
  amount: Decimal,
  options: { byQuote?: boolean; limitPrice?: Decimal; side: 'BUY' | 'SELL' },
): BookWalk {
  let remaining = new Big(amount);
  let filled = new Big(0);
  let quote = new Big(0);
  let worst: Decimal | null = null;
  let used = 0;
  for (const [price, qty] of levels) {
    if (remaining.lte(0)) break;
    if (options.limitPrice !== undefined) {
      const beyond =
        options.side === 'BUY' ? new Big(price).gt(options.limitPrice) : new Big(price).lt(options.limitPrice);
      if (beyond) break;
    }
    const levelQty = new Big(qty);
    if (options.byQuote) {
      // The level that covers the rest takes exactly the rest: remaining / price is cut at 20
      // decimals, and multiplying back would leave a sliver that looks like an unfilled amount.
      const levelQuote = levelQty.times(price);
      const covers = levelQuote.gte(remaining);
      const takeQty = covers ? remaining.div(price) : levelQty;
      if (takeQty.lte(0)) break;
      filled = filled.plus(takeQty);
      quote = quote.plus(covers ? remaining : levelQuote);
      remaining = covers ? new Big(0) : remaining.minus(levelQuote);
      worst = price;
      used += 1;
      continue;
    }
    const takeQty = levelQty.lt(remaining) ? levelQty : remaining;
    if (takeQty.lte(0)) break;
    filled = filled.plus(takeQty);
    quote = quote.plus(takeQty.times(price));
    remaining = remaining.minus(takeQty);
    worst = price;
    used += 1;
  }
  return {
    filledQty: str(filled),
    quoteQty: str(quote),
    averagePrice: filled.gt(0) ? str(quote.div(filled).round(12, Big.roundHalfUp)) : null,
    worstPrice: worst,
    levelsUsed: used,
    exhausted: remaining.gt(0),
  };
}
