import { SystemClock } from '../../clock/index.js';
import { fetchKlinesIntoCache, klineCacheRoot } from '../../compose/data-fetch.js';
import type { Config } from '../../config.js';
import { createLogger } from '../../log.js';
import { isInterval } from '../../model/candle.js';
import { ExchangeRejection, InvalidInput } from '../../model/errors.js';
import { SYMBOL_PATTERN } from '../../model/market.js';
import { ProgressBar } from '../progress.js';
import { parseWhen } from './backtest.js';

export interface DataFetchFlags {
  from: string;
  to?: string;
  out?: string;
}

/** `binance-mcp data fetch SYMBOL INTERVAL --from --to [--out DIR]`. */
export async function dataFetchCommand(
  config: Config,
  symbolText: string,
  interval: string,
  flags: DataFetchFlags,
): Promise<void> {
  const symbol = symbolText.toUpperCase();
  const bar = new ProgressBar(`${symbol} ${interval}`);
  try {
    if (!SYMBOL_PATTERN.test(symbol))
      throw new InvalidInput('SYMBOL', `"${symbolText}" is not a symbol`, 'a Binance.US pair such as BTCUSDT');
    if (!isInterval(interval) || interval === '1M')
      throw new InvalidInput(
        'INTERVAL',
        `"${interval}" is not a kline interval`,
        '1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w',
      );
    const clock = new SystemClock();
    const from = parseWhen('--from', flags.from);
    const to = flags.to === undefined ? clock.now() : parseWhen('--to', flags.to);
    const result = await fetchKlinesIntoCache(
      config,
      {
        symbol,
        interval,
        from,
        to,
        out: flags.out,
        onProgress: (done, total) => bar.update(done, total),
        onMonth: (month, file, rows) =>
          process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}wrote ${file} (${month}: ${rows} candles)\n`),
      },
      { clock, logger: createLogger(config.logLevel) },
    );
    bar.done();
    const root = flags.out ?? klineCacheRoot(config);
    process.stdout.write(
      `${symbol} ${interval}: ${result.candles} candles in ${result.requests} request(s); ` +
        `${result.skippedMonths} of ${result.months} month(s) were already cached.\n` +
        `Files: ${result.dir}\nUse: --market replay:${root}  (or replay:${result.dir} for this series only)\n`,
    );
  } catch (error) {
    bar.done();
    if (error instanceof InvalidInput || error instanceof ExchangeRejection) {
      process.stderr.write(`binance-mcp: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
