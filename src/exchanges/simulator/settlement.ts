import type { Fill } from '../../model/fill.js';
import type { Account } from './account.js';
import { ATTO, fromAtto, fromUnits, POW10_BIG, POW10_NUM } from './fixed-point.js';
import type { VenueIds } from './venue-ids.js';
import type { FillSink } from './visible-book.js';
import type { WorkingOrder } from './working-order.js';

const MAX = Number.MAX_SAFE_INTEGER;

/**
 * Binance calculates commissions to baseCommissionPrecision / quoteCommissionPrecision decimals
 * (8 on every Binance.US symbol: exchangeInfo, spot_glossary.md). The docs do not say in which
 * direction; the recorded Binance.US executionReport (0.01 % of 49.2621234 USD charged as
 * 0.00492621, not 0.00492622) rules out rounding up, so the finer digits are cut (rounded down).
 */
export const COMMISSION_DECIMALS = 8;
const COMMISSION_ATTO_STEP = 10n ** BigInt(18 - COMMISSION_DECIMALS);

/** price × qty in engine units: a plain number while that is exact (a safe integer), else a bigint. */
export function notionalOf(price: number, qty: number): number | bigint {
  const product = price * qty;
  return product <= MAX ? product : BigInt(price) * BigInt(qty);
}

/**
 * The commission of one fill as an integer number of 10^-(18 - shift) units of the asset
 * received, cut to COMMISSION_DECIMALS, when plain numbers give it exactly; else -1 (the caller
 * takes the bigint path).
 * Exact because a rate of d decimals times a quantity of qd decimals has qd + d decimals: when
 * that is at most 18, the atto rounding never cuts a digit.
 */
function commissionUnits(wo: WorkingOrder, qty: number, notional: number | bigint, maker: boolean): number {
  const s = wo.scale;
  const fee = maker ? s.makerFee : s.takerFee;
  if (fee.units < 0) return -1;
  const amount = wo.buy ? qty : notional;
  if (typeof amount !== 'number') return -1;
  const decimals = (wo.buy ? s.qtyDecimals : s.priceDecimals + s.qtyDecimals) + fee.decimals;
  if (decimals > 18) return -1;
  const units = amount * fee.units;
  if (units > MAX) return -1;
  return decimals > COMMISSION_DECIMALS ? units - (units % POW10_NUM[decimals - COMMISSION_DECIMALS]) : units;
}

function commissionDecimals(wo: WorkingOrder, maker: boolean): number {
  const s = wo.scale;
  return (wo.buy ? s.qtyDecimals : s.priceDecimals + s.qtyDecimals) + (maker ? s.makerFee : s.takerFee).decimals;
}

/** What the fill pays in commission, in atto of the asset received, cut to COMMISSION_DECIMALS (the bigint path). */
function commissionAtto(wo: WorkingOrder, qty: number, notional: number | bigint, maker: boolean): bigint {
  const s = wo.scale;
  const received = wo.buy ? BigInt(qty) * s.qtyAtto : BigInt(notional) * s.notionalAtto;
  const exact = (received * (maker ? s.makerRate : s.takerRate)) / ATTO;
  return exact - (exact % COMMISSION_ATTO_STEP);
}

/** Atto-units received less commission: the amount received has `shift` more decimals than the commission units. */
function netReceived(wo: WorkingOrder, qty: number, notional: number | bigint, maker: boolean): bigint {
  const c = commissionUnits(wo, qty, notional, maker);
  if (c >= 0) {
    const fee = maker ? wo.scale.makerFee : wo.scale.takerFee;
    const gross = (wo.buy ? qty : (notional as number)) * POW10_NUM[fee.decimals];
    if (gross <= MAX) return BigInt(gross - c) * POW10_BIG[18 - commissionDecimals(wo, maker)];
  }
  const received = wo.buy ? BigInt(qty) * wo.scale.qtyAtto : BigInt(notional) * wo.scale.notionalAtto;
  return received - commissionAtto(wo, qty, notional, maker);
}

/**
 * One execution of `qty` at `price` (engine units): moves the money, releasing the order's lock
 * at its limit price and paying the actual price, and charges the commission in the asset
 * received (BUY → base, SELL → quote), as Binance does. Updates the order's integers and
 * returns price × qty. All integer arithmetic: plain numbers where exact, bigint otherwise.
 */
export function settleFill(
  account: Account,
  wo: WorkingOrder,
  price: number,
  qty: number,
  maker: boolean,
): number | bigint {
  const s = wo.scale;
  const notional = notionalOf(price, qty);
  const quoteHolding = account.holding(s.quoteAsset);
  const baseHolding = account.holding(s.baseAsset);
  if (wo.buy) {
    // MARKET orders hold no lock; every other order locked limit × quantity when placed.
    if (!wo.holdsLock) {
      quoteHolding.free -= BigInt(notional) * s.notionalAtto;
    } else {
      const release = wo.limit * qty;
      if (typeof notional === 'number' && release <= MAX) {
        quoteHolding.locked -= BigInt(release) * s.notionalAtto;
        quoteHolding.free += BigInt(release - notional) * s.notionalAtto;
      } else {
        const releaseAtto = BigInt(wo.limit) * BigInt(qty) * s.notionalAtto;
        quoteHolding.locked -= releaseAtto;
        quoteHolding.free += releaseAtto - BigInt(notional) * s.notionalAtto;
      }
    }
    baseHolding.free += netReceived(wo, qty, notional, maker);
  } else {
    // A SELL's lock is the base it sells: releasing it pays for the fill.
    if (wo.holdsLock) baseHolding.locked -= BigInt(qty) * s.qtyAtto;
    else baseHolding.free -= BigInt(qty) * s.qtyAtto;
    quoteHolding.free += netReceived(wo, qty, notional, maker);
  }
  wo.addFill(qty, notional);
  return notional;
}

/** The public record of one execution (the same from the fill itself and from the fill log). */
export function buildFill(
  wo: WorkingOrder,
  qty: number,
  notional: number | bigint,
  maker: boolean,
  tradeId: string,
  time: number,
  priceText: string,
): Fill {
  const s = wo.scale;
  const c = commissionUnits(wo, qty, notional, maker);
  return {
    tradeId,
    orderId: wo.orderId,
    clientOrderId: wo.clientOrderId,
    symbol: wo.symbol,
    side: wo.side,
    price: priceText,
    qty: wo.quantityText(qty),
    quoteQty: fromUnits(notional, s.priceDecimals + s.qtyDecimals),
    commission:
      c >= 0 ? fromUnits(c, commissionDecimals(wo, maker)) : fromAtto(commissionAtto(wo, qty, notional, maker)),
    commissionAsset: wo.buy ? s.baseAsset : s.quoteAsset,
    isMaker: maker,
    time,
  };
}

/** Where executed fills are written down: the engine's FillLog (which builds on this file, so not imported). */
export interface FillRecorder {
  record(
    wo: WorkingOrder,
    price: number,
    qty: number,
    maker: boolean,
    time: number,
    tradeNumber: number,
    priceText: string,
  ): void;
}

/**
 * Executes fills: settles them, numbers them, returns them and logs them. Also the sink a taker
 * walk reports to (see `taker`), so walking the book allocates no callback.
 */
export class Settlement implements FillSink {
  private takerOrder: WorkingOrder | undefined;
  private takerNow = 0;
  private takerFills: Fill[] = [];

  constructor(
    private readonly account: Account,
    private readonly log: FillRecorder,
    private readonly idPrefix: string,
    private readonly ids: VenueIds,
  ) {}

  execute(
    wo: WorkingOrder,
    price: number,
    qty: number,
    maker: boolean,
    now: number,
    fills: Fill[],
    priceText: string,
  ): void {
    const notional = settleFill(this.account, wo, price, qty, maker);
    const tradeNumber = this.ids.nextTradeNumber();
    fills.push(buildFill(wo, qty, notional, maker, `${this.idPrefix}${tradeNumber}`, now, priceText));
    this.log.record(wo, price, qty, maker, now, tradeNumber, priceText);
  }

  /** This settlement as the sink of `wo`'s taker walk: each level it reports becomes a taker fill in `fills`. */
  taker(wo: WorkingOrder, now: number, fills: Fill[]): FillSink {
    this.takerOrder = wo;
    this.takerNow = now;
    this.takerFills = fills;
    return this;
  }

  onFill(price: number, qty: number, priceText: string): void {
    this.execute(this.takerOrder as WorkingOrder, price, qty, false, this.takerNow, this.takerFills, priceText);
  }
}
