/** The latest close of each of the strategy's symbols (by index), as its bars close: what equity is marked at. */
export class LastCloses {
  /** 0 until the symbol's first close. */
  readonly values: Float64Array;
  private readonly seen: Uint8Array;

  constructor(private readonly symbols: readonly string[]) {
    this.values = new Float64Array(symbols.length);
    this.seen = new Uint8Array(symbols.length);
  }

  set(s: number, close: number): void {
    this.values[s] = close;
    this.seen[s] = 1;
  }

  /** Undefined before the symbol's first close. */
  at(s: number): number | undefined {
    return this.seen[s] ? this.values[s] : undefined;
  }

  get(symbol: string): number | undefined {
    const s = this.symbols.indexOf(symbol);
    return s < 0 ? undefined : this.at(s);
  }
}
