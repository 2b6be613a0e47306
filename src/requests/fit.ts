/** Answers sized for their reader: lists cut to a budget of JSON characters, never the answer as a whole. */

/**
 * Hosts truncate tool results around 25k tokens; the structured content is sent twice (as
 * structuredContent and as text), so each copy stays under this many characters.
 */
export const RESULT_BUDGET_CHARS = 40_000;

export interface Fitted<T> {
  items: T[];
  /** How many items were left out to stay within the size budget. */
  omitted: number;
}

/**
 * Keeps as many items as fit in `budget` characters of JSON, from the start (or, with fromEnd,
 * from the end: the newest candles). Long lists are cut, never the result as a whole.
 */
export function fitToBudget<T>(items: readonly T[], budget: number, fromEnd = false): Fitted<T> {
  const kept: T[] = [];
  let used = 2;
  const order = fromEnd ? [...items].reverse() : items;
  for (const item of order) {
    const size = JSON.stringify(item).length + 1;
    if (used + size > budget) break;
    kept.push(item);
    used += size;
  }
  if (fromEnd) kept.reverse();
  return { items: kept, omitted: items.length - kept.length };
}
