/**
 * The model's ids are strings; Binance's are numbers. Numeric ids pass through unchanged, others
 * get a stable number of their own so the wire never carries a string id.
 */
export class WireIds {
  private readonly toNumber = new Map<string, number>();
  private readonly toString = new Map<number, string>();
  private next = 9_000_000_000_000;

  wire(id: string): number {
    const known = this.toNumber.get(id);
    if (known !== undefined) return known;
    let n = /^\d{1,15}$/.test(id) ? Number(id) : this.next++;
    while (this.toString.has(n) && this.toString.get(n) !== id) n = this.next++;
    this.toNumber.set(id, n);
    this.toString.set(n, id);
    return n;
  }

  model(n: number): string {
    return this.toString.get(n) ?? String(n);
  }
}
