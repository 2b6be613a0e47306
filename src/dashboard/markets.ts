import type { App } from '../app/app.js';
import type { MarketSummary } from '../app/api.js';

/** Every market, read page by page from list_markets' use case. */
export async function allMarkets(app: App): Promise<MarketSummary[]> {
  const markets: MarketSummary[] = [];
  let cursor: number | null = 0;
  while (cursor !== null) {
    const page: { markets: MarketSummary[]; nextCursor: number | null } = await app.market.listMarkets({
      cursor,
      limit: 500,
    });
    markets.push(...page.markets);
    cursor = page.nextCursor;
  }
  return markets;
}
