/**
 * Long work done in small turns so the event loop keeps answering (/health, other sessions, the
 * market's websocket). `next()` resolves on a later turn of the loop, one caller per turn,
 * process-wide: units of work started through it never run back to back in one turn.
 */
export class Turns {
  private last: Promise<void> = Promise.resolve();

  next(): Promise<void> {
    const turn = this.last.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    this.last = turn;
    return turn;
  }
}

/** The one queue of turns shared by every large request of this process. */
export const eventLoopTurns = new Turns();

/** A slice of synchronous work this long, at most, before giving the loop a turn. */
export const SLICE_MS = 10;
