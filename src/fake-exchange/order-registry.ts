/** Every order placed through the fake, by client order id: duplicate detection and allOrders. */
export class ClientIdRegistry {
  private readonly reserved = new Set<string>();
  private readonly bySymbol = new Map<string, string[]>();

  /** False when the id was used before (or is being placed right now). */
  reserve(clientOrderId: string): boolean {
    if (this.reserved.has(clientOrderId)) return false;
    this.reserved.add(clientOrderId);
    return true;
  }

  /** The venue refused the order: nothing exists under this id, it may be used again. */
  release(clientOrderId: string): void {
    this.reserved.delete(clientOrderId);
  }

  placed(symbol: string, clientOrderId: string): void {
    const list = this.bySymbol.get(symbol) ?? [];
    list.push(clientOrderId);
    this.bySymbol.set(symbol, list);
  }

  clientOrderIds(symbol: string): readonly string[] {
    return this.bySymbol.get(symbol) ?? [];
  }
}
