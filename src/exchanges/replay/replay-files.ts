/**
 * Which files a replay path names, and which symbol each file holds. The symbol comes from the
 * file name: the first token (split on - _ . and spaces) that is a catalog symbol, else the first
 * all-letter token ending in a known quote asset: `BTCUSD.csv`, `BTCUSDT_1m_20230301_20230321.csv`
 * and `binance-btcusdt-1h-2025-01.csv` all work.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { INTERVALS } from '../../model/candle.js';
import { InvalidInput } from '../../model/errors.js';
import { KNOWN_QUOTES, pairSpec } from '../synthetic/catalog.js';
import { parseKlineCsv, type KlineSeries } from './csv-klines.js';

export interface LoadedSeries {
  symbol: string;
  file: string;
  series: KlineSeries;
}

export interface LoadedReplay {
  series: LoadedSeries[];
  /** Files in a folder that were not used, with the reason. */
  skipped: string[];
}

export function symbolFromFileName(file: string): string | null {
  const tokens = basename(file)
    .replace(/\.csv$/i, '')
    .split(/[-_.\s]+/)
    .map((t) => t.toUpperCase());
  const known = tokens.find((t) => pairSpec(t) !== undefined);
  if (known) return known;
  return (
    tokens.find(
      (t) => /^[A-Z0-9]+$/.test(t) && /[A-Z]/.test(t) && KNOWN_QUOTES.some((q) => t.endsWith(q) && t.length > q.length),
    ) ?? null
  );
}

/** Load one CSV file or every *.csv in a folder. `symbol` overrides the name of a single file's symbol. */
export function loadReplayFiles(path: string, symbol?: string): LoadedReplay {
  if (statSync(path).isFile()) {
    const name = symbol ?? symbolFromFileName(path);
    if (!name)
      throw new InvalidInput(
        'REPLAY path',
        `cannot tell the symbol from the file name ${basename(path)}`,
        'a file named after its symbol, e.g. BTCUSD.csv or BTCUSDT_1m_2023.csv',
      );
    return {
      series: [
        { symbol: name, file: basename(path), series: parseKlineCsv(readFileSync(path, 'utf8'), basename(path)) },
      ],
      skipped: [],
    };
  }
  const files = csvFilesUnder(path);
  const bySymbol = new Map<string, LoadedSeries>();
  const skipped: string[] = [];
  const groups = new Map<string, { name: string; files: string[] }>();
  for (const file of files) {
    const name = symbolFromFileName(file);
    if (!name) {
      skipped.push(`${file}: no symbol in the file name`);
      continue;
    }
    // Files of one symbol and one interval named in the file (the cache's month files) make one series.
    const interval = intervalToken(file);
    const key = interval ? `${name} ${interval}` : `${name} ${file}`;
    const group = groups.get(key) ?? { name, files: [] };
    group.files.push(file);
    groups.set(key, group);
  }
  for (const { name, files: parts } of groups.values()) {
    const file = parts.length === 1 ? parts[0]! : `${parts[0]!} .. ${parts[parts.length - 1]!}`;
    let series: KlineSeries;
    try {
      series = parseKlineCsv(
        parts.map((f, i) => withoutHeader(readFileSync(join(path, f), 'utf8'), i > 0)).join('\n'),
        file,
      );
    } catch (error) {
      skipped.push(`${file}: ${(error as Error).message}`);
      continue;
    }
    const existing = bySymbol.get(name);
    const better =
      !existing ||
      series.intervalMs < existing.series.intervalMs ||
      (series.intervalMs === existing.series.intervalMs && series.openTime.length > existing.series.openTime.length);
    if (better) {
      if (existing) skipped.push(`${existing.file}: ${name} is replayed from ${file} (finer or longer)`);
      bySymbol.set(name, { symbol: name, file, series });
    } else {
      skipped.push(`${file}: ${name} is replayed from ${existing.file} (finer or longer)`);
    }
  }
  if (bySymbol.size === 0) {
    throw new InvalidInput(
      'REPLAY path',
      `no candle files found in ${path}${skipped.length ? ` (${skipped.join('; ')})` : ''}`,
      'a folder of kline CSV files named after their symbols',
    );
  }
  return { series: [...bySymbol.values()], skipped };
}

/** Every *.csv under `root`, in subfolders too (the kline cache's SYMBOL/interval folders), as paths relative to it. */
function csvFilesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory() && depth < 3) walk(full, depth + 1);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.csv')) out.push(relative(root, full));
    }
  };
  walk(root, 0);
  return out.sort();
}

/** The interval a file name states (`BTCUSDT-1m-2024-03.csv` says 1m), if any. */
function intervalToken(file: string): string | undefined {
  const tokens = basename(file)
    .replace(/\.csv$/i, '')
    .split(/[-_.\s]+/);
  return tokens.find((t) => (INTERVALS as readonly string[]).includes(t) && t !== '1M');
}

function withoutHeader(text: string, drop: boolean): string {
  if (!drop) return text;
  const firstLine = text.slice(0, text.indexOf('\n') + 1 || text.length);
  return /^-?\d/.test(firstLine.trim()) ? text : text.slice(firstLine.length);
}
