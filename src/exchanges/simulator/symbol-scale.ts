import type { FeeRates, Market } from '../../model/market.js';
import { decimalsOf, isZero } from '../../model/money.js';
import { ATTO_DECIMALS, POW10_BIG, toAtto, toUnits } from './fixed-point.js';

/** How one symbol's decimals map onto the engine's integers (see fixed-point.ts), and its fee rates. */
export interface SymbolScale {
  readonly market: Market;
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly priceDecimals: number;
  readonly qtyDecimals: number;
  /** Atto-units of the base asset in one quantity unit. */
  readonly qtyAtto: bigint;
  /** Atto-units of the quote asset in one price unit × one quantity unit. */
  readonly notionalAtto: bigint;
  /** LOT_SIZE step in quantity units (1 when the step is disabled). */
  readonly lotStep: number;
  /** Step that quantities bought or sold by quoteOrderQty are rounded down to, in quantity units. */
  readonly marketStep: number;
  /** Fee rates in atto (0.001 → 10^15). */
  readonly makerRate: bigint;
  readonly takerRate: bigint;
  /** The same rates as small integers, for commissions computed exactly in plain numbers (see settlement.ts). */
  readonly makerFee: FeeRate;
  readonly takerFee: FeeRate;
  readonly fees: FeeRates;
}

/** A fee rate as `units` × 10^-decimals (0.001 → 1 × 10^-3); units is -1 when it is not a safe integer. */
export interface FeeRate {
  readonly units: number;
  readonly decimals: number;
}

export function feeRate(atto: bigint): FeeRate {
  let digits = atto;
  let decimals = ATTO_DECIMALS;
  while (decimals > 0 && digits % 10n === 0n) {
    digits /= 10n;
    decimals -= 1;
  }
  const units = Number(digits);
  return { units: atto >= 0n && Number.isSafeInteger(units) ? units : -1, decimals };
}

export function symbolScale(market: Market, fees: FeeRates): SymbolScale {
  const { tickSize } = market.filters.price;
  const lotStepSize = market.filters.lotSize.stepSize;
  const marketStepSize = market.filters.marketLotSize?.stepSize;
  const priceDecimals = isZero(tickSize) ? market.quoteAssetPrecision : decimalsOf(tickSize);
  let qtyDecimals = isZero(lotStepSize) ? market.baseAssetPrecision : decimalsOf(lotStepSize);
  if (marketStepSize !== undefined && !isZero(marketStepSize))
    qtyDecimals = Math.max(qtyDecimals, decimalsOf(marketStepSize));
  if (priceDecimals + qtyDecimals > ATTO_DECIMALS) {
    throw new RangeError(
      `${market.symbol}: tick (${priceDecimals} decimals) and step (${qtyDecimals} decimals) together exceed the engine's ${ATTO_DECIMALS} decimals`,
    );
  }
  const lotStep = isZero(lotStepSize) ? 1 : toUnits(lotStepSize, qtyDecimals);
  const marketStep =
    marketStepSize !== undefined && !isZero(marketStepSize) ? toUnits(marketStepSize, qtyDecimals) : lotStep;
  return {
    market,
    symbol: market.symbol,
    baseAsset: market.baseAsset,
    quoteAsset: market.quoteAsset,
    priceDecimals,
    qtyDecimals,
    qtyAtto: POW10_BIG[ATTO_DECIMALS - qtyDecimals],
    notionalAtto: POW10_BIG[ATTO_DECIMALS - priceDecimals - qtyDecimals],
    lotStep,
    marketStep,
    makerRate: toAtto(fees.maker),
    takerRate: toAtto(fees.taker),
    makerFee: feeRate(toAtto(fees.maker)),
    takerFee: feeRate(toAtto(fees.taker)),
    fees,
  };
}
