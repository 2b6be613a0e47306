/**
 * Which files a replay path names, and which symbol each file holds. The symbol comes from the
 * file name: the first token (split on - _ . and spaces) that is a catalog symbol, else the first
 * all-letter token ending in a known quote asset: `BTCUSD.csv`, `BTCUSDT_1m_20230301_20230321.csv`
 * and `binance-btcusdt-1h-2025-01.csv` all work.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
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
  const files = readdirSync(path)
    .filter((f) => f.toLowerCase().endsWith('.csv'))
    .sort();
  const bySymbol = new Map<string, LoadedSeries>();
  const skipped: string[] = [];
  for (const file of files) {
    const name = symbolFromFileName(file);
    if (!name) {
      skipped.push(`${file}: no symbol in the file name`);
      continue;
    }
    let series: KlineSeries;
    try {
      series = parseKlineCsv(readFileSync(join(path, file), 'utf8'), file);
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
