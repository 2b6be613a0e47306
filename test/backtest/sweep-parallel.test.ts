import { describe, expect, it } from 'vitest';
import { openBacktestMarket } from '../../src/backtest/index.js';
import { runSweep } from '../../src/backtest/sweep.js';
import { runSweepParallel } from '../../src/backtest/sweep-parallel.js';
import { InvalidInput } from '../../src/model/errors.js';
import { HOUR, T0, wavyBars, writeCsv } from './support.js';

describe('parameter sweeps on worker threads', () => {
  const file = writeCsv(wavyBars(500));
  const grid = { fast: [3, 5, 8], slow: [20, 40] };

  it('give the single-thread rows and ranking exactly, on one worker and on two', async () => {
    const market = openBacktestMarket(`replay:${file}`, ['BTCUSDT']);
    const from = market.range!.from;
    const to = market.range!.to;
    let single;
    try {
      single = await runSweep({ template: 'sma-cross', base: { interval: '1h' }, grid, market, from, to });
    } finally {
      await market.close();
    }
    const progress: number[] = [];
    for (const workers of [1, 2]) {
      const parallel = await runSweepParallel({
        template: 'sma-cross',
        base: { interval: '1h' },
        grid,
        market: `replay:${file}`,
        symbols: ['BTCUSDT'],
        from,
        to,
        workers,
        onProgress: (done) => progress.push(done),
      });
      expect(parallel.rows).toEqual(single.rows);
      expect(parallel.split).toEqual(single.split);
      expect(parallel.notes[0]).toContain(`${workers} worker thread`);
    }
    expect(single.rows.some((r) => r.inSample.trades > 0)).toBe(true);
    expect(progress.filter((d) => d === 12)).toHaveLength(2);
  }, 60_000);

  it('a combination that cannot run fails the sweep with its own error', async () => {
    await expect(
      runSweepParallel({
        template: 'sma-cross',
        base: { interval: '1h' },
        grid,
        market: `replay:${file}`,
        symbols: ['BTCUSDT'],
        from: T0 + 2000 * HOUR,
        to: T0 + 3000 * HOUR,
        workers: 2,
      }),
    ).rejects.toThrow(InvalidInput);
  }, 60_000);

  it('refuses a worker count it cannot use', async () => {
    await expect(
      runSweepParallel({
        template: 'sma-cross',
        grid,
        market: 'synthetic',
        symbols: ['BTCUSDT'],
        from: 0,
        to: 1,
        workers: 0,
      }),
    ).rejects.toThrow(/workers: 0 is not usable/);
  });
});
