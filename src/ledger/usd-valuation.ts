import { FIAT_USD, STABLECOINS } from '../model/market.js';
import { Big, str, type Decimal } from '../model/money.js';

/** Last traded prices by symbol ('BTCUSD' -> '64000.12'). */
export interface PriceBook {
  lastPrice(symbol: string): Decimal | undefined;
}

/** A PriceBook over a plain map; `set` updates a price. */
export class MapPriceBook implements PriceBook {
  private readonly prices: Map<string, Decimal>;

  constructor(prices: Iterable<[string, Decimal]> | Record<string, Decimal> = []) {
    this.prices = new Map(Symbol.iterator in prices ? (prices as Iterable<[string, Decimal]>) : Object.entries(prices));
  }

  lastPrice(symbol: string): Decimal | undefined {
    return this.prices.get(symbol);
  }

  set(symbol: string, price: Decimal): void {
    this.prices.set(symbol, price);
  }
}

export interface UsdPrice {
  /** USD per unit, or null when no route to USD exists. */
  priceUsd: Decimal | null;
  /** How it was valued, e.g. 'BTC valued at the BTCUSD last price', 'USDT valued 1:1 (no USDTUSD price)'. */
  note: string;
}

export interface UsdValuation extends UsdPrice {
  valueUsd: Decimal | null;
}

/**
 * USD per unit of `asset`: USD is 1; a stablecoin takes its USD market price when one exists, else
 * 1:1; any other asset X takes the XUSD last price, else XUSDT / XUSDC / ... times that
 * stablecoin's USD price (stablecoins tried in the order of STABLECOINS). Null when there is no route.
 */
export function usdPriceOf(asset: string, prices: PriceBook): UsdPrice {
  if (asset === FIAT_USD) return { priceUsd: '1', note: 'USD is the unit of account' };
  if (STABLECOINS.includes(asset)) return stablecoinPrice(asset, prices);
  const direct = prices.lastPrice(asset + FIAT_USD);
  if (direct !== undefined) return { priceUsd: direct, note: `${asset} valued at the ${asset}${FIAT_USD} last price` };
  for (const stable of STABLECOINS) {
    const viaStable = prices.lastPrice(asset + stable);
    if (viaStable === undefined) continue;
    const stableUsd = stablecoinPrice(stable, prices);
    return {
      priceUsd: str(new Big(viaStable).times(stableUsd.priceUsd!)),
      note: `${asset} valued at the ${asset}${stable} last price; ${stableUsd.note}`,
    };
  }
  return { priceUsd: null, note: `${asset} not valued (no ${asset}${FIAT_USD} or ${asset}-stablecoin price)` };
}

export function valueInUsd(asset: string, amount: Decimal, prices: PriceBook): UsdValuation {
  const price = usdPriceOf(asset, prices);
  const valueUsd =
    price.priceUsd === null ? null : asset === FIAT_USD ? amount : str(new Big(amount).times(price.priceUsd));
  return { ...price, valueUsd };
}

function stablecoinPrice(asset: string, prices: PriceBook): UsdPrice {
  const market = prices.lastPrice(asset + FIAT_USD);
  if (market !== undefined) return { priceUsd: market, note: `${asset} valued at the ${asset}${FIAT_USD} last price` };
  return { priceUsd: '1', note: `${asset} valued 1:1 (no ${asset}${FIAT_USD} price)` };
}
