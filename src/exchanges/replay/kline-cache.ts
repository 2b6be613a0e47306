/**
 * The local kline cache that `binance-mcp data fetch` fills and `--market replay:PATH` reads.
 *
 * Layout (under DATA_DIR/klines by default):
 *   <root>/<SYMBOL>/<interval>/<SYMBOL>-<interval>-<YYYY>-<MM>.csv   Binance's 12-column kline CSV, no header
 *   <root>/<SYMBOL>/<interval>/coverage.json                        {"YYYY-MM": [from, to]} in ms, `to` exclusive
 * A month's coverage says every candle that had closed on the exchange with from <= openTime < to
 * is in its file (gaps in the file are gaps on the exchange). Files are written to a temporary
 * name and renamed, the CSV before the coverage, so a killed fetch leaves whole files whose
 * coverage never claims more than they hold.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Candle, Interval } from '../../model/candle.js';

export type Coverage = Record<string, [number, number]>;

export function monthKey(time: number): string {
  const d = new Date(time);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function monthStart(time: number): number {
  const d = new Date(time);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export function nextMonthStart(time: number): number {
  const d = new Date(time);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** One kline as Binance's CSV row (the 12th column, "ignore", is 0). */
export function klineRow(c: Candle): string {
  return [
    c.openTime,
    c.open,
    c.high,
    c.low,
    c.close,
    c.volume,
    c.closeTime,
    c.quoteVolume,
    c.trades,
    c.takerBuyBaseVolume,
    c.takerBuyQuoteVolume,
    0,
  ].join(',');
}

export class KlineCache {
  constructor(readonly root: string) {}

  dir(symbol: string, interval: Interval): string {
    return join(this.root, symbol, interval);
  }

  monthFile(symbol: string, interval: Interval, month: string): string {
    return join(this.dir(symbol, interval), `${symbol}-${interval}-${month}.csv`);
  }

  coverage(symbol: string, interval: Interval): Coverage {
    const file = join(this.dir(symbol, interval), 'coverage.json');
    if (!existsSync(file)) return {};
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const out: Coverage = {};
    if (parsed && typeof parsed === 'object')
      for (const [k, v] of Object.entries(parsed as Record<string, unknown>))
        if (/^\d{4}-\d{2}$/.test(k) && Array.isArray(v) && v.length === 2 && v.every(Number.isFinite))
          out[k] = [Number(v[0]), Number(v[1])];
    return out;
  }

  /** Removes temporary files a killed fetch left behind. */
  sweep(symbol: string, interval: Interval): void {
    const dir = this.dir(symbol, interval);
    if (!existsSync(dir)) return;
    for (const f of readdirSync(dir)) if (f.includes('.tmp-')) rmSync(join(dir, f), { force: true });
  }

  /**
   * Adds candles to a month's file (rows already there are kept; a candle at the same open time is
   * replaced), then records the month's coverage. Each file is replaced whole by a rename.
   */
  writeMonth(symbol: string, interval: Interval, month: string, candles: readonly Candle[], covered: [number, number]) {
    const dir = this.dir(symbol, interval);
    mkdirSync(dir, { recursive: true });
    const file = this.monthFile(symbol, interval, month);
    const rows = new Map<number, string>();
    if (existsSync(file))
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        rows.set(Number(line.slice(0, line.indexOf(','))), line);
      }
    for (const c of candles) rows.set(c.openTime, klineRow(c));
    const text = [...rows.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, line]) => line)
      .join('\n');
    // A month with no candles (before the listing, or all downtime) has coverage but no file.
    if (rows.size > 0) atomicWrite(file, `${text}\n`);
    const coverage = this.coverage(symbol, interval);
    coverage[month] = covered;
    const sorted = Object.fromEntries(Object.entries(coverage).sort(([a], [b]) => (a < b ? -1 : 1)));
    atomicWrite(join(dir, 'coverage.json'), `${JSON.stringify(sorted, null, 1)}\n`);
    return { file, rows: rows.size };
  }
}

function atomicWrite(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { flush: true });
  renameSync(tmp, file);
}
