import type { Fill } from '../../model/fill.js';
import type { OrderRef } from '../../model/order.js';
import type { FillQuery } from '../../ports/broker.js';
import { FillLog } from './fill-log.js';
import { StringIndex } from './string-index.js';
import { StopKind, type WorkingOrder } from './working-order.js';

/** Where the engine keeps its orders (all, by id and client id; open ones per symbol) and its fill history. */
export class OrderRegistry {
  /** Orders by the number in their id (ids the engine issues are `${idPrefix}${n}`); other ids (restored) in a map. */
  private readonly byNumber: WorkingOrder[] = [];
  private readonly byId = new Map<string, WorkingOrder>();
  private readonly byClient = new StringIndex<WorkingOrder>();
  /** Open orders per symbol, in the order they were first rested. */
  private readonly open = new Map<string, Set<WorkingOrder>>();
  /** Σ of the open sets' sizes (asked on every bar of a backtest), kept by rest, close and clear. */
  private openTotal = 0;
  readonly fillLog: FillLog;

  constructor(private readonly idPrefix: string) {
    this.fillLog = new FillLog(idPrefix);
  }

  /** `issued`: the number of an id the engine just issued (`${idPrefix}${issued}`), which needs no parsing back. */
  add(wo: WorkingOrder, issued?: number): void {
    const n = issued ?? this.idNumber(wo.orderId);
    if (issued !== undefined || (n > 0 && `${this.idPrefix}${n}` === wo.orderId)) this.byNumber[n] = wo;
    else this.byId.set(wo.orderId, wo);
    this.byClient.set(wo.clientOrderId, wo);
  }

  find(symbol: string, ref: OrderRef): WorkingOrder | undefined {
    const wo = 'orderId' in ref ? this.byOrderId(ref.orderId) : this.byClient.get(ref.clientOrderId);
    return wo && wo.symbol === symbol ? wo : undefined;
  }

  byClientOrderId(clientOrderId: string): WorkingOrder | undefined {
    return this.byClient.get(clientOrderId);
  }

  /** The symbol's open orders (live set: the engine adds and removes through rest/close). */
  openOn(symbol: string): Set<WorkingOrder> {
    let set = this.open.get(symbol);
    if (!set) {
      set = new Set();
      this.open.set(symbol, set);
    }
    return set;
  }

  rest(wo: WorkingOrder): void {
    const set = this.openOn(wo.symbol);
    const before = set.size;
    set.add(wo);
    this.openTotal += set.size - before;
    wo.open = true;
  }

  close(wo: WorkingOrder): void {
    if (!wo.open) return;
    if (this.open.get(wo.symbol)?.delete(wo)) this.openTotal -= 1;
    wo.open = false;
  }

  /** Open orders in placement order, of one symbol or all. */
  openOrders(symbol?: string): WorkingOrder[] {
    const sets = symbol === undefined ? [...this.open.values()] : [this.openOn(symbol)];
    return sets.flatMap((s) => [...s]).sort((a, b) => a.seq - b.seq);
  }

  openCount(): number {
    return this.openTotal;
  }

  countOpenStops(symbol: string): number {
    let n = 0;
    for (const wo of this.openOn(symbol)) if (wo.stopKind !== StopKind.None) n += 1;
    return n;
  }

  watchedSymbols(): string[] {
    return [...this.open.entries()].filter(([, s]) => s.size > 0).map(([symbol]) => symbol);
  }

  recordFill(fill: Fill): void {
    this.fillLog.recordStored(fill);
  }

  /** Oldest first. With `since`: the first `limit` fills at or after it; without: the latest `limit`. */
  fills(query: FillQuery = {}): Fill[] {
    return this.fillLog.query(query);
  }

  /** The number in an id this engine issued (`${idPrefix}${n}`), else 0. */
  idNumber(id: string): number {
    const start = id.startsWith(this.idPrefix) ? this.idPrefix.length : 0;
    // The common case, plain digits, without slicing a substring and parsing it.
    let n = 0;
    let i = start;
    for (; i < id.length; i += 1) {
      const digit = id.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      n = n * 10 + digit;
    }
    if (i === id.length && i > start && n <= Number.MAX_SAFE_INTEGER) return n;
    const parsed = Number(start > 0 ? id.slice(start) : id);
    return Number.isSafeInteger(parsed) ? parsed : 0;
  }

  clear(): void {
    this.byNumber.length = 0;
    this.byId.clear();
    this.byClient.clear();
    for (const set of this.open.values()) for (const wo of set) wo.open = false;
    this.open.clear();
    this.openTotal = 0;
    this.fillLog.clear();
  }

  private byOrderId(orderId: string): WorkingOrder | undefined {
    const wo = this.byNumber[this.idNumber(orderId)];
    return wo !== undefined && wo.orderId === orderId ? wo : this.byId.get(orderId);
  }
}
