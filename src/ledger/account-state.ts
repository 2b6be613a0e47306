import type { Balance } from '../model/balance.js';
import { FIAT_USD } from '../model/market.js';
import { Big, str, type Decimal } from '../model/money.js';
import type { TradingMode } from '../model/trading-mode.js';
import type { Holding } from './average-cost-ledger.js';
import { usdPriceOf, type PriceBook } from './usd-valuation.js';

export interface Position {
  asset: string;
  quantity: Decimal;
  averageCost: Decimal;
  costBasisUsd: Decimal;
  marketPrice: Decimal;
  marketValueUsd: Decimal;
  unrealizedPnlUsd: Decimal;
  realizedPnlUsd: Decimal;
  /** How the asset was valued: 'BTCUSD last price', 'USDT at 1:1 (no USD market)', ... */
  valuation: string;
}

export interface AccountState {
  mode: TradingMode;
  balances: (Balance & { total: Decimal })[];
  positions: Position[];
  portfolioValueUsd: Decimal;
  realizedPnlUsd: Decimal;
  unrealizedPnlUsd: Decimal;
  /** Equity change since 00:00 UTC. */
  dailyPnlUsd: Decimal;
  valuationNotes: string[];
}

export interface AccountStateInput {
  mode: TradingMode;
  /** The venue's balances: the truth for quantities held. */
  balances: readonly Balance[];
  /** The ledger's positions (AverageCostLedger.holdings()), for cost basis and realized P&L. */
  holdings: readonly Holding[];
  prices: PriceBook;
  /** Equity at the start of the UTC day (DailyLossBreaker); dailyPnlUsd is 0 without it. */
  dayStartEquityUsd?: Decimal | null;
}

const AVERAGE_COST_DP = 8;

/**
 * The account as the tools show it. Portfolio value is the sum over balances of total x USD price;
 * an asset with no route to USD adds nothing and a note says so. Positions list every non-USD asset
 * held or with realized P&L; their unrealized P&L is market value - cost basis. Quantities come from
 * the ledger: apply fills and reconcile the ledger with the balances first.
 */
export function buildAccountState(input: AccountStateInput): AccountState {
  const notes = new Set<string>();
  let portfolio = new Big(0);
  const balances = input.balances.map((b) => {
    const total = new Big(b.free).plus(b.locked);
    const price = usdPriceOf(b.asset, input.prices);
    if (total.gt(0) && b.asset !== FIAT_USD) notes.add(price.note);
    if (price.priceUsd !== null) portfolio = portfolio.plus(total.times(price.priceUsd));
    return { ...b, total: str(total) };
  });

  const heldAssets = new Set(input.balances.filter((b) => b.asset !== FIAT_USD).map((b) => b.asset));
  const byAsset = new Map(input.holdings.map((h) => [h.asset, h]));
  const assets = [...new Set([...heldAssets, ...byAsset.keys()])].sort();
  let realized = new Big(0);
  let unrealized = new Big(0);
  const positions: Position[] = [];
  for (const asset of assets) {
    const holding = byAsset.get(asset);
    const position = positionOf(asset, holding, input.prices);
    realized = realized.plus(position.realizedPnlUsd);
    unrealized = unrealized.plus(position.unrealizedPnlUsd);
    if (new Big(position.quantity).gt(0) || !new Big(position.realizedPnlUsd).eq(0)) positions.push(position);
    const balance = balances.find((b) => b.asset === asset);
    if (balance && !new Big(balance.total).eq(position.quantity))
      notes.add(
        `the ledger holds ${position.quantity} ${asset} but the balance is ${balance.total}: positions are out of date until AverageCostLedger.reconcile runs`,
      );
    if (holding && new Big(holding.pendingBasisQuantity).gt(0))
      notes.add(
        `${holding.pendingBasisQuantity} ${asset} has no cost basis yet (no price seen): its unrealized P&L is not counted`,
      );
  }

  const start = input.dayStartEquityUsd;
  return {
    mode: input.mode,
    balances,
    positions,
    portfolioValueUsd: str(portfolio),
    realizedPnlUsd: str(realized),
    unrealizedPnlUsd: str(unrealized),
    dailyPnlUsd: start === undefined || start === null ? '0' : str(portfolio.minus(start)),
    valuationNotes: [...notes],
  };
}

function positionOf(asset: string, holding: Holding | undefined, prices: PriceBook): Position {
  const price = usdPriceOf(asset, prices);
  const quantity = new Big(holding?.quantity ?? '0');
  const cost = new Big(holding?.costBasisUsd ?? '0');
  const pending = new Big(holding?.pendingBasisQuantity ?? '0');
  const marketValue = price.priceUsd === null ? null : quantity.times(price.priceUsd);
  const valuedQuantity = quantity.minus(pending);
  const unrealized = price.priceUsd === null ? new Big(0) : valuedQuantity.times(price.priceUsd).minus(cost);
  return {
    asset,
    quantity: str(quantity),
    averageCost: valuedQuantity.gt(0) ? str(cost.div(valuedQuantity).round(AVERAGE_COST_DP, Big.roundHalfUp)) : '0',
    costBasisUsd: str(cost),
    marketPrice: price.priceUsd ?? '0',
    marketValueUsd: marketValue === null ? '0' : str(marketValue),
    unrealizedPnlUsd: str(unrealized),
    realizedPnlUsd: holding?.realizedPnlUsd ?? '0',
    valuation: price.note,
  };
}
