import type { Balance } from '../model/balance.js';
import { Big, str } from '../model/money.js';
import type { MarketData } from '../ports/market-data.js';
import type { AuditEntry } from '../ports/audit-log.js';
import type { OrderHistory } from '../ports/order-journal.js';

/**
 * The paper balances that follow from the journal's fills: the balances the account was opened or
 * last reset with, plus every fill since. The stored balances are written with each execution from
 * the venue's view at that moment, which may already include a fill whose own row is still queued;
 * a process killed between the two leaves stored balances ahead of the fills, and a venue rebuilt
 * from them would fill that order a second time. Undefined when the journal does not say what the
 * account started from (then the stored balances are all there is).
 */
export async function balancesFromFills(
  store: Pick<OrderHistory, 'listFills'>,
  marketData: MarketData,
  start: AuditEntry | undefined,
): Promise<Balance[] | undefined> {
  const opening = (start?.detail as { balances?: Balance[] } | undefined)?.balances;
  if (!start || !opening) return undefined;
  const totals = new Map<string, Big>();
  const add = (asset: string, amount: Big) => totals.set(asset, (totals.get(asset) ?? new Big(0)).plus(amount));
  for (const b of opening) add(b.asset, new Big(b.free).plus(b.locked));
  const fills = await store.listFills({ mode: 'paper', since: start.time, limit: 10_000_000 });
  const markets = new Map((await marketData.markets()).map((m) => [m.symbol, m]));
  for (const fill of fills) {
    const market = markets.get(fill.symbol) ?? (await marketData.market(fill.symbol));
    const sign = fill.side === 'BUY' ? 1 : -1;
    add(market.baseAsset, new Big(fill.qty).times(sign));
    add(market.quoteAsset, new Big(fill.quoteQty).times(-sign));
    add(fill.commissionAsset, new Big(fill.commission).times(-1));
  }
  return [...totals]
    .filter(([, total]) => !total.eq(0))
    .map(([asset, total]) => ({ asset, free: str(total), locked: '0' }));
}

/** True when both lists hold the same total of every asset. */
export function sameTotals(a: Balance[], b: Balance[]): boolean {
  const totals = (list: Balance[]) =>
    new Map(
      list.map((x) => [x.asset, new Big(x.free).plus(x.locked)]).filter(([, t]) => !(t as Big).eq(0)) as [
        string,
        Big,
      ][],
    );
  const [ta, tb] = [totals(a), totals(b)];
  return ta.size === tb.size && [...ta].every(([asset, total]) => tb.get(asset)?.eq(total) === true);
}
