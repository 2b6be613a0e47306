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
      const beyond = options.side === 'BUY' ? new Big(price).gt(options.limitPrice) : new Big(price).lt(options.limitPrice);
      if (beyond) break;
    }
    const levelQty = new Big(qty);
    const wanted = options.byQuote ? remaining.div(price) : remaining;
    const takeQty = levelQty.lt(wanted) ? levelQty : wanted;
    if (takeQty.lte(0)) break;
    filled = filled.plus(takeQty);
    quote = quote.plus(takeQty.times(price));
    remaining = options.byQuote ? remaining.minus(takeQty.times(price)) : remaining.minus(takeQty);
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
