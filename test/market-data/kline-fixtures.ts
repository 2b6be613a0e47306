/** Small deterministic candle files for replay tests, in the layouts replay reads. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FixtureCandle {
  openTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

/** `count` candles `intervalMs` apart from `start`, a seeded walk around `price` with 2 decimals. */
export function makeCandles(
  count: number,
  start: number,
  intervalMs: number,
  price = 20_000,
  seed = 1,
): FixtureCandle[] {
  let state = seed;
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
  let cents = Math.round(price * 100);
  const out: FixtureCandle[] = [];
  for (let i = 0; i < count; i++) {
    const open = cents;
    const close = Math.max(100, open + Math.round((random() - 0.5) * 2000));
    const high = Math.max(open, close) + Math.round(random() * 800);
    const low = Math.max(1, Math.min(open, close) - Math.round(random() * 800));
    const volume = (0.5 + random() * 3).toFixed(6);
    out.push({
      openTime: start + i * intervalMs,
      open: (open / 100).toFixed(2),
      high: (high / 100).toFixed(2),
      low: (low / 100).toFixed(2),
      close: (close / 100).toFixed(2),
      volume,
    });
    cents = close;
  }
  return out;
}

/** Binance's 12-column headerless layout; `timeUnit` 'us' writes microseconds. */
export function binanceCsv(candles: FixtureCandle[], intervalMs: number, timeUnit: 'ms' | 'us' = 'ms'): string {
  const scale = timeUnit === 'us' ? 1000 : 1;
  return (
    candles
      .map((c) => {
        const quote = (Number(c.volume) * Number(c.close)).toFixed(8);
        return [
          c.openTime * scale,
          c.open,
          c.high,
          c.low,
          c.close,
          c.volume,
          (c.openTime + intervalMs - 1) * scale,
          quote,
          42,
          (Number(c.volume) / 2).toFixed(6),
          (Number(quote) / 2).toFixed(8),
          0,
        ].join(',');
      })
      .join('\n') + '\n'
  );
}

/** Headed open_time,open,high,low,close,volume with ISO (`2023-03-01 00:00:00+00:00`), ms or µs times. */
export function headedCsv(candles: FixtureCandle[], time: 'iso' | 'ms' | 'us'): string {
  const t = (ms: number) =>
    time === 'iso'
      ? new Date(ms).toISOString().replace('T', ' ').replace('.000Z', '+00:00')
      : time === 'us'
        ? String(ms * 1000)
        : String(ms);
  return (
    [
      'open_time,open,high,low,close,volume',
      ...candles.map((c) => [t(c.openTime), c.open, c.high, c.low, c.close, c.volume].join(',')),
    ].join('\n') + '\n'
  );
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'replay-test-'));
}

export function writeFixture(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
