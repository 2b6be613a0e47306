import { FIAT_USD, STABLECOINS } from '../model/market.js';

/** USD itself or a USD stablecoin: selling into it reduces exposure. */
export function isUsdLike(asset: string): boolean {
  return asset === FIAT_USD || STABLECOINS.includes(asset);
}
