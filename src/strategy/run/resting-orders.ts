/**
 * The orders a forward run leaves resting on the venue, as the backtest does: a take-profit LIMIT
 * sell for each lot (placed when its entry fills) and limit entries that expire. They are followed
 * from the account's journaled orders and fills (the desk books the venue's executions), and
 * canceled through the one road; every placement has an action id made of the run and the lot or
 * bar, so a resumed run resends the same order instead of a second one.
 */
import type { PlaceOrderOutcome, TradingDesk } from '../../app/api.js';
import type { Fill } from '../../model/fill.js';
import type { Market } from '../../model/market.js';
import { Big, str } from '../../model/money.js';
import type { OrderRecord } from '../../ports/order-journal.js';
import type { RestingOrder, RunLot, RunState } from './run-state.js';

/** What a run needs of the trading account. */
export type OrderRoad = Pick<TradingDesk, 'placeOrder' | 'cancelOrder' | 'orders' | 'tradeHistory' | 'account'>;

/** The run whose orders rest (ForwardRun). */
export interface RestingHost {
  readonly state: RunState;
  readonly doc: { name: string; symbols: readonly string[] };
  readonly deps: { road: OrderRoad; markets: ReadonlyMap<string, Market>; actionPrefix: string; origin: string };
  openLot(symbol: string, entry: EntryFills, atrs: Record<string, number>): RunLot;
  dropLot(id: number): void;
  mustStop(clientOrderId: string, what: string): never;
  refused(outcome: PlaceOrderOutcome, what: string): void;
}

/** What a BUY's fills made: base received net of a commission taken in base, and the average price. */
export function entryOf(fills: readonly Fill[], baseAsset: string): EntryFills | null {
  let qty = Big(0);
  let net = Big(0);
  let quote = 0;
  let time = 0;
  for (const f of fills) {
    time = Math.max(time, f.time);
    qty = qty.plus(f.qty);
    net = net.plus(f.qty);
    if (f.commissionAsset === baseAsset) net = net.minus(f.commission);
    quote += Number(f.quoteQty);
  }
  return qty.gt(0) ? { net: str(net), avg: quote / Number(qty), time } : null;
}

export interface EntryFills {
  net: string;
  avg: number;
  /** When the last of them executed. */
  time: number;
}

export class RestingOrders {
  constructor(private readonly run: RestingHost) {}

  get list(): RestingOrder[] {
    return (this.run.state.resting ??= []);
  }

  /** Books what each resting order executed since the last look; true when anything changed. */
  async follow(): Promise<boolean> {
    if (this.list.length === 0) return false;
    const road = this.run.deps.road;
    let changed = false;
    for (const symbol of new Set(this.list.map((r) => r.symbol))) {
      const open = await road.orders({ symbol, openOnly: true, limit: 1000 });
      for (const r of this.list.filter((x) => x.symbol === symbol)) {
        const now = open.find((o) => o.clientOrderId === r.clientOrderId);
        const record = now ?? (await this.finalRecord(r));
        if (record) changed = (await this.book(r, record, !now)) || changed;
      }
    }
    return changed;
  }

  /** Cancels a resting order through the road and books its last state (also when it had already ended). */
  async cancel(r: RestingOrder): Promise<void> {
    const outcome = await this.run.deps.road.cancelOrder({
      symbol: r.symbol,
      clientOrderId: r.clientOrderId,
      origin: this.run.deps.origin,
    });
    const record = outcome.order ?? (await this.finalRecord(r));
    if (record) await this.book(r, record, true);
    else this.drop(r);
  }

  takeProfitOf(lot: RunLot): RestingOrder | undefined {
    return this.list.find((r) => r.kind === 'take-profit' && r.lotId === lot.id);
  }

  /** Rests a LIMIT sell of the whole lot at its target (the price rounded up to the tick by the road). */
  async placeTakeProfit(lot: RunLot): Promise<void> {
    const k = this.run.doc.symbols.indexOf(lot.symbol);
    const outcome = await this.run.deps.road.placeOrder({
      symbol: lot.symbol,
      side: 'SELL',
      orderType: 'LIMIT',
      timeInForce: 'GTC',
      price: lot.target.toFixed(12),
      quantity: lot.qty,
      actionId: `${this.run.deps.actionPrefix}-${k}p${lot.id}`,
      origin: this.run.deps.origin,
      rationale: `strategy ${this.run.doc.name}: take-profit`,
    });
    this.run.state.counts.orders += 1;
    if (outcome.status === 'unknown') this.run.mustStop(outcome.clientOrderId, `take-profit SELL ${lot.symbol}`);
    if (outcome.status !== 'placed' || !outcome.order) {
      this.run.refused(outcome, `take-profit SELL ${lot.symbol}`);
      return;
    }
    const r: RestingOrder = {
      kind: 'take-profit',
      symbol: lot.symbol,
      clientOrderId: outcome.clientOrderId,
      lotId: lot.id,
      executed: '0',
    };
    this.list.push(r);
    await this.book(r, outcome.order, !isOpen(outcome.order));
  }

  /** Follows a limit entry the road accepted (booking what it executed at once). */
  async entryPlaced(r: RestingOrder, record: OrderRecord): Promise<void> {
    this.list.push(r);
    await this.book(r, record, !isOpen(record));
  }

  private async finalRecord(r: RestingOrder): Promise<OrderRecord | undefined> {
    return (await this.run.deps.road.orders({ symbol: r.symbol, clientOrderId: r.clientOrderId, limit: 1 }))[0];
  }

  private async book(r: RestingOrder, record: OrderRecord, ended: boolean): Promise<boolean> {
    const delta = Big(record.executedQty).minus(r.executed);
    let changed = ended;
    if (delta.gt(0)) {
      changed = true;
      r.executed = record.executedQty;
      if (record.status === 'FILLED') this.run.state.counts.filled += 1;
      if (r.kind === 'take-profit') this.sold(r, delta);
      else await this.entryFilled(r);
    }
    if (ended) this.drop(r);
    return changed;
  }

  /** A lot closes when what is left of it is less than one lot step, as in the backtest. */
  private sold(r: RestingOrder, qty: Big): void {
    const lot = this.run.state.lots.find((l) => l.id === r.lotId);
    if (!lot) return;
    const left = Big(lot.qty).minus(qty);
    if (left.lt(this.run.deps.markets.get(lot.symbol)!.filters.lotSize.stepSize)) this.run.dropLot(lot.id);
    else lot.qty = str(left);
  }

  /** A limit entry's fills so far make (or update) its lot; the take-profit goes on with the first part, as in the backtest. */
  private async entryFilled(r: RestingOrder): Promise<void> {
    const market = this.run.deps.markets.get(r.symbol)!;
    const fills = await this.run.deps.road.tradeHistory({
      symbol: r.symbol,
      clientOrderId: r.clientOrderId,
      limit: 100_000,
    });
    const entry = entryOf(fills, market.baseAsset);
    if (!entry) return;
    const lot = this.run.state.lots.find((l) => l.id === r.lotId);
    if (lot) {
      lot.qty = entry.net;
      lot.entryPrice = entry.avg;
      return;
    }
    const opened = this.run.openLot(r.symbol, entry, r.atrs ?? {});
    r.lotId = opened.id;
    if (opened.target > 0) await this.placeTakeProfit(opened);
  }

  private drop(r: RestingOrder): void {
    const i = this.list.indexOf(r);
    if (i >= 0) this.list.splice(i, 1);
  }
}

function isOpen(o: OrderRecord): boolean {
  return o.status === 'NEW' || o.status === 'PARTIALLY_FILLED' || o.status === 'PENDING' || o.status === 'UNKNOWN';
}
