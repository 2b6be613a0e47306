import type { Decimal } from '../../model/money.js';
import type { Order, OrderStatus, OrderType, SelfTradePreventionMode, Side, TimeInForce } from '../../model/order.js';
import { fromAtto, fromUnits } from './fixed-point.js';
import type { SymbolScale } from './symbol-scale.js';

export const StopKind = { None: 0, StopLoss: 1, TakeProfit: 2 } as const;
export type StopKind = (typeof StopKind)[keyof typeof StopKind];

export function stopKindOf(type: OrderType): StopKind {
  return type === 'STOP_LOSS_LIMIT'
    ? StopKind.StopLoss
    : type === 'TAKE_PROFIT_LIMIT'
      ? StopKind.TakeProfit
      : StopKind.None;
}

/** What an order is, as placed: the fields of its public view that never change. */
export interface OrderIdentity {
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce | undefined;
  /** Limit and stop prices as text (undefined when the order has none). */
  price: Decimal | undefined;
  stopPrice: Decimal | undefined;
  origQty: Decimal;
  origQuoteOrderQty: Decimal | undefined;
  createdAt: number;
  /** Trailing stops (trailing.ts) and order-list legs (order-lists.ts) only. */
  trailingDelta?: number | undefined;
  orderListId?: string | undefined;
}

// Every order stays in memory for the engine's life, so its footprint is what the garbage collector
// keeps tracing and copying. The numbers of an order live in shared Float64Array chunks (no boxed
// doubles, nothing to trace) and its booleans in one small integer.
const REMAINING = 0;
const EXECUTED = 1;
const QUOTE_UNITS = 2;
const CREATED_AT = 3;
const UPDATED_AT = 4;
const LIMIT = 5;
const STOP = 6;
const SEQ = 7;
const ORIG_UNITS = 8;
const QUEUE_AHEAD = 9;
const WIDTH = 10;
const ORDERS_PER_CHUNK = 1024;

let chunk = new Float64Array(WIDTH * ORDERS_PER_CHUNK);
let chunkUsed = 0;

const BUY = 1;
const HOLDS_LOCK = 2;
const AWAITING_BOOK = 4;
const OPEN = 8;
const HAS_TRIGGERED = 16;
const TRIGGERED = 32;
/** StopKind occupies the bits from here. */
const STOP_KIND_SHIFT = 6;
/** The requested self-trade prevention mode (0: none asked, the symbol's default) from here. */
const STP_SHIFT = 8;
const STP_MASK = 3 << STP_SHIFT;
const STP_MODES: readonly (SelfTradePreventionMode | undefined)[] = [
  undefined,
  'EXPIRE_TAKER',
  'EXPIRE_MAKER',
  'EXPIRE_BOTH',
];

/** A restored order's stored form: its copies keep its shape and any field the engine does not model. */
interface StoredView {
  readonly order: Order;
  /** Until the order next changes, its view is the stored one as it was. */
  changed: boolean;
}

/**
 * An order inside the engine: integers the engine works with, plus what its public view needs.
 * The view (an `Order`) is built only when asked for (`toOrder`), its decimal texts then;
 * callers only ever get fresh copies.
 */
export class WorkingOrder {
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce | undefined;
  /** The limit price as text: the price of this order's maker fills. */
  readonly priceText: Decimal | undefined;
  readonly stopPriceText: Decimal | undefined;
  origQty: Decimal;
  readonly origQuoteOrderQty: Decimal | undefined;
  readonly trailingDelta: number | undefined;
  readonly orderListId: string | undefined;
  status: OrderStatus;
  /** Quote atto-units spent (BUY) or received (SELL) = quoteAttoBase + quoteUnits × notionalAtto. */
  private quoteAttoBase = 0n;
  private flags: number;
  private readonly stored: StoredView | undefined;
  private readonly numbers: Float64Array;
  private readonly at: number;

  constructor(
    identity: OrderIdentity,
    readonly scale: SymbolScale,
    seq: number,
    limit: number,
    stop: number,
    stopKind: StopKind,
    quantity: number,
    stored?: Order,
  ) {
    if (chunkUsed === ORDERS_PER_CHUNK) {
      chunk = new Float64Array(WIDTH * ORDERS_PER_CHUNK);
      chunkUsed = 0;
    }
    this.numbers = chunk;
    this.at = WIDTH * chunkUsed;
    chunkUsed += 1;
    this.orderId = identity.orderId;
    this.clientOrderId = identity.clientOrderId;
    this.symbol = identity.symbol;
    this.type = identity.type;
    this.timeInForce = identity.timeInForce;
    this.priceText = identity.price;
    this.stopPriceText = identity.stopPrice;
    this.origQty = identity.origQty;
    this.origQuoteOrderQty = identity.origQuoteOrderQty;
    this.trailingDelta = identity.trailingDelta;
    this.orderListId = identity.orderListId;
    this.status = 'NEW';
    this.flags =
      (identity.side === 'BUY' ? BUY : 0) |
      (identity.type !== 'MARKET' ? HOLDS_LOCK : 0) |
      (stopKind !== StopKind.None ? HAS_TRIGGERED : 0) |
      (stopKind << STOP_KIND_SHIFT);
    const n = this.numbers;
    const at = this.at;
    n[at + REMAINING] = quantity;
    n[at + EXECUTED] = 0;
    n[at + QUOTE_UNITS] = 0;
    n[at + CREATED_AT] = identity.createdAt;
    n[at + UPDATED_AT] = identity.createdAt;
    n[at + LIMIT] = limit;
    n[at + STOP] = stop;
    n[at + SEQ] = seq;
    n[at + ORIG_UNITS] = -1;
    n[at + QUEUE_AHEAD] = Number.POSITIVE_INFINITY;
    this.stored = undefined;
    if (stored) {
      this.stored = { order: stored, changed: false };
      this.status = stored.status;
      if (stored.triggered !== undefined) this.triggered = stored.triggered;
      if (stored.selfTradePreventionMode !== undefined) this.selfTradePreventionMode = stored.selfTradePreventionMode;
    }
  }

  get side(): Side {
    return (this.flags & BUY) !== 0 ? 'BUY' : 'SELL';
  }

  get buy(): boolean {
    return (this.flags & BUY) !== 0;
  }

  /** Placement sequence, for time priority. */
  get seq(): number {
    return this.numbers[this.at + SEQ];
  }

  /** Limit price in price units; 0 for MARKET. */
  get limit(): number {
    return this.numbers[this.at + LIMIT];
  }

  /** Stop price in price units; 0 when not a stop order. */
  get stop(): number {
    return this.numbers[this.at + STOP];
  }

  /** The mode the order asked for; undefined: the symbol's default. */
  get selfTradePreventionMode(): SelfTradePreventionMode | undefined {
    return STP_MODES[(this.flags & STP_MASK) >>> STP_SHIFT];
  }

  set selfTradePreventionMode(mode: SelfTradePreventionMode | undefined) {
    this.flags = (this.flags & ~STP_MASK) | (Math.max(0, STP_MODES.indexOf(mode)) << STP_SHIFT);
  }

  get stopKind(): StopKind {
    return ((this.flags >>> STOP_KIND_SHIFT) & 3) as StopKind;
  }

  /** Quantity units still to fill. */
  get remaining(): number {
    return this.numbers[this.at + REMAINING];
  }

  set remaining(units: number) {
    this.numbers[this.at + REMAINING] = units;
  }

  get executed(): number {
    return this.numbers[this.at + EXECUTED];
  }

  /** The quantity units origQty is the canonical text of, or -1 (a restored order keeps its stored text). */
  get origUnits(): number {
    return this.numbers[this.at + ORIG_UNITS];
  }

  set origUnits(units: number) {
    this.numbers[this.at + ORIG_UNITS] = units;
  }

  /** Queue fill model: visible quantity units still ahead of it at its price (Infinity: unknown, never fills at a touch). */
  get queueAhead(): number {
    return this.numbers[this.at + QUEUE_AHEAD];
  }

  set queueAhead(units: number) {
    this.numbers[this.at + QUEUE_AHEAD] = units;
  }

  get createdAt(): number {
    return this.numbers[this.at + CREATED_AT];
  }

  get updatedAt(): number {
    return this.numbers[this.at + UPDATED_AT];
  }

  set updatedAt(time: number) {
    this.numbers[this.at + UPDATED_AT] = time;
  }

  /** Stop orders: whether the stop price has been crossed; undefined for other orders. */
  get triggered(): boolean | undefined {
    return (this.flags & HAS_TRIGGERED) !== 0 ? (this.flags & TRIGGERED) !== 0 : undefined;
  }

  set triggered(value: boolean | undefined) {
    this.flags &= ~(HAS_TRIGGERED | TRIGGERED);
    if (value !== undefined) this.flags |= HAS_TRIGGERED | (value ? TRIGGERED : 0);
  }

  /** Whether the order still holds its funds (every order but MARKET, until it ends); see lockedAtto. */
  get holdsLock(): boolean {
    return (this.flags & HOLDS_LOCK) !== 0;
  }

  set holdsLock(value: boolean) {
    this.setFlag(HOLDS_LOCK, value);
  }

  /** A stop order whose stop price has been crossed but has not yet been matched against a book. */
  get awaitingBook(): boolean {
    return (this.flags & AWAITING_BOOK) !== 0;
  }

  set awaitingBook(value: boolean) {
    this.setFlag(AWAITING_BOOK, value);
  }

  /** Whether the registry lists it among the open orders. */
  get open(): boolean {
    return (this.flags & OPEN) !== 0;
  }

  set open(value: boolean) {
    this.setFlag(OPEN, value);
  }

  /** Funds this order still holds: quote atto for a BUY (limit × remaining), base atto for a SELL (remaining). */
  get lockedAtto(): bigint {
    if (!this.holdsLock) return 0n;
    const remaining = this.remaining;
    if (!this.buy) return BigInt(remaining) * this.scale.qtyAtto;
    const units = this.limit * remaining;
    return (
      (units <= Number.MAX_SAFE_INTEGER ? BigInt(units) : BigInt(this.limit) * BigInt(remaining)) *
      this.scale.notionalAtto
    );
  }

  get quoteAtto(): bigint {
    return this.quoteAttoBase + BigInt(this.numbers[this.at + QUOTE_UNITS]) * this.scale.notionalAtto;
  }

  /** Records a fill of `qty` whose price × qty is `notional` engine units (a bigint when it is not a safe integer). */
  addFill(qty: number, notional: number | bigint): void {
    const n = this.numbers;
    const at = this.at;
    n[at + REMAINING] -= qty;
    n[at + EXECUTED] += qty;
    if (typeof notional === 'number' && n[at + QUOTE_UNITS] + notional <= Number.MAX_SAFE_INTEGER) {
      n[at + QUOTE_UNITS] += notional;
    } else {
      this.quoteAttoBase += BigInt(notional) * this.scale.notionalAtto;
    }
  }

  /** Seeds the integers of a restored order: executed quantity and its stored cummulativeQuoteQty, in atto. */
  restoreQuote(quoteAtto: bigint, executed: number): void {
    this.quoteAttoBase = quoteAtto;
    this.numbers[this.at + EXECUTED] = executed;
  }

  /** Sets the status after the integers changed: the view's texts are made afresh on each read. */
  sync(status: OrderStatus, now: number): void {
    if (this.stored) this.stored.changed = true;
    this.status = status;
    this.numbers[this.at + UPDATED_AT] = now;
  }

  isWorkingStop(): boolean {
    return this.stopKind !== StopKind.None && this.triggered !== true;
  }

  /** Text of a quantity in units: origQty again when it is the whole order. */
  quantityText(units: number): Decimal {
    return units === this.origUnits ? this.origQty : fromUnits(units, this.scale.qtyDecimals);
  }

  /** A fresh copy of the public view. */
  toOrder(): Order {
    if (this.stored) {
      const o: Order = { ...this.stored.order };
      if (this.stored.changed) {
        o.executedQty = this.executedText();
        o.cummulativeQuoteQty = this.quoteText();
        o.status = this.status;
        o.updatedAt = this.updatedAt;
      }
      const triggered = this.triggered;
      if (triggered !== undefined) o.triggered = triggered;
      return o;
    }
    const executedQty = this.executedText();
    const cummulativeQuoteQty = this.quoteText();
    const o: Order = {
      orderId: this.orderId,
      clientOrderId: this.clientOrderId,
      symbol: this.symbol,
      side: this.side,
      type: this.type,
      origQty: this.origQty,
      executedQty,
      cummulativeQuoteQty,
      status: this.status,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
    };
    if (this.timeInForce !== undefined) o.timeInForce = this.timeInForce;
    if (this.priceText !== undefined) o.price = this.priceText;
    if (this.stopPriceText !== undefined) o.stopPrice = this.stopPriceText;
    if (this.origQuoteOrderQty !== undefined) o.origQuoteOrderQty = this.origQuoteOrderQty;
    if (this.trailingDelta !== undefined) o.trailingDelta = this.trailingDelta;
    if (this.orderListId !== undefined) o.orderListId = this.orderListId;
    const stp = this.selfTradePreventionMode;
    if (stp !== undefined) o.selfTradePreventionMode = stp;
    const triggered = this.triggered;
    if (triggered !== undefined) o.triggered = triggered;
    return o;
  }

  private executedText(): Decimal {
    return this.quantityText(this.executed);
  }

  private quoteText(): Decimal {
    return this.quoteAttoBase === 0n
      ? fromUnits(this.numbers[this.at + QUOTE_UNITS], this.scale.priceDecimals + this.scale.qtyDecimals)
      : fromAtto(this.quoteAtto);
  }

  private setFlag(flag: number, value: boolean): void {
    this.flags = value ? this.flags | flag : this.flags & ~flag;
  }
}

/**
 * Whether the last trade price has crossed the stop. STOP_LOSS_LIMIT: a SELL triggers at or
 * below the stop, a BUY at or above; TAKE_PROFIT_LIMIT the opposite.
 * The price comes as its floor in price units plus whether it sat exactly on the grid.
 */
export function stopCrossed(stopKind: StopKind, buy: boolean, stop: number, floor: number, exact: boolean): boolean {
  const ceil = exact ? floor : floor + 1;
  const triggersBelow = (stopKind === StopKind.StopLoss) !== buy;
  return triggersBelow ? ceil <= stop : floor >= stop;
}
