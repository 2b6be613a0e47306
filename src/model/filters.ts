/**
 * The exchange's per-symbol rules, applied as Binance applies them. Pure; shared by the trading
 * service (rounding before submission), the simulated exchange and the fake Binance (checking).
 *
 * checkOrderFilters runs on every simulated order, so it works on exact scaled bigints
 * (value × 10^scale) instead of big.js: just as exact, several times cheaper.
 */
import { BinanceCode, BinanceMessage, ExchangeRejection } from './errors.js';
import type { LotSizeFilter, Market } from './market.js';
import {
  Big,
  ceilToStep,
  cmp,
  type Decimal,
  floorToStep,
  isMultipleOf,
  isZero,
  roundToStep,
  str,
  ZERO,
} from './money.js';
import type { OrderRequest, OrderType } from './order.js';
import {
  compare,
  digitsNumber,
  fractionDigits,
  isZeroScaled,
  onGrid,
  POW10_NUM,
  scaled,
  times,
  unitsScaled,
  ZERO_SCALED,
  type Scaled,
} from './scaled-decimal.js';

export interface RoundedOrder {
  request: OrderRequest;
  /** One sentence per value that changed, e.g. "quantity 0.123456 rounded down to 0.12345 (LOT_SIZE step 0.00001)". */
  adjustments: string[];
}

export interface FilterContext {
  /**
   * The price market orders are valued at (Binance: the average price over avgPriceMins) and
   * PERCENT_PRICE is centred on; or a function giving it, for a price costly to compute: called
   * only when a verdict depends on it (see referenceBounds), at most once.
   */
  referencePrice: Decimal | (() => Decimal);
  /**
   * Bounds known to hold the reference price (low <= referencePrice <= high). Every check that
   * reads the reference is monotone in it, so a check with the same outcome at both bounds has
   * that outcome at the price itself: referencePrice is then not read.
   */
  referenceBounds?: PriceBounds;
  /** The account's open orders on this symbol, for MAX_NUM_ORDERS; not checked when omitted. */
  openOrders?: number;
  /** The account's open stop orders on this symbol, for MAX_NUM_ALGO_ORDERS; not checked when omitted. */
  openAlgoOrders?: number;
}

/** Two prices as integers of 10^-decimals units (low <= high). */
export interface PriceBounds {
  low: number;
  high: number;
  decimals: number;
}

/** -2010 (errors.md, messages for -2010). */
export const MARKET_CLOSED = 'Market is closed.';
/** -1111 BAD_PRECISION (errors.md). */
export const BAD_PRECISION_MESSAGE = 'Precision is over the maximum defined for this asset.';
/** -1013, Binance.US faqs/stp_faq.md "How do I know which symbol uses STP?". */
export const STP_MODE_NOT_ALLOWED = 'This symbol does not allow the specified self-trade prevention mode.';

const STOP_TYPES: ReadonlySet<OrderType> = new Set(['STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT']);

export function isStopOrderType(type: OrderType): boolean {
  return STOP_TYPES.has(type);
}

/** The LOT_SIZE-like filter whose step a quantity of this order type is rounded to. */
export function quantityStepFilter(market: Market, type: OrderType): { name: string; filter: LotSizeFilter } {
  const mls = market.filters.marketLotSize;
  if (type === 'MARKET' && mls && !isZero(mls.stepSize)) return { name: 'MARKET_LOT_SIZE', filter: mls };
  return { name: 'LOT_SIZE', filter: market.filters.lotSize };
}

/**
 * Rounds a request onto the symbol's grid: quantity down to the step, a BUY price down and a SELL
 * price up to the tick (never a worse price than asked), the stop price to the nearest tick,
 * quoteOrderQty down to the quote asset's precision. Values already on the grid are left as written.
 */
export function roundOrderToFilters(market: Market, request: OrderRequest): RoundedOrder {
  const adjustments: string[] = [];
  const out: OrderRequest = { ...request };

  const c = compiled(market);
  if (request.quantity !== undefined && !onStepAsWritten(request.quantity, quantityStep(c, request.type))) {
    const { name, filter } = quantityStepFilter(market, request.type);
    const rounded = floorToStep(request.quantity, filter.stepSize, ZERO);
    if (cmp(rounded, request.quantity) !== 0) {
      out.quantity = rounded;
      adjustments.push(
        `quantity ${str(new Big(request.quantity))} rounded down to ${rounded} (${name} step ${str(new Big(filter.stepSize))})`,
      );
    }
  }

  const pf = market.filters.price;
  if (request.price !== undefined && !onPriceGridAsWritten(request.price, c)) {
    const base = gridBase(request.price, pf.minPrice, pf.tickSize);
    const buying = request.side === 'BUY';
    const rounded = buying
      ? floorToStep(request.price, pf.tickSize, base)
      : ceilToStep(request.price, pf.tickSize, base);
    if (cmp(rounded, request.price) !== 0) {
      out.price = rounded;
      adjustments.push(
        `price ${str(new Big(request.price))} rounded ${buying ? 'down' : 'up'} to ${rounded} (PRICE_FILTER tick ${str(new Big(pf.tickSize))})`,
      );
    }
  }

  if (request.stopPrice !== undefined && !onPriceGridAsWritten(request.stopPrice, c)) {
    const base = gridBase(request.stopPrice, pf.minPrice, pf.tickSize);
    const rounded = roundToStep(request.stopPrice, pf.tickSize, base);
    if (cmp(rounded, request.stopPrice) !== 0) {
      out.stopPrice = rounded;
      adjustments.push(
        `stopPrice ${str(new Big(request.stopPrice))} rounded to the nearest tick ${rounded} (PRICE_FILTER tick ${str(new Big(pf.tickSize))})`,
      );
    }
  }

  if (
    request.quoteOrderQty !== undefined &&
    !(PLAIN_DECIMAL.test(request.quoteOrderQty) && fractionDigits(request.quoteOrderQty) <= market.quoteAssetPrecision)
  ) {
    const rounded = str(new Big(request.quoteOrderQty).round(market.quoteAssetPrecision, Big.roundDown));
    if (cmp(rounded, request.quoteOrderQty) !== 0) {
      out.quoteOrderQty = rounded;
      adjustments.push(
        `quoteOrderQty ${str(new Big(request.quoteOrderQty))} rounded down to ${rounded} (${market.quoteAsset} precision ${market.quoteAssetPrecision} decimals)`,
      );
    }
  }

  return { request: out, adjustments };
}

/**
 * Whether rounding a quantity would leave a plain decimal as written: a multiple of the step,
 * decided on exact integers (the common case: values already on the grid; plain numbers while
 * both sides are safe integers, else bigints); anything else is rounded with big.js as before.
 */
function onStepAsWritten(value: Decimal, step: Scaled): boolean {
  if (!PLAIN_DECIMAL.test(value)) return false;
  if (isZeroScaled(step)) return true;
  const s = fractionDigits(value);
  const common = s > step.s ? s : step.s;
  const units = digitsNumber(value, s);
  const stepUnits = (step.big === undefined ? step.n : NaN) * (POW10_NUM[common - step.s] ?? NaN);
  const valueUnits = units * (POW10_NUM[common - s] ?? NaN);
  if (valueUnits <= Number.MAX_SAFE_INTEGER && stepUnits <= Number.MAX_SAFE_INTEGER)
    return valueUnits % stepUnits === 0;
  return onGrid(scaled(value), ZERO_SCALED, step);
}

/** A price on the tick grid counted from gridBase (minPrice, or zero when minPrice is off the grid or above the price). */
function onPriceGridAsWritten(value: Decimal, c: CompiledFilters): boolean {
  if (!PLAIN_DECIMAL.test(value)) return false;
  const v = scaled(value);
  const { min, step } = c.price;
  const base = onGrid(min, ZERO_SCALED, step) || compare(v, min) < 0 ? ZERO_SCALED : min;
  return onGrid(v, base, step);
}

function quantityStep(c: CompiledFilters, type: OrderType): Scaled {
  return type === 'MARKET' && c.marketLot && !isZeroScaled(c.marketLot.step) ? c.marketLot.step : c.lot.step;
}

/** Binance counts the grid from the filter's minimum: (value - min) % step == 0. Below the minimum there is no valid grid point; count from zero. */
function gridBase(value: Decimal, minimum: Decimal, step: Decimal): Decimal {
  if (isMultipleOf(minimum, step) || cmp(value, minimum) < 0) return ZERO;
  return minimum;
}

// ---------------------------------------------------------------------------------------------
// Checking

const PLAIN_DECIMAL = /^\d{1,20}(\.\d{1,20})?$/;
const LEGAL_RANGE = '^([0-9]{1,20})(\\.[0-9]{1,20})?$';

interface CompiledRange {
  min: Scaled;
  max: Scaled;
  step: Scaled;
}
interface CompiledFilters {
  price: CompiledRange;
  lot: CompiledRange;
  marketLot?: CompiledRange;
  minNotional?: { min: Scaled; applyToMarket: boolean };
  notional?: { min: Scaled; max: Scaled; applyMinToMarket: boolean; applyMaxToMarket: boolean };
  percentPrice?: { up: Scaled; down: Scaled };
  percentPriceBySide?: { bidUp: Scaled; bidDown: Scaled; askUp: Scaled; askDown: Scaled };
  /** The last reference price seen, parsed: consecutive orders mostly share it. */
  reference?: { text: string; value: Scaled };
}

const compiledByMarket = new WeakMap<Market, CompiledFilters>();

function compiled(market: Market): CompiledFilters {
  let c = compiledByMarket.get(market);
  if (c) return c;
  const f = market.filters;
  c = {
    price: { min: scaled(f.price.minPrice), max: scaled(f.price.maxPrice), step: scaled(f.price.tickSize) },
    lot: { min: scaled(f.lotSize.minQty), max: scaled(f.lotSize.maxQty), step: scaled(f.lotSize.stepSize) },
  };
  if (f.marketLotSize)
    c.marketLot = {
      min: scaled(f.marketLotSize.minQty),
      max: scaled(f.marketLotSize.maxQty),
      step: scaled(f.marketLotSize.stepSize),
    };
  if (f.minNotional)
    c.minNotional = { min: scaled(f.minNotional.minNotional), applyToMarket: f.minNotional.applyToMarket };
  if (f.notional) {
    c.notional = {
      min: scaled(f.notional.minNotional),
      max: scaled(f.notional.maxNotional),
      applyMinToMarket: f.notional.applyMinToMarket,
      applyMaxToMarket: f.notional.applyMaxToMarket,
    };
  }
  if (f.percentPrice)
    c.percentPrice = { up: scaled(f.percentPrice.multiplierUp), down: scaled(f.percentPrice.multiplierDown) };
  if (f.percentPriceBySide) {
    const b = f.percentPriceBySide;
    c.percentPriceBySide = {
      bidUp: scaled(b.bidMultiplierUp),
      bidDown: scaled(b.bidMultiplierDown),
      askUp: scaled(b.askMultiplierUp),
      askDown: scaled(b.askMultiplierDown),
    };
  }
  compiledByMarket.set(market, c);
  return c;
}

/**
 * Zero bounds are disabled, as in Binance's exchangeInfo. Prices sit on the grid from minPrice;
 * quantities (`fromZero`) on multiples of the step: LOT_SIZE is `quantity % stepSize == 0`
 * (Binance.US CHANGELOG 2023-03), not measured from minQty.
 */
function inRange(value: Scaled, range: CompiledRange, fromZero = false): boolean {
  if (!isZeroScaled(range.min) && compare(value, range.min) < 0) return false;
  if (!isZeroScaled(range.max) && compare(value, range.max) > 0) return false;
  return onGrid(value, fromZero ? ZERO_SCALED : range.min, range.step);
}

function referenceOf(c: CompiledFilters, text: string): Scaled {
  if (c.reference?.text !== text) c.reference = { text, value: scaled(text) };
  return c.reference.value;
}

// The checks that read the reference price, one bit each: each bit is monotone in the reference.
const PERCENT_UP = 1;
const PERCENT_DOWN = 2;
const SIDE_UP = 4;
const SIDE_DOWN = 8;
const MIN_NOTIONAL_LOW = 16;
const NOTIONAL_LOW = 32;
const NOTIONAL_HIGH = 64;

/**
 * Which reference-reading checks fail at `reference`: the price bands (an order with a price) and
 * the notional filters of a MARKET order by quantity, as checkOrderFilters applies them.
 */
function referenceFailures(
  c: CompiledFilters,
  request: OrderRequest,
  price: Scaled | undefined,
  quantity: Scaled | undefined,
  reference: Scaled,
): number {
  let failed = 0;
  if (price) {
    if (c.percentPrice) {
      if (compare(price, times(reference, c.percentPrice.up)) > 0) failed |= PERCENT_UP;
      if (compare(price, times(reference, c.percentPrice.down)) < 0) failed |= PERCENT_DOWN;
    }
    if (c.percentPriceBySide) {
      const b = c.percentPriceBySide;
      const buy = request.side === 'BUY';
      if (compare(price, times(reference, buy ? b.bidUp : b.askUp)) > 0) failed |= SIDE_UP;
      if (compare(price, times(reference, buy ? b.bidDown : b.askDown)) < 0) failed |= SIDE_DOWN;
    }
  }
  if (request.type === 'MARKET' && quantity) {
    const notional = times(reference, quantity);
    if (c.minNotional?.applyToMarket && compare(notional, c.minNotional.min) < 0) failed |= MIN_NOTIONAL_LOW;
    const n = c.notional;
    if (n?.applyMinToMarket && compare(notional, n.min) < 0) failed |= NOTIONAL_LOW;
    if (n?.applyMaxToMarket && !isZeroScaled(n.max) && compare(notional, n.max) > 0) failed |= NOTIONAL_HIGH;
  }
  return failed;
}

/** referenceFailures at the context's reference price, read only when its bounds leave the outcome open. */
function referenceVerdict(
  c: CompiledFilters,
  request: OrderRequest,
  price: Scaled | undefined,
  quantity: Scaled | undefined,
  context: FilterContext,
): number {
  const bounds = context.referenceBounds;
  if (bounds) {
    const atLow = referenceFailures(c, request, price, quantity, unitsScaled(bounds.low, bounds.decimals));
    const atHigh = referenceFailures(c, request, price, quantity, unitsScaled(bounds.high, bounds.decimals));
    if (atLow === atHigh) return atLow;
  }
  const reference = context.referencePrice;
  return referenceFailures(
    c,
    request,
    price,
    quantity,
    referenceOf(c, typeof reference === 'string' ? reference : reference()),
  );
}

function filterFailure(name: string): ExchangeRejection {
  return new ExchangeRejection(BinanceCode.FILTER_FAILURE, `Filter failure: ${name}`);
}

const ORDER_TYPES_KNOWN: ReadonlySet<string> = new Set([
  'MARKET',
  'LIMIT',
  'LIMIT_MAKER',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT_LIMIT',
]);
/** -2010 for a known type the symbol does not list (errors.md names these; LIMIT and LIMIT_MAKER have none: -1116). */
const NOT_SUPPORTED: Partial<Record<OrderType, string>> = {
  MARKET: BinanceMessage.MARKET_NOT_SUPPORTED,
  STOP_LOSS_LIMIT: BinanceMessage.STOP_LOSS_LIMIT_NOT_SUPPORTED,
  TAKE_PROFIT_LIMIT: BinanceMessage.TAKE_PROFIT_LIMIT_NOT_SUPPORTED,
};
const TIME_IN_FORCE_KNOWN: ReadonlySet<string> = new Set(['GTC', 'IOC', 'FOK']);

type NumericParam = 'quantity' | 'quoteOrderQty' | 'price' | 'stopPrice';

/** Which parameters each order type requires (r) or refuses (x); quantity/quoteOrderQty for MARKET are handled apart. */
const PARAMS: Record<OrderType, Record<NumericParam | 'timeInForce', 'r' | 'x' | 'market'>> = {
  MARKET: { quantity: 'market', quoteOrderQty: 'market', price: 'x', stopPrice: 'x', timeInForce: 'x' },
  LIMIT: { quantity: 'r', quoteOrderQty: 'x', price: 'r', stopPrice: 'x', timeInForce: 'r' },
  LIMIT_MAKER: { quantity: 'r', quoteOrderQty: 'x', price: 'r', stopPrice: 'x', timeInForce: 'x' },
  STOP_LOSS_LIMIT: { quantity: 'r', quoteOrderQty: 'x', price: 'r', stopPrice: 'r', timeInForce: 'r' },
  TAKE_PROFIT_LIMIT: { quantity: 'r', quoteOrderQty: 'x', price: 'r', stopPrice: 'r', timeInForce: 'r' },
};

function isSent(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}

function presence(name: string, rule: 'r' | 'x' | 'market', value: string | undefined): ExchangeRejection | null {
  const sent = isSent(value);
  if (rule === 'r' && !sent) {
    return new ExchangeRejection(
      BinanceCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
      `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
    );
  }
  if (rule === 'x' && sent)
    return new ExchangeRejection(BinanceCode.PARAM_NOT_REQUIRED, `Parameter '${name}' sent when not required.`);
  return null;
}

function wellFormed(name: string, value: string | undefined): ExchangeRejection | null {
  if (value === undefined || PLAIN_DECIMAL.test(value)) return null;
  return new ExchangeRejection(
    BinanceCode.ILLEGAL_CHARS,
    `Illegal characters found in parameter '${name}'; legal range is '${LEGAL_RANGE}'.`,
  );
}

/** Mandatory, refused and malformed parameters, as Binance reports them (-1102, -1106, -1100, -1115, -1117). */
function checkParameters(request: OrderRequest): ExchangeRejection | null {
  if (request.side !== 'BUY' && request.side !== 'SELL')
    return new ExchangeRejection(BinanceCode.INVALID_SIDE, 'Invalid side.');
  const rules = PARAMS[request.type];
  const missing =
    presence('timeInForce', rules.timeInForce, request.timeInForce) ??
    presence('quantity', rules.quantity, request.quantity) ??
    presence('quoteOrderQty', rules.quoteOrderQty, request.quoteOrderQty) ??
    presence('price', rules.price, request.price) ??
    // A trailing stop needs no stop price: without one it tracks from placement (trailing-stop-faq.md).
    presence('stopPrice', request.trailingDelta !== undefined ? 'market' : rules.stopPrice, request.stopPrice) ??
    (request.trailingDelta !== undefined && !isStopOrderType(request.type)
      ? new ExchangeRejection(BinanceCode.PARAM_NOT_REQUIRED, "Parameter 'trailingDelta' sent when not required.")
      : null);
  if (missing) return missing;
  if (request.type === 'MARKET') {
    const hasQty = isSent(request.quantity);
    const hasQuote = isSent(request.quoteOrderQty);
    if (!hasQty && !hasQuote) {
      return new ExchangeRejection(
        BinanceCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
        "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!",
      );
    }
    if (hasQty && hasQuote)
      return new ExchangeRejection(BinanceCode.PARAM_NOT_REQUIRED, "Parameter 'quoteOrderQty' sent when not required.");
  }
  if (request.timeInForce !== undefined && !TIME_IN_FORCE_KNOWN.has(request.timeInForce)) {
    return new ExchangeRejection(BinanceCode.INVALID_TIF, 'Invalid timeInForce.');
  }
  return (
    wellFormed('quantity', request.quantity) ??
    wellFormed('quoteOrderQty', request.quoteOrderQty) ??
    wellFormed('price', request.price) ??
    wellFormed('stopPrice', request.stopPrice)
  );
}

/** -1111 when a value has more decimals than its asset allows; -1013 for a zero. */
function checkValue(value: Scaled | undefined, name: string, precision: number): ExchangeRejection | null {
  if (value === undefined) return null;
  if (value.s > precision) return new ExchangeRejection(BinanceCode.BAD_PRECISION, BAD_PRECISION_MESSAGE);
  if (isZeroScaled(value)) return new ExchangeRejection(BinanceCode.FILTER_FAILURE, `Invalid ${name}.`);
  return null;
}

/**
 * Whether checkOrderFilters may read the context's reference price for this request: the price
 * bands of an order with a price, and the notional of a MARKET order by quantity. A MARKET order by
 * quoteOrderQty is valued at its quote amount, so a caller may leave fetching that price out.
 */
export function readsReferencePrice(request: OrderRequest): boolean {
  return request.price !== undefined || (request.type === 'MARKET' && request.quantity !== undefined);
}

/**
 * The venue's verdict on an order before it reaches the book: null when it passes, else the
 * rejection Binance would send. Order: symbol status, order type, parameters, then the filters
 * in exchangeInfo order (PRICE_FILTER, PERCENT_PRICE, PERCENT_PRICE_BY_SIDE, LOT_SIZE, MIN_NOTIONAL, NOTIONAL,
 * MARKET_LOT_SIZE, MAX_NUM_ORDERS, MAX_NUM_ALGO_ORDERS). Price bands are centred on, and market
 * orders valued at, the context's reference price: the average price (by quoteOrderQty: at that amount). Balances are not checked here.
 */
export function checkOrderFilters(
  market: Market,
  request: OrderRequest,
  context: FilterContext,
): ExchangeRejection | null {
  if (request.symbol !== market.symbol) return new ExchangeRejection(BinanceCode.BAD_SYMBOL, 'Invalid symbol.');
  if (market.status !== 'TRADING') return new ExchangeRejection(BinanceCode.NEW_ORDER_REJECTED, MARKET_CLOSED);
  if (!ORDER_TYPES_KNOWN.has(request.type))
    return new ExchangeRejection(BinanceCode.INVALID_ORDER_TYPE, BinanceMessage.INVALID_ORDER_TYPE);
  if (!market.orderTypes.includes(request.type)) {
    const unsupported = NOT_SUPPORTED[request.type];
    return unsupported
      ? new ExchangeRejection(BinanceCode.NEW_ORDER_REJECTED, unsupported)
      : new ExchangeRejection(BinanceCode.INVALID_ORDER_TYPE, BinanceMessage.INVALID_ORDER_TYPE);
  }
  const invalid = checkParameters(request);
  if (invalid) return invalid;
  const stp = request.selfTradePreventionMode;
  if (
    stp !== undefined &&
    market.allowedSelfTradePreventionModes &&
    !market.allowedSelfTradePreventionModes.includes(stp)
  )
    return new ExchangeRejection(BinanceCode.FILTER_FAILURE, STP_MODE_NOT_ALLOWED);

  const c = compiled(market);
  const isMarket = request.type === 'MARKET';
  const price = request.price !== undefined ? scaled(request.price) : undefined;
  const stopPrice = request.stopPrice !== undefined ? scaled(request.stopPrice) : undefined;
  const quantity = request.quantity !== undefined ? scaled(request.quantity) : undefined;
  const quoteOrderQty = request.quoteOrderQty !== undefined ? scaled(request.quoteOrderQty) : undefined;
  const badValue =
    checkValue(quantity, 'quantity', market.baseAssetPrecision) ??
    checkValue(quoteOrderQty, 'quoteOrderQty', market.quoteAssetPrecision) ??
    checkValue(price, 'price', market.quoteAssetPrecision) ??
    checkValue(stopPrice, 'stop price', market.quoteAssetPrecision);
  if (badValue) return badValue;

  if ((price && !inRange(price, c.price)) || (stopPrice && !inRange(stopPrice, c.price)))
    return filterFailure('PRICE_FILTER');

  if (price && (c.percentPrice || c.percentPriceBySide)) {
    const failed = referenceVerdict(c, request, price, quantity, context);
    if (failed & (PERCENT_UP | PERCENT_DOWN)) return filterFailure('PERCENT_PRICE');
    if (failed & (SIDE_UP | SIDE_DOWN)) return filterFailure('PERCENT_PRICE_BY_SIDE');
  }

  if (quantity && !inRange(quantity, c.lot, true)) return filterFailure('LOT_SIZE');

  if (isMarket && quantity) {
    // Valued at the reference price (a MARKET order has no price of its own, so no band was read above).
    const failed = referenceVerdict(c, request, price, quantity, context);
    if (failed & MIN_NOTIONAL_LOW) return filterFailure('MIN_NOTIONAL');
    if (failed & (NOTIONAL_LOW | NOTIONAL_HIGH)) return filterFailure('NOTIONAL');
  } else {
    const notional = isMarket ? (quoteOrderQty as Scaled) : times(price as Scaled, quantity as Scaled);
    if (c.minNotional && (!isMarket || c.minNotional.applyToMarket) && compare(notional, c.minNotional.min) < 0) {
      return filterFailure('MIN_NOTIONAL');
    }
    if (c.notional) {
      const n = c.notional;
      if ((!isMarket || n.applyMinToMarket) && compare(notional, n.min) < 0) return filterFailure('NOTIONAL');
      if ((!isMarket || n.applyMaxToMarket) && !isZeroScaled(n.max) && compare(notional, n.max) > 0)
        return filterFailure('NOTIONAL');
    }
  }

  if (isMarket && quantity && c.marketLot && !inRange(quantity, c.marketLot, true))
    return filterFailure('MARKET_LOT_SIZE');

  const trailing = checkTrailingDelta(market, request);
  if (trailing) return trailing;

  const maxOrders = market.filters.maxNumOrders;
  if (maxOrders !== undefined && context.openOrders !== undefined && context.openOrders >= maxOrders)
    return filterFailure('MAX_NUM_ORDERS');
  const maxAlgo = market.filters.maxNumAlgoOrders;
  if (
    maxAlgo !== undefined &&
    isStopOrderType(request.type) &&
    context.openAlgoOrders !== undefined &&
    context.openAlgoOrders >= maxAlgo
  ) {
    return filterFailure('MAX_NUM_ALGO_ORDERS');
  }
  return null;
}

/**
 * TRAILING_DELTA (filters.md, trailing-stop-faq.md): STOP_LOSS_LIMIT BUY and TAKE_PROFIT_LIMIT SELL
 * stand above the market and use the "above" bounds, the other two the "below" bounds. Without the
 * filter a delta must still be a whole number of BIPS above 0.
 */
function checkTrailingDelta(market: Market, request: OrderRequest): ExchangeRejection | null {
  const delta = request.trailingDelta;
  if (delta === undefined) return null;
  if (!Number.isSafeInteger(delta) || delta < 0) {
    return new ExchangeRejection(
      BinanceCode.ILLEGAL_CHARS,
      "Illegal characters found in parameter 'trailingDelta'; legal range is '^[0-9]{1,20}$'.",
    );
  }
  const f = market.filters.trailingDelta;
  const above = (request.type === 'STOP_LOSS_LIMIT') === (request.side === 'BUY');
  const min = f ? (above ? f.minTrailingAboveDelta : f.minTrailingBelowDelta) : 1;
  const max = f ? (above ? f.maxTrailingAboveDelta : f.maxTrailingBelowDelta) : Number.MAX_SAFE_INTEGER;
  return delta < Math.max(min, 1) || delta > max ? filterFailure('TRAILING_DELTA') : null;
}
