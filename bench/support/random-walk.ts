/** A seeded random walk of one-minute bars as a kline CSV (open_time in ms), with its opens and closes. */
export function randomWalkCsv(
  n: number,
  seed: number,
  start: number,
): { csv: string; open: Float64Array; close: Float64Array } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rows: string[] = ['open_time,open,high,low,close,volume'];
  const open = new Float64Array(n);
  const close = new Float64Array(n);
  let price = 30_000;
  for (let i = 0; i < n; i++) {
    const o = price;
    price *= 1 + (next() - 0.5) * 0.003;
    const h = Math.max(o, price) * (1 + next() * 0.0005);
    const l = Math.min(o, price) * (1 - next() * 0.0005);
    open[i] = Number(o.toFixed(2));
    close[i] = Number(price.toFixed(2));
    rows.push(
      `${start + i * 60_000},${o.toFixed(2)},${h.toFixed(2)},${l.toFixed(2)},${price.toFixed(2)},${(1 + next() * 5).toFixed(5)}`,
    );
  }
  return { csv: rows.join('\n') + '\n', open, close };
}
