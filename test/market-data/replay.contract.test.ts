import { existsSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { openReplay } from '../../src/exchanges/replay/index.js';
import { runMarketDataContract } from '../contract/market-data.contract.js';
import { binanceCsv, headedCsv, makeCandles, tempDir, writeFixture } from './kline-fixtures.js';

const MINUTE = 60_000;
const START = Date.UTC(2024, 0, 1);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const klines = resolve(repoRoot, '../shared/data/klines');

function harness(path: string) {
  return async () => {
    let clock!: ManualClock;
    const md = openReplay(path, { clock: (t) => (clock = new ManualClock(t)) });
    return {
      md,
      clock,
      advance: (ms: number) => {
        clock.advance(ms);
        md.pump();
      },
      cleanup: () => md.close(),
    };
  };
}

const folder = tempDir();
writeFixture(folder, 'BTCUSD_1m.csv', binanceCsv(makeCandles(2000, START, MINUTE, 40_000, 3), MINUTE));
writeFixture(folder, 'FOOUSDT.csv', headedCsv(makeCandles(1600, START, MINUTE, 12, 9), 'iso'));
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));

runMarketDataContract('replay (temp folder: 12-column + headed ISO)', harness(folder), { symbol: 'BTCUSD' });
runMarketDataContract('replay (temp folder, derived market FOOUSDT)', harness(folder), { symbol: 'FOOUSDT' });

describe.skipIf(!existsSync(klines))(
  'replay on the real Binance.US data (skipped: ../shared/data/klines is absent)',
  () => {
    runMarketDataContract(
      'replay (real BTCUSD 1m, March 2023)',
      harness(resolve(klines, 'BTCUSD_1m_20230301_20230321.csv')),
    );
    runMarketDataContract(
      'replay (real BTCUSDT 1h, µs times, January 2025)',
      harness(resolve(klines, 'binance-btcusdt-1h-2025-01.csv')),
    );
  },
);
