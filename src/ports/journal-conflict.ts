/**
 * A row the journal was asked to write clashes with a different row already there under the same
 * identity: a fill under a journaled trade id (mode, symbol, trade id) with another order, side,
 * price, quantity or commission; or an order whose venue id or identity disagrees with the
 * journaled one. Nothing of the call is written; an identical repeat is never a conflict.
 */
export class JournalConflict extends Error {
  constructor(
    readonly table: 'orders' | 'trade_logs',
    /** The identity that clashed, in words, e.g. `paper fill 12 on BTCUSD`. */
    readonly identity: string,
    readonly journaled: unknown,
    readonly reported: unknown,
    /** Which fields differ. */
    readonly fields: string[],
  ) {
    super(
      `journal conflict: ${identity} is already journaled with a different ${fields.join(', ')}; nothing of this execution was written`,
    );
    this.name = 'JournalConflict';
  }
}
