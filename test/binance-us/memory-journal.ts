/** The part of the Store that reconciliation uses, in memory, for tests. */
import type { Balance } from '../../src/model/balance.js';
import type { Fill } from '../../src/model/fill.js';
import { isOpenStatus } from '../../src/model/order.js';
import type { Execution, OrderQuery, OrderRecord, TradingMode } from '../../src/ports/store.js';
import type { ReconcileStore } from '../../src/exchanges/binance-us/reconcile.js';

export class MemoryJournal implements ReconcileStore {
  readonly orders = new Map<string, OrderRecord>();
  readonly fills = new Map<string, Fill>();
  balances: Balance[] = [];

  async listOrders(query: OrderQuery): Promise<OrderRecord[]> {
    return [...this.orders.values()]
      .filter((o) => o.mode === query.mode && (!query.symbol || o.symbol === query.symbol))
      .filter((o) => query.clientOrderId === undefined || o.clientOrderId === query.clientOrderId)
      .filter((o) => !query.openOnly || o.status === 'PENDING' || o.status === 'UNKNOWN' || isOpenStatus(o.status))
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, query.limit ?? 100);
  }

  async recordExecution(execution: Execution): Promise<void> {
    const existing = this.orders.get(execution.order.clientOrderId);
    this.orders.set(execution.order.clientOrderId, {
      ...execution.order,
      mode: execution.mode,
      origin: existing?.origin ?? 'reconcile',
    });
    for (const fill of execution.fills) if (!this.fills.has(fill.tradeId)) this.fills.set(fill.tradeId, fill);
    if (execution.balances) this.balances = execution.balances;
  }

  async markOrder(
    _mode: TradingMode,
    clientOrderId: string,
    status: OrderRecord['status'],
    reason: string,
  ): Promise<void> {
    const order = this.orders.get(clientOrderId);
    if (order) this.orders.set(clientOrderId, { ...order, status, reason });
  }

  async saveBalances(_mode: TradingMode, balances: Balance[]): Promise<void> {
    this.balances = balances;
  }

  intent(record: Partial<OrderRecord> & { clientOrderId: string }): void {
    this.orders.set(record.clientOrderId, {
      mode: 'live',
      orderId: null,
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      origQty: '0.001',
      executedQty: '0',
      cummulativeQuoteQty: '0',
      status: 'PENDING',
      createdAt: Date.now(),
      updatedAt: Date.now(),
      origin: 'mcp',
      ...record,
    });
  }
}
