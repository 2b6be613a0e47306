import { describe, expect, it } from 'vitest';
import { bySymbol, dailyReturns, histogram, monthlyReturns, type ClosedTrade } from '../../src/metrics/index.js';

const H = 3_600_000;
const JAN30 = Date.UTC(2026, 0, 30);
const trade = (symbol: string, pnl: number, fees = 1): ClosedTrade => ({
  symbol,
  entryTime: 0,
  exitTime: 1,
  entryPrice: 1,
  exitPrice: 1,
  quantity: 1,
  pnl,
  returnPct: pnl / 100,
  fees,
  exitReason: 'sell',
});

describe('breakdown', () => {
  it('dailyReturns when marks span three UTC days then each day closes on its last mark', () => {
    const curve = [
      { time: JAN30 + 1 * H, equity: 100 },
      { time: JAN30 + 20 * H, equity: 110 }, // day 1 closes at 110: +10%
      { time: JAN30 + 30 * H, equity: 99 }, // day 2 closes at 99: -10%
      { time: JAN30 + 50 * H, equity: 99 }, // day 3 (Feb 1): 0
    ];
    const daily = dailyReturns(curve);
    expect(daily.map((d) => d.period)).toEqual(['2026-01-30', '2026-01-31', '2026-02-01']);
    expect(daily.map((d) => Number(d.return.toFixed(6)))).toEqual([0.1, -0.1, 0]);
    const monthly = monthlyReturns(curve);
    expect(monthly.map((m) => m.period)).toEqual(['2026-01', '2026-02']);
    expect(monthly[0]!.return).toBeCloseTo(-0.01, 12);
    expect(monthly[1]!.return).toBe(0);
  });

  it('histogram when values spread then counts each in its bin and the maximum in the last', () => {
    const h = histogram([-2, -1, 0, 1, 2], 4);
    expect(h.edges).toEqual([-2, -1, 0, 1, 2]);
    expect(h.counts).toEqual([1, 1, 1, 2]);
    expect(histogram([], 4)).toEqual({ edges: [], counts: [] });
    expect(histogram([3, 3], 2).counts).toEqual([0, 2]);
  });

  it('bySymbol when trades of two symbols then groups them, largest P&L first', () => {
    const rows = bySymbol([trade('ETHUSD', 5), trade('BTCUSD', 30), trade('BTCUSD', -10), trade('ETHUSD', -1)]);
    expect(rows.map((r) => r.symbol)).toEqual(['BTCUSD', 'ETHUSD']);
    expect(rows[0]).toMatchObject({ trades: 2, pnl: 20, fees: 2, winRate: 0.5, profitFactor: 3 });
    expect(rows[1]).toMatchObject({ trades: 2, pnl: 4, winRate: 0.5, profitFactor: 5 });
  });
});
