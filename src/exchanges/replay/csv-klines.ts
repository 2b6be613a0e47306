/**
 * Candle files for replay. Two layouts are read:
 * - Binance's 12-column headerless kline CSV (open time, O, H, L, C, volume, close time, quote
 *   volume, trades, taker buy base, taker buy quote, ignore), open time in ms or µs;
 * - a headed file with at least open_time,open,high,low,close,volume, times as ISO text, s, ms or µs.
 * Prices are kept as exact integers at the file's own precision.
 */
import { InvalidInput } from '../../model/errors.js';
import { INTERVAL_MS } from '../../model/candle.js';
import { parseUnits } from '../synthetic/units.js';
import type { Ohlcv } from '../../indicators/ohlcv.js';

export interface KlineSeries extends Ohlcv {
  /** Base interval in ms, from the spacing of the data. */
  intervalMs: number;
  priceDecimals: number;
  qtyDecimals: number;
  /** From the file when it has them (12-column layout), else NaN / -1. */
  quoteVolume: Float64Array;
  trades: Float64Array;
  takerBuyVolume: Float64Array;
  takerBuyQuoteVolume: Float64Array;
}

interface RawRow {
  time: number;
  fields: string[];
}

const HEADER_NAMES: Record<string, string[]> = {
  time: ['open_time', 'opentime', 'open time', 'timestamp', 'time', 'date', 'datetime'],
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c'],
  volume: ['volume', 'vol', 'v'],
  quoteVolume: ['quote_volume', 'quote_asset_volume', 'quotevolume'],
  trades: ['trades', 'number_of_trades', 'count'],
};

/** A numeric time as ms, whatever its unit: seconds, ms, µs or ns (by magnitude). */
export function timeToMs(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e17) return Math.floor(value / 1e6);
  if (magnitude >= 1e14) return Math.floor(value / 1e3);
  if (magnitude >= 1e11) return value;
  return value * 1000;
}

/** ISO text (`2023-03-01 00:00:00+00:00`, `2023-03-01T00:00:00Z`, no zone = UTC) or a number, as ms. */
const UTC_TEXT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:Z|\+00:?00)?$/i;

export function parseTime(text: string): number {
  const trimmed = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return timeToMs(Number(trimmed));
  const utc = UTC_TEXT.exec(trimmed);
  if (utc) {
    const [, y, mo, d, h, mi, sec, ms] = utc;
    return Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec, ms ? Number(ms.padEnd(3, '0')) : 0);
  }
  let iso = trimmed.replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) iso += 'T00:00:00Z';
  else if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(iso)) iso += 'Z';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not a time: ${text}`);
  return ms;
}

function decimalsIn(text: string): number {
  const dot = text.indexOf('.');
  if (dot === -1) return 0;
  let end = text.length;
  while (end > dot + 1 && text[end - 1] === '0') end--;
  return end - dot - 1;
}

function plain(text: string): string {
  const t = text.trim();
  return /e/i.test(t) ? Number(t).toFixed(12) : t;
}

/** Parse one candle file. `name` is used in error messages. */
export function parseKlineCsv(content: string, name: string): KlineSeries {
  const lines = content.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new InvalidInput(name, 'the file is empty', 'a kline CSV');
  const first = lines[0].split(',').map((f) => f.trim().toLowerCase());
  const headed = !/^-?\d/.test(first[0]);
  const columns = headed
    ? headerColumns(first, name)
    : {
        time: 0,
        open: 1,
        high: 2,
        low: 3,
        close: 4,
        volume: 5,
        quoteVolume: 7,
        trades: 8,
        takerBuy: 9,
        takerBuyQuote: 10,
      };
  const rows: RawRow[] = [];
  for (let i = headed ? 1 : 0; i < lines.length; i++) {
    const fields = lines[i].split(',').map(plain);
    if (fields.length < 6)
      throw new InvalidInput(
        `${name}:${i + 1}`,
        `expected at least 6 columns, found ${fields.length}`,
        'open_time,open,high,low,close,volume[,...]',
      );
    let time: number;
    try {
      time = parseTime(fields[columns.time]);
    } catch {
      throw new InvalidInput(
        `${name}:${i + 1}`,
        `unreadable open time "${fields[columns.time]}"`,
        'ISO 8601 text, or seconds/ms/µs since the epoch',
      );
    }
    rows.push({ time, fields });
  }
  rows.sort((a, b) => a.time - b.time);
  const unique = rows.filter((r, i) => i === rows.length - 1 || rows[i + 1].time !== r.time);
  return toSeries(unique, columns, name);
}

type Columns = {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  quoteVolume: number;
  trades: number;
  takerBuy: number;
  takerBuyQuote: number;
};

function headerColumns(header: string[], name: string): Columns {
  const find = (key: string): number => header.findIndex((h) => HEADER_NAMES[key]?.includes(h));
  const columns = {
    time: find('time'),
    open: find('open'),
    high: find('high'),
    low: find('low'),
    close: find('close'),
    volume: find('volume'),
    quoteVolume: find('quoteVolume'),
    trades: find('trades'),
    takerBuy: -1,
    takerBuyQuote: -1,
  };
  for (const key of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
    if (columns[key] === -1)
      throw new InvalidInput(
        name,
        `no ${key} column in the header "${header.join(',')}"`,
        'a header with open_time,open,high,low,close,volume',
      );
  }
  return columns;
}

function detectInterval(times: Float64Array, name: string): number {
  let spacing = Infinity;
  for (let i = 1; i < times.length; i++) spacing = Math.min(spacing, times[i] - times[i - 1]);
  if (times.length < 2) spacing = INTERVAL_MS['1m'];
  const known = Object.values(INTERVAL_MS) as number[];
  if (!known.includes(spacing)) {
    throw new InvalidInput(
      name,
      `candles are ${spacing} ms apart, which is not a Binance interval`,
      'candles spaced by one of 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w',
    );
  }
  return spacing;
}

function toSeries(rows: RawRow[], c: Columns, name: string): KlineSeries {
  let priceDecimals = 0;
  let qtyDecimals = 0;
  for (const { fields } of rows) {
    for (const i of [c.open, c.high, c.low, c.close]) priceDecimals = Math.max(priceDecimals, decimalsIn(fields[i]));
    qtyDecimals = Math.max(qtyDecimals, decimalsIn(fields[c.volume]));
  }
  let maxPrice = 0;
  let maxQty = 0;
  for (const { fields } of rows) {
    maxPrice = Math.max(maxPrice, Number(fields[c.high]));
    maxQty = Math.max(maxQty, Number(fields[c.volume]));
  }
  // Keep every integer (and sums of a year of volumes) exactly representable in a double.
  priceDecimals = Math.min(priceDecimals, 12);
  while (priceDecimals > 0 && maxPrice * 10 ** priceDecimals > 2 ** 50) priceDecimals--;
  qtyDecimals = Math.min(qtyDecimals, 8);
  while (qtyDecimals > 0 && maxQty * rows.length * 10 ** qtyDecimals > 2 ** 52) qtyDecimals--;
  const n = rows.length;
  const s: KlineSeries = {
    intervalMs: 0,
    priceDecimals,
    qtyDecimals,
    openTime: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    quoteVolume: new Float64Array(n).fill(NaN),
    trades: new Float64Array(n).fill(-1),
    takerBuyVolume: new Float64Array(n).fill(NaN),
    takerBuyQuoteVolume: new Float64Array(n).fill(NaN),
  };
  rows.forEach(({ time, fields }, i) => {
    s.openTime[i] = time;
    s.open[i] = parseUnits(fields[c.open], priceDecimals);
    s.high[i] = parseUnits(fields[c.high], priceDecimals);
    s.low[i] = parseUnits(fields[c.low], priceDecimals);
    s.close[i] = parseUnits(fields[c.close], priceDecimals);
    s.volume[i] = parseUnits(fields[c.volume], qtyDecimals);
    if (s.high[i] < Math.max(s.open[i], s.close[i]) || s.low[i] > Math.min(s.open[i], s.close[i]) || s.low[i] <= 0) {
      throw new InvalidInput(
        `${name} at ${new Date(time).toISOString()}`,
        `inconsistent candle O=${fields[c.open]} H=${fields[c.high]} L=${fields[c.low]} C=${fields[c.close]}`,
        'low <= open, close <= high and prices above zero',
      );
    }
    const number = (col: number): number =>
      col >= 0 && fields[col] !== undefined && fields[col] !== '' ? Number(fields[col]) : NaN;
    s.quoteVolume[i] = number(c.quoteVolume);
    const trades = number(c.trades);
    s.trades[i] = Number.isFinite(trades) ? trades : -1;
    s.takerBuyVolume[i] = c.takerBuy >= 0 && fields[c.takerBuy] ? parseUnits(fields[c.takerBuy], qtyDecimals) : NaN;
    s.takerBuyQuoteVolume[i] = number(c.takerBuyQuote);
  });
  s.intervalMs = detectInterval(s.openTime, name);
  return s;
}
