import { ExchangeRejection, InvalidInput } from '../model/errors.js';
import { SYMBOL_PATTERN, type Market } from '../model/market.js';
import type { MarketData } from '../ports/market-data.js';

/**
 * The market a caller's order names, or an InvalidInput saying what is wrong with the symbol.
 * `anyStatus` also takes a market that is not TRADING (to compare a retry with its first order).
 */
export async function tradableMarket(marketData: MarketData, requested: string, anyStatus = false): Promise<Market> {
  const symbol = String(requested ?? '').toUpperCase();
  if (!SYMBOL_PATTERN.test(symbol))
    throw new InvalidInput(
      'symbol',
      `"${requested ?? ''}" is not a symbol`,
      'a Binance.US symbol such as BTCUSD (see list_markets)',
    );
  let market: Market;
  try {
    market = await marketData.market(symbol);
  } catch (error) {
    if (error instanceof ExchangeRejection)
      throw new InvalidInput('symbol', `${symbol} is not traded here`, 'a symbol from list_markets');
    throw error;
  }
  if (market.status !== 'TRADING' && !anyStatus)
    throw new InvalidInput('symbol', `${symbol} is ${market.status}, not TRADING`, 'a symbol whose status is TRADING');
  return market;
}
