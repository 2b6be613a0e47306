import type { Fill } from '../../model/fill.js';
import type { OrderRef } from '../../model/order.js';
import type { FillQuery } from '../../ports/broker.js';
import { StopKind, type WorkingOrder } from './working-order.js';

/** Where the engine keeps its orders (all, by id and client id; open ones per symbol) and its fill history. */
export class OrderRegistry {
  /** Orders by the number in their id (ids the engine issues are `${idPrefix}${n}`); other ids (restored) in a map. */
  private readonly byNumber: WorkingOrder[] = [];
  private readonly byId = new Map<string, WorkingOrder>();
  private readonly byClient = new Map<string, WorkingOrder>();
  /** Open orders per symbol, keyed by orderId. */
  private readonly open = new Map<string, Map<string, WorkingOrder>>();
  private readonly fillLog: Fill[] = [];

  constructor(private readonly idPrefix: string) {}

  add(wo: WorkingOrder): void {
    const n = this.idNumber(wo.order.orderId);
    if (n > 0 && `${this.idPrefix}${n}` === wo.order.orderId) this.byNumber[n] = wo;
    else this.byId.set(wo.order.orderId, wo);
    this.byClient.set(wo.order.clientOrderId, wo);
  }

  find(symbol: string, ref: OrderRef): WorkingOrder | undefined {
    const wo = 'orderId' in ref ? this.byOrderId(ref.orderId) : this.byClient.get(ref.clientOrderId);
    return wo && wo.order.symbol === symbol ? wo : undefined;
  }

  byClientOrderId(clientOrderId: string): WorkingOrder | undefined {
    return this.byClient.get(clientOrderId);
  }

  /** The symbol's open orders (live map: the engine adds and removes through rest/close). */
  openOn(symbol: string): Map<string, WorkingOrder> {
    let m = this.open.get(symbol);
    if (!m) {
      m = new Map();
      this.open.set(symbol, m);
    }
    return m;
  }

  isOpen(wo: WorkingOrder): boolean {
    return this.open.get(wo.scale.symbol)?.has(wo.order.orderId) ?? false;
  }

  rest(wo: WorkingOrder): void {
    this.openOn(wo.scale.symbol).set(wo.order.orderId, wo);
  }

  close(wo: WorkingOrder): void {
    this.open.get(wo.scale.symbol)?.delete(wo.order.orderId);
  }

  /** Open orders in placement order, of one symbol or all. */
  openOrders(symbol?: string): WorkingOrder[] {
    const maps = symbol === undefined ? [...this.open.values()] : [this.openOn(symbol)];
    return maps.flatMap((m) => [...m.values()]).sort((a, b) => a.seq - b.seq);
  }

  countOpenStops(symbol: string): number {
    let n = 0;
    for (const wo of this.openOn(symbol).values()) if (wo.stopKind !== StopKind.None) n += 1;
    return n;
  }

  watchedSymbols(): string[] {
    return [...this.open.entries()].filter(([, m]) => m.size > 0).map(([s]) => s);
  }

  recordFill(fill: Fill): void {
    this.fillLog.push(fill);
  }

  /** Oldest first. With `since`: the first `limit` fills at or after it; without: the latest `limit`. */
  fills(query: FillQuery = {}): Fill[] {
    let list = this.fillLog;
    if (query.symbol !== undefined) list = list.filter((f) => f.symbol === query.symbol);
    if (query.since !== undefined) {
      const since = query.since;
      list = list.filter((f) => f.time >= since);
      return query.limit !== undefined ? list.slice(0, query.limit) : [...list];
    }
    return query.limit !== undefined ? list.slice(Math.max(0, list.length - query.limit)) : [...list];
  }

  /** The number in an id this engine issued (`${idPrefix}${n}`), else 0. */
  idNumber(id: string): number {
    const n = Number(id.startsWith(this.idPrefix) ? id.slice(this.idPrefix.length) : id);
    return Number.isSafeInteger(n) ? n : 0;
  }

  clear(): void {
    this.byNumber.length = 0;
    this.byId.clear();
    this.byClient.clear();
    this.open.clear();
    this.fillLog.length = 0;
  }

  private byOrderId(orderId: string): WorkingOrder | undefined {
    const wo = this.byNumber[this.idNumber(orderId)];
    return wo !== undefined && wo.order.orderId === orderId ? wo : this.byId.get(orderId);
  }
}
