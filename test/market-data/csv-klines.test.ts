import { describe, expect, it } from 'vitest';
import { parseKlineCsv, parseTime, symbolFromFileName, timeToMs } from '../../src/exchanges/replay/index.js';
import { InvalidInput } from '../../src/model/errors.js';
import { binanceCsv, headedCsv, makeCandles } from './kline-fixtures.js';

const MINUTE = 60_000;
const START = Date.UTC(2023, 2, 1);

describe('kline CSV files', () => {
  it('times when given as s, ms, µs, ns or ISO text then all read as the same millisecond', () => {
    expect(timeToMs(1677628800)).toBe(START);
    expect(timeToMs(1677628800000)).toBe(START);
    expect(timeToMs(1677628800000000)).toBe(START);
    expect(timeToMs(1677628800000000000)).toBe(START);
    expect(parseTime('2023-03-01 00:00:00+00:00')).toBe(START);
    expect(parseTime('2023-03-01T00:00:00Z')).toBe(START);
    expect(parseTime('2023-03-01 00:00:00')).toBe(START);
    expect(parseTime('2023-03-01')).toBe(START);
    expect(parseTime('2023-03-01T01:00:00+01:00')).toBe(START);
  });

  it('the four layouts when they hold the same candles then parse to the same series', () => {
    const candles = makeCandles(30, START, 5 * MINUTE);
    const layouts = [
      binanceCsv(candles, 5 * MINUTE, 'ms'),
      binanceCsv(candles, 5 * MINUTE, 'us'),
      headedCsv(candles, 'iso'),
      headedCsv(candles, 'ms'),
      headedCsv(candles, 'us'),
    ].map((text) => parseKlineCsv(text, 'test.csv'));
    for (const s of layouts) {
      expect(s.intervalMs).toBe(5 * MINUTE);
      expect(s.priceDecimals).toBe(2);
      expect([...s.openTime]).toEqual(candles.map((c) => c.openTime));
      expect([...s.close]).toEqual(candles.map((c) => Math.round(Number(c.close) * 100)));
      expect([...s.volume]).toEqual(layouts[0].volume.length ? [...layouts[0].volume] : []);
    }
    expect(layouts[0].trades[0]).toBe(42);
    expect(layouts[2].trades[0]).toBe(-1);
  });

  it('rows when out of order or repeated then are sorted and deduplicated', () => {
    const candles = makeCandles(5, START, MINUTE);
    const text = binanceCsv([candles[3], candles[0], candles[1], candles[1], candles[2], candles[4]], MINUTE);
    const s = parseKlineCsv(text, 'x.csv');
    expect([...s.openTime]).toEqual(candles.map((c) => c.openTime));
  });

  it('a file when its spacing is not a Binance interval, its header lacks a column or a candle is inconsistent then is refused with InvalidInput', () => {
    const odd = makeCandles(4, START, 7 * MINUTE);
    expect(() => parseKlineCsv(binanceCsv(odd, 7 * MINUTE), 'odd.csv')).toThrow(InvalidInput);
    expect(() => parseKlineCsv('time,open,high,low,volume\n1,2,3,1,5\n', 'nohigh.csv')).toThrow(/no close column/);
    expect(() =>
      parseKlineCsv('open_time,open,high,low,close,volume\n1677628800000,10,9,8,9.5,1\n', 'bad.csv'),
    ).toThrow(/inconsistent candle/);
    expect(() => parseKlineCsv('open_time,open,high,low,close,volume\nyesterday,10,11,8,9.5,1\n', 'bad.csv')).toThrow(
      /unreadable open time/,
    );
  });

  it('file names when they carry a symbol then it is found', () => {
    expect(symbolFromFileName('BTCUSD.csv')).toBe('BTCUSD');
    expect(symbolFromFileName('BTCUSDT_1m_20230301_20230321.csv')).toBe('BTCUSDT');
    expect(symbolFromFileName('binance-btcusdt-1h-2025-01.csv')).toBe('BTCUSDT');
    expect(symbolFromFileName('/data/FOOUSDC-5m.csv')).toBe('FOOUSDC');
    expect(symbolFromFileName('metadata_range_1m_20230301_20230321.csv')).toBeNull();
    expect(symbolFromFileName('data.csv')).toBeNull();
  });
});
