import { describe, expect, it } from 'vitest';
import { openBacktestMarket } from '../../src/backtest/index.js';
import { combinations, overfitWarning, runSweep } from '../../src/backtest/sweep.js';
import { wavyBars, writeCsv } from './support.js';

describe('parameter sweeps and walk-forward', () => {
  it('combinations is the cartesian product of the grid', () => {
    expect(combinations({ fast: [5, 10], slow: [20, 50, 100] })).toHaveLength(6);
    expect(combinations({ fast: [5] })).toEqual([{ fast: 5 }]);
    expect(() => combinations({ fast: [] })).toThrow(/grid.fast/);
  });

  it('flags out-of-sample results far below in-sample', () => {
    const h = (sharpe: number | null, totalReturn: number) => ({
      sharpe,
      totalReturn,
      maxDrawdown: 0,
      trades: 1,
      winRate: 1,
      profitFactor: null,
    });
    expect(overfitWarning(h(2, 0.1), h(0.5, 0.01))).toMatch(/less than half/);
    expect(overfitWarning(h(2, 0.1), h(1.5, 0.05))).toBeNull();
    expect(overfitWarning(h(-1, 0.1), h(-2, -0.05))).toMatch(/out-of-sample lost/);
  });

  it('ranks every combination by in-sample Sharpe with out-of-sample figures beside it', async () => {
    const file = writeCsv(wavyBars(600));
    const market = openBacktestMarket(`replay:${file}`, ['BTCUSDT']);
    try {
      const result = await runSweep({
        template: 'sma-cross',
        grid: { fast: [5, 10], slow: [30, 60] },
        market,
        from: market.range!.from,
        to: market.range!.to,
      });
      expect(result.rows).toHaveLength(4);
      expect(result.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
      const sharpes = result.rows.map((r) => r.inSample.sharpe ?? -Infinity);
      expect([...sharpes].sort((a, b) => b - a)).toEqual(sharpes);
      expect(new Set(result.rows.map((r) => r.hash)).size).toBe(4);
      expect(result.split.inSample.to).toBe(result.split.outOfSample.from);
      for (const r of result.rows) expect(r.warning).toBe(overfitWarning(r.inSample, r.outOfSample));
    } finally {
      await market.close();
    }
  });
});
