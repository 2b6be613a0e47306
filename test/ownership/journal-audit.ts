/**
 * What must hold in a journal that several processes wrote to: balances follow exactly from the
 * starting balances and the journaled fills, every FILLED order has its fills, ids are unique, and
 * the BTC bought stays within the position limit.
 */
import { Big } from '../../src/model/money.js';
import type { Store } from '../../src/ports/store.js';

const QUOTES = ['USDT', 'USDC', 'USD', 'BTC'];

function assetsOf(symbol: string): { base: string; quote: string } {
  const quote = QUOTES.find((q) => symbol.endsWith(q) && symbol.length > q.length)!;
  return { base: symbol.slice(0, -quote.length), quote };
}

export interface JournalAudit {
  problems: string[];
  filledOrders: number;
  fills: number;
  /** USD spent on BTC net of sales, from the fills. */
  btcCostUsd: Big;
  balances: Record<string, string>;
}

export async function auditJournal(store: Store, starting: Record<string, string>): Promise<JournalAudit> {
  const problems: string[] = [];
  const orders = await store.listOrders({ mode: 'paper', limit: 1_000_000 });
  const fills = await store.listFills({ mode: 'paper', limit: 1_000_000 });
  const expected = new Map<string, Big>(Object.entries(starting).map(([a, v]) => [a, new Big(v)]));
  const add = (asset: string, amount: Big) => expected.set(asset, (expected.get(asset) ?? new Big(0)).plus(amount));
  let btcCostUsd = new Big(0);
  for (const fill of fills) {
    const { base, quote } = assetsOf(fill.symbol);
    const sign = fill.side === 'BUY' ? 1 : -1;
    add(base, new Big(fill.qty).times(sign));
    add(quote, new Big(fill.quoteQty).times(-sign));
    add(fill.commissionAsset, new Big(fill.commission).times(-1));
    if (base === 'BTC') btcCostUsd = btcCostUsd.plus(new Big(fill.quoteQty).times(sign));
  }
  const stored = (await store.loadBalances('paper')) ?? [];
  const balances: Record<string, string> = {};
  for (const b of stored) balances[b.asset] = new Big(b.free).plus(b.locked).toFixed();
  for (const [asset, amount] of expected) {
    const actual = new Big(balances[asset] ?? '0');
    if (!actual.eq(amount))
      problems.push(`${asset}: journal balance ${actual.toFixed()} but starting + fills = ${amount.toFixed()}`);
    if (amount.lt(0)) problems.push(`${asset}: fills spend more than there was (${amount.toFixed()})`);
  }
  for (const asset of Object.keys(balances))
    if (!expected.has(asset) && !new Big(balances[asset]!).eq(0))
      problems.push(`${asset}: balance ${balances[asset]} from no fill`);

  const fillsByOrder = new Map<string, Big>();
  for (const fill of fills)
    fillsByOrder.set(fill.clientOrderId, (fillsByOrder.get(fill.clientOrderId) ?? new Big(0)).plus(fill.qty));
  let filledOrders = 0;
  for (const order of orders) {
    const filled = fillsByOrder.get(order.clientOrderId) ?? new Big(0);
    if (order.status === 'FILLED') filledOrders += 1;
    if (!filled.eq(order.executedQty))
      problems.push(
        `order ${order.clientOrderId} (${order.status}) executed ${order.executedQty} but its journaled fills add up to ${filled.toFixed()}`,
      );
  }
  const orderIds = orders.map((o) => o.orderId).filter((id): id is string => id !== null);
  const repeated = orderIds.filter((id, i) => orderIds.indexOf(id) !== i);
  if (repeated.length > 0) problems.push(`order ids given twice: ${[...new Set(repeated)].join(', ')}`);
  const tradeIds = fills.map((f) => `${f.symbol}:${f.tradeId}`);
  if (new Set(tradeIds).size !== tradeIds.length) problems.push('trade ids given twice');
  const clientIds = orders.map((o) => o.clientOrderId);
  if (new Set(clientIds).size !== clientIds.length) problems.push('client order ids journaled twice');
  return { problems, filledOrders, fills: fills.length, btcCostUsd, balances };
}
