import { createHash } from 'node:crypto';
import { eventLoopTurns, SLICE_MS, type Turns } from './turns.js';

export interface SerializedInTurns {
  /** SHA-256 of the JSON text, hex. */
  sha256: string;
  /** Bytes of the JSON text (UTF-8). */
  bytes: number;
  /** The JSON text itself, when asked for (`keep`). */
  text?: string;
}

/**
 * JSON.stringify's text of plain data (objects, arrays, strings, numbers, booleans, null, toJSON),
 * produced piece by piece and hashed as it goes, giving the event loop a turn every SLICE_MS:
 * a payload of many megabytes never blocks the loop for longer than one slice.
 */
export async function serializeInTurns(
  value: unknown,
  options: { keep: boolean; turns?: Turns },
): Promise<SerializedInTurns> {
  const turns = options.turns ?? eventLoopTurns;
  const hash = createHash('sha256');
  const kept: string[] = [];
  let buffer = '';
  let bytes = 0;
  let started = performance.now();
  for (const piece of pieces(value, '')) {
    buffer += piece;
    if (buffer.length >= 65_536) {
      flush();
      if (performance.now() - started >= SLICE_MS) {
        await turns.next();
        started = performance.now();
      }
    }
  }
  flush();
  return { sha256: hash.digest('hex'), bytes, ...(options.keep ? { text: kept.join('') } : {}) };

  function flush(): void {
    if (buffer === '') return;
    hash.update(buffer, 'utf8');
    bytes += Buffer.byteLength(buffer, 'utf8');
    if (options.keep) kept.push(buffer);
    buffer = '';
  }
}

/** Items serialized by one native call at most. */
const RUN = 512;

function flatItem(item: unknown): boolean {
  return (
    item === null ||
    typeof item === 'number' ||
    typeof item === 'string' ||
    typeof item === 'boolean' ||
    (typeof item === 'object' && typeof (item as { toJSON?: unknown }).toJSON !== 'function' && flat(item))
  );
}

/** Whether JSON.stringify of it is one short call: a primitive, or a container of primitives only. */
function flat(value: object): boolean {
  for (const v of Array.isArray(value) ? value : Object.values(value))
    if (v !== null && typeof v === 'object') return false;
  return true;
}

function* pieces(input: unknown, key: string): Generator<string> {
  let value = input;
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  if (value === null || typeof value !== 'object' || flat(value)) {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    let i = 0;
    while (i < value.length) {
      if (i > 0) yield ',';
      // A run of flat items (book levels, candles) goes through one native JSON.stringify.
      let end = i;
      while (end < value.length && end - i < RUN && flatItem(value[end])) end += 1;
      if (end > i) {
        yield JSON.stringify(value.slice(i, end)).slice(1, -1);
        i = end;
        continue;
      }
      const item: unknown = value[i];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else yield* pieces(item, String(i));
      i += 1;
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(k)}:`;
    first = false;
    yield* pieces(v, k);
  }
  yield '}';
}
