import { Big } from '../model/money.js';
import type { MarketData } from '../ports/market-data.js';

/** Binance's avgPrice: volume-weighted price of the last 5 minutes (the last close when nothing traded). */
export async function averagePrice(
  marketData: MarketData,
  symbol: string,
): Promise<{ price: string; closeTime: number }> {
  const candles = await marketData.candles(symbol, '1m', { limit: 5 });
  const volume = candles.reduce((acc, c) => acc.plus(c.volume), new Big(0));
  const quote = candles.reduce((acc, c) => acc.plus(c.quoteVolume), new Big(0));
  const last = candles.at(-1);
  const price = volume.gt(0) ? quote.div(volume) : new Big(last?.close ?? '0');
  return { price: price.toFixed(8), closeTime: last?.closeTime ?? 0 };
}
