/**
 * The account's closed trades, by the average-cost method the account view uses
 * (average-cost-ledger.ts): an order that disposes of a coin (a SELL of BTCUSD; either side of a
 * cross pair gives one coin away) closes a trade; its P&L is what the ledger realizes on those
 * fills (after the closing fee; the entry fees are in the cost basis), so the trades add up to the
 * account's realized P&L exactly. USD and stablecoins are cash: spending them opens no trade.
 */
import type { Fill } from '../model/fill.js';
import { FIAT_USD, STABLECOINS } from '../model/market.js';
import { Big, str, type Decimal } from '../model/money.js';
import { AverageCostLedger } from './average-cost-ledger.js';
import type { PairAssets } from './equity-reconstruction.js';
import type { PriceBook } from './usd-valuation.js';

export interface AccountTrade {
  symbol: string;
  clientOrderId: string;
  /** When the position in the coin given away was last opened from flat (ms). */
  entryTime: number;
  exitTime: number;
  /** Average cost (USD per unit) of what left, and the fills' average price. */
  entryPrice: Decimal;
  exitPrice: Decimal;
  quantity: Decimal;
  pnlUsd: Decimal;
  /** pnl over the cost basis that left. */
  returnPct: number;
  feesUsd: Decimal;
}

export interface AccountLedgerRun {
  trades: AccountTrade[];
  /** Commissions of every fill at or after `from`, in USD (fees that could not be valued count 0). */
  feesUsd: Decimal;
  /** Realized P&L of the fills at or after `from`. */
  realizedUsd: Decimal;
  notes: string[];
}

const isCash = (asset: string) => asset === FIAT_USD || STABLECOINS.includes(asset);

/**
 * Walks every fill since the account's start (oldest first) from its opening holdings; trades and
 * fees are counted for fills at or after `from`.
 */
export function accountTrades(input: {
  opening: ReadonlyMap<string, Decimal>;
  fills: readonly Fill[];
  pairs: ReadonlyMap<string, PairAssets>;
  /** Prices to value a fill in USD at its time (the fill's own price is added). */
  pricesAt: (time: number) => PriceBook;
  openedAt: number;
  from: number;
}): AccountLedgerRun {
  const ledger = new AverageCostLedger();
  const notes = new Set<string>();
  const start = input.pricesAt(input.openedAt);
  for (const [asset, qty] of input.opening) ledger.openingBalance(asset, qty, start);
  const since = new Map<string, number>();
  for (const [asset, qty] of input.opening) if (new Big(qty).gt(0)) since.set(asset, input.openedAt);
  const open = new Map<string, { trade: AccountTrade; qty: Big; quote: Big; pnl: Big; fees: Big; cost: Big }>();
  const trades: AccountTrade[] = [];
  let fees = new Big(0);
  let realized = new Big(0);
  for (const fill of [...input.fills].sort((a, b) => a.time - b.time || a.tradeId.localeCompare(b.tradeId))) {
    const pair = input.pairs.get(fill.symbol);
    if (!pair) throw new Error(`no base/quote assets known for ${fill.symbol}`);
    const given = fill.side === 'SELL' ? pair.baseAsset : pair.quoteAsset;
    const received = fill.side === 'SELL' ? pair.quoteAsset : pair.baseAsset;
    const before = ledger.holding(given);
    const receivedBefore = new Big(ledger.holding(received)?.quantity ?? '0');
    const prices = withOwnPrice(input.pricesAt(fill.time), fill);
    const effect = ledger.applyFill(fill, pair, prices);
    effect.notes.forEach((n) => notes.add(n));
    if (receivedBefore.lte(0)) since.set(received, fill.time);
    if (fill.time < input.from) continue;
    const fee = new Big(effect.feeUsd ?? '0');
    fees = fees.plus(fee);
    realized = realized.plus(effect.realizedPnlUsd);
    if (isCash(given) || !before || new Big(before.quantity).lte(0)) continue;
    const qtyGiven = new Big(fill.side === 'SELL' ? fill.qty : fill.quoteQty);
    const avgCost = new Big(before.costBasisUsd).div(before.quantity);
    const key = `${fill.symbol}:${fill.clientOrderId}`;
    const entry = open.get(key) ?? {
      trade: {
        symbol: fill.symbol,
        clientOrderId: fill.clientOrderId,
        entryTime: since.get(given) ?? input.openedAt,
        exitTime: fill.time,
        entryPrice: '0',
        exitPrice: '0',
        quantity: '0',
        pnlUsd: '0',
        returnPct: 0,
        feesUsd: '0',
      },
      qty: new Big(0),
      quote: new Big(0),
      pnl: new Big(0),
      fees: new Big(0),
      cost: new Big(0),
    };
    if (!open.has(key)) {
      open.set(key, entry);
      trades.push(entry.trade);
    }
    entry.qty = entry.qty.plus(fill.qty);
    entry.quote = entry.quote.plus(fill.quoteQty);
    entry.pnl = entry.pnl.plus(effect.realizedPnlUsd);
    entry.fees = entry.fees.plus(fee);
    entry.cost = entry.cost.plus(avgCost.times(qtyGiven));
    const t = entry.trade;
    t.exitTime = fill.time;
    t.quantity = str(entry.qty);
    t.exitPrice = str(entry.quote.div(entry.qty).round(8));
    t.entryPrice = str(entry.cost.div(fill.side === 'SELL' ? entry.qty : entry.quote).round(8));
    t.pnlUsd = str(entry.pnl.round(8));
    t.feesUsd = str(entry.fees.round(8));
    t.returnPct = entry.cost.gt(0) ? Number(entry.pnl.div(entry.cost)) : 0;
  }
  return { trades, feesUsd: str(fees.round(8)), realizedUsd: str(realized.round(8)), notes: [...notes] };
}

function withOwnPrice(prices: PriceBook, fill: Fill): PriceBook {
  return { lastPrice: (symbol) => (symbol === fill.symbol ? fill.price : prices.lastPrice(symbol)) };
}
