/**
 * Every order placed through the fake, by the client order id the client chose.
 *
 * Binance refuses a `newClientOrderId` only while an order under it is open ("Duplicate order
 * sent."), and accepts it again once that order is done (binance-us-api.md, hard cases). The
 * broker behind the fake keys orders by client order id, so the second order under a wire id
 * gets an internal id `<wire id>~2` (Binance allows no `~` in client order ids, so none collides);
 * `wireClientOrderId` maps it back for everything the fake sends.
 */
const REUSE_MARK = '~';

export function wireClientOrderId(internalId: string): string {
  const at = internalId.indexOf(REUSE_MARK);
  return at === -1 ? internalId : internalId.slice(0, at);
}

export class ClientIdRegistry {
  private readonly placing = new Set<string>();
  /** Wire id -> internal ids, oldest first. */
  private readonly uses = new Map<string, string[]>();
  private readonly bySymbol = new Map<string, string[]>();

  /**
   * The internal id for a new order under `wireId`, or undefined when it is refused: being placed
   * right now, or its latest order is still open (`isOpen` asks the venue).
   */
  async reserve(
    wireId: string,
    isOpen: (internalId: string) => Promise<boolean | undefined>,
  ): Promise<string | undefined> {
    if (this.placing.has(wireId)) return undefined;
    this.placing.add(wireId);
    try {
      const used = this.uses.get(wireId) ?? [];
      const latest = used.at(-1) ?? wireId;
      const state = await isOpen(latest);
      if (state === true) {
        this.placing.delete(wireId);
        return undefined;
      }
      return state === undefined && used.length === 0
        ? wireId
        : `${wireId}${REUSE_MARK}${used.length + (used.length === 0 ? 2 : 1)}`;
    } catch (error) {
      this.placing.delete(wireId);
      throw error;
    }
  }

  /** The venue refused the order: nothing exists under this id. */
  release(wireId: string): void {
    this.placing.delete(wireId);
  }

  placed(symbol: string, wireId: string, internalId: string): void {
    this.placing.delete(wireId);
    const used = this.uses.get(wireId) ?? [];
    used.push(internalId);
    this.uses.set(wireId, used);
    const list = this.bySymbol.get(symbol) ?? [];
    list.push(internalId);
    this.bySymbol.set(symbol, list);
  }

  /** A reused wire id has more than one order. */
  timesUsed(wireId: string): number {
    return this.uses.get(wireId)?.length ?? 0;
  }

  /** The internal id a query by `origClientOrderId` means: the latest order under it. */
  latest(wireId: string): string {
    return this.uses.get(wireId)?.at(-1) ?? wireId;
  }

  clientOrderIds(symbol: string): readonly string[] {
    return this.bySymbol.get(symbol) ?? [];
  }
}
