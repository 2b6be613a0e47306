import type { BookLevel, OrderBook } from '../../model/market-snapshot.js';
import { fromUnits, POW10_NUM, type Rounding, toUnits } from './fixed-point.js';
import type { SymbolScale } from './symbol-scale.js';
import type { UnitBookSide, UnitOrderBook } from '../../model/unit-book.js';

/** Receives each level a taker trades at: price and quantity in engine units, and the price as text. */
export interface FillSink {
  onFill(price: number, qty: number, priceText: string): void;
}

/** Where a side's levels come from: the snapshot's text, or integers at the book's own decimals. */
type LevelSource =
  { text: BookLevel[] } | { units: UnitBookSide; priceDecimals: number; qtyDecimals: number; depth: number };

/**
 * One side of a book snapshot in engine integers. Taker orders consume it from the best level;
 * what they take stays taken until the snapshot is replaced (a new lastUpdateId), so two quick
 * market orders do not both get the same best level.
 * Levels are converted lazily, as far as orders walk: a 5,000-level snapshot costs only the levels
 * used (and a book given as integers makes only those).
 */
export class BookSide {
  /** Converted levels, filled in order (plain arrays: cheaper to make than typed ones for the few levels a walk reads). */
  private readonly prices: number[] = [];
  private readonly quantities: number[] = [];
  /** Canonical price strings, made once per level on its first fill. */
  private readonly priceTexts: (string | undefined)[] = [];
  /** Levels at most (a book given as integers may turn out to have fewer). */
  private length: number;
  /** Levels [0, converted) hold integers. */
  private converted = 0;
  /** Index of the best level that still has quantity, once `started` (the first read skips empty levels). */
  private head = 0;
  private started = false;
  private readonly rounding: Rounding;

  /** `ascending` for asks (best = lowest), descending for bids (best = highest). */
  constructor(
    private readonly source: LevelSource,
    private readonly scale: SymbolScale,
    readonly ascending: boolean,
  ) {
    this.length = 'text' in source ? source.text.length : source.depth;
    // A price off the engine's grid is rounded away from the taker (asks up, bids down), never in its favour.
    this.rounding = ascending ? 'up' : 'down';
  }

  /** Whether level i exists, converting it (and any before it) on first sight. */
  private has(i: number): boolean {
    if (i < this.converted) return true;
    if (i >= this.length) return false;
    return this.convert(i);
  }

  private convert(i: number): boolean {
    const source = this.source;
    const { priceDecimals, qtyDecimals } = this.scale;
    for (let k = this.converted; k <= i; k += 1) {
      if ('text' in source) {
        const level = source.text[k]!;
        this.prices[k] = toUnits(level[0], priceDecimals, this.rounding);
        this.quantities[k] = toUnits(level[1], qtyDecimals);
      } else {
        if (!source.units.has(k)) {
          this.length = k;
          this.converted = k;
          return false;
        }
        this.prices[k] = rescaled(source.units.price(k), source.priceDecimals, priceDecimals, this.rounding);
        this.quantities[k] = rescaled(source.units.qty(k), source.qtyDecimals, qtyDecimals, 'down');
      }
      this.converted = k + 1;
    }
    return true;
  }

  /** Called first by every read: a side nobody reads makes no level. */
  private start(): void {
    this.started = true;
    this.skipEmpty();
  }

  private skipEmpty(): void {
    while (this.has(this.head) && this.quantities[this.head] === 0) this.head += 1;
  }

  /** Best price with quantity left, or undefined when the side is empty. */
  best(): number | undefined {
    if (!this.started) this.start();
    return this.has(this.head) ? this.prices[this.head] : undefined;
  }

  /** Whether a taker with this limit may trade at `price` (a limit of undefined trades at any price). */
  crosses(price: number, limit: number | undefined): boolean {
    if (limit === undefined) return true;
    return this.ascending ? price <= limit : price >= limit;
  }

  /** Visible quantity at exactly `price` (engine units), as the snapshot shows it now. */
  quantityAt(price: number): number {
    if (!this.started) this.start();
    for (let i = this.head; this.has(i); i += 1) {
      if (this.prices[i] === price) return this.quantities[i];
      if (this.ascending ? this.prices[i] > price : this.prices[i] < price) break;
    }
    return 0;
  }

  /** Quantity a taker with this limit could take, capped at `wanted`; nothing is consumed. */
  available(limit: number | undefined, wanted: number): number {
    if (!this.started) this.start();
    let total = 0;
    for (let i = this.head; total < wanted && this.has(i); i += 1) {
      if (!this.crosses(this.prices[i], limit)) break;
      total += this.quantities[i];
    }
    return total < wanted ? total : wanted;
  }

  /** Σ price × quantity (engine units) of taking `wanted` from the best levels; nothing is consumed. */
  costOf(wanted: number): bigint {
    if (!this.started) this.start();
    // Plain numbers are exact while the total stays a safe integer (every partial sum is smaller); else redo in bigint.
    let cost = 0;
    let left = wanted;
    for (let i = this.head; left > 0 && this.has(i); i += 1) {
      const q = this.quantities[i] < left ? this.quantities[i] : left;
      cost += this.prices[i] * q;
      left -= q;
    }
    if (cost <= Number.MAX_SAFE_INTEGER) return BigInt(cost);
    let exact = 0n;
    left = wanted;
    for (let i = this.head; left > 0 && this.has(i); i += 1) {
      const q = this.quantities[i] < left ? this.quantities[i] : left;
      exact += BigInt(this.prices[i]) * BigInt(q);
      left -= q;
    }
    return exact;
  }

  private priceText(i: number): string {
    return (this.priceTexts[i] ??= fromUnits(this.prices[i], this.scale.priceDecimals));
  }

  /**
   * Consumes up to `wanted` from the best levels that cross `limit`, reporting each level touched
   * to `sink`. Returns the quantity taken.
   */
  take(wanted: number, limit: number | undefined, sink: FillSink): number {
    if (!this.started) this.start();
    let left = wanted;
    while (left > 0 && this.has(this.head)) {
      const price = this.prices[this.head];
      if (!this.crosses(price, limit)) break;
      const level = this.quantities[this.head];
      const q = level < left ? level : left;
      this.quantities[this.head] = level - q;
      left -= q;
      sink.onFill(price, q, this.priceText(this.head));
      this.skipEmpty();
    }
    return wanted - left;
  }

  /**
   * Walks levels while a budget in quote atto-units lasts (orders by quoteOrderQty), taking at each
   * level what the budget affords rounded down to `step`. `consume` false only measures.
   * Returns the quantity taken and the budget left; `exhausted` when the book ran out first.
   */
  spend(
    budget: bigint,
    notionalAtto: bigint,
    step: number,
    consume: boolean,
    sink?: FillSink,
  ): { qty: number; left: bigint; exhausted: boolean } {
    if (!this.started) this.start();
    let left = budget;
    let taken = 0;
    let exhausted = true;
    let i = this.head;
    // Plain numbers while the budget in price × quantity units is a safe integer: left = units ×
    // notionalAtto + rest (rest < notionalAtto never buys a step, so the floors below are the same).
    const whole = notionalAtto > 0n ? budget / notionalAtto : -1n;
    if (notionalAtto > 0n && whole >= 0n && whole <= MAX_SAFE_BIG) {
      let units = Number(whole);
      const rest = budget - whole * notionalAtto;
      let handOff = false;
      for (; this.has(i); i += 1) {
        const level = this.quantities[i];
        if (level === 0) continue;
        const price = this.prices[i];
        const perStep = price * step;
        // Off the safe range (or a zero the bigint form refuses): the rest of the walk in bigints.
        if (!(perStep > 0 && perStep <= Number.MAX_SAFE_INTEGER)) {
          handOff = true;
          break;
        }
        // floor(units / perStep) is exact for safe integers (the quotient never rounds up to the next integer).
        const affordable = Math.floor(units / perStep) * step;
        const q = level < affordable ? level : affordable;
        if (q > 0) {
          units -= price * q;
          taken += q;
          if (consume) {
            this.quantities[i] = level - q;
            sink?.onFill(price, q, this.priceText(i));
          }
        }
        if (q < level) {
          exhausted = false;
          break;
        }
      }
      left = BigInt(units) * notionalAtto + rest;
      if (!handOff) {
        if (consume) this.skipEmpty();
        return { qty: taken, left, exhausted: exhausted && left > 0n };
      }
    }
    const stepBig = BigInt(step);
    for (; this.has(i); i += 1) {
      const level = this.quantities[i];
      if (level === 0) continue;
      const unitCost = BigInt(this.prices[i]) * notionalAtto;
      const affordable = Number((left / (unitCost * stepBig)) * stepBig);
      const q = level < affordable ? level : affordable;
      if (q > 0) {
        left -= unitCost * BigInt(q);
        taken += q;
        if (consume) {
          this.quantities[i] = level - q;
          sink?.onFill(this.prices[i], q, this.priceText(i));
        }
      }
      if (q < level) {
        exhausted = false;
        break;
      }
    }
    if (consume) this.skipEmpty();
    return { qty: taken, left, exhausted: exhausted && left > 0n };
  }
}

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

export class VisibleBook {
  readonly lastUpdateId: number;
  private bidSide: BookSide | undefined;
  private askSide: BookSide | undefined;

  constructor(
    private readonly book: OrderBook | UnitOrderBook,
    private readonly scale: SymbolScale,
  ) {
    this.lastUpdateId = book.lastUpdateId;
  }

  /** Taker sells hit these. Each side is made when first read: an order mostly reads one. */
  get bids(): BookSide {
    return (this.bidSide ??= this.side(false));
  }

  /** Taker buys lift these. */
  get asks(): BookSide {
    return (this.askSide ??= this.side(true));
  }

  /** The side a taker on `side` trades against. */
  against(takerBuys: boolean): BookSide {
    return takerBuys ? this.asks : this.bids;
  }

  private side(asks: boolean): BookSide {
    const book = this.book;
    if ('kind' in book) {
      const { priceDecimals, qtyDecimals, depth } = book;
      return new BookSide({ units: asks ? book.asks : book.bids, priceDecimals, qtyDecimals, depth }, this.scale, asks);
    }
    return new BookSide({ text: asks ? book.asks : book.bids }, this.scale, asks);
  }
}

/** Levels on both sides at most: each fill of a taker walk exhausts one or completes the order. */
export function bookLevels(book: OrderBook | UnitOrderBook): number {
  return 'kind' in book ? 2 * book.depth : book.bids.length + book.asks.length;
}

/**
 * `units` at `from` decimals as units at `to` decimals, exactly as the text path converts it
 * (toUnits of its formatUnits text): extra digits dropped (or rounded up), missing ones added.
 */
export function rescaled(units: number, from: number, to: number, rounding: Rounding): number {
  if (from === to) return units;
  if (from < to) {
    const value = units * POW10_NUM[to - from]!;
    if (Number.isSafeInteger(value)) return value;
    // Too large: the text path's own refusal, on the text it would have read.
    const digits = String(units).padStart(from + 1, '0');
    const text = from === 0 ? digits : `${digits.slice(0, -from)}.${digits.slice(-from)}`;
    return toUnits(text, to, rounding);
  }
  const unit = POW10_NUM[from - to]!;
  const rest = units % unit;
  const value = (units - rest) / unit;
  return rounding === 'up' && rest !== 0 ? value + 1 : value;
}
