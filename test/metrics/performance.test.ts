import { describe, expect, it } from 'vitest';
import {
  cagr,
  drawdowns,
  performanceMetrics,
  periodReturns,
  sharpe,
  sortino,
  tradeStats,
  type ClosedTrade,
} from '../../src/metrics/index.js';

const DAY = 86_400_000;
const curveOf = (values: number[], stepMs = DAY) =>
  values.map((equity, i) => ({ time: i * stepMs, equity, exposure: i % 2 }));
const trade = (pnl: number, cost = 100): ClosedTrade => ({
  symbol: 'X',
  entryTime: 0,
  exitTime: 1,
  entryPrice: 1,
  exitPrice: 1,
  quantity: 1,
  pnl,
  returnPct: pnl / cost,
  fees: 0,
  exitReason: 'exit',
});

describe('metrics', () => {
  it('max drawdown and its duration from the running peak', () => {
    const dd = drawdowns(curveOf([100, 120, 90, 110, 130, 65, 70]));
    expect(dd.maxDrawdown).toBeCloseTo(0.5, 12);
    // 120 at day 1 is not regained until day 4: 2 days under it; 130 at day 4 never regained: 2 days to the end
    expect(dd.maxDurationMs).toBe(2 * DAY);
    expect([...dd.series].map((x) => Number(x.toFixed(4)))).toEqual([0, 0, 0.25, 0.0833, 0, 0.5, 0.4615]);
  });

  it('CAGR over 365-day years', () => {
    expect(cagr(100, 121, 730 * DAY)).toBeCloseTo(0.1, 12);
    expect(cagr(100, 110, 365 * DAY)).toBeCloseTo(0.1, 12);
    expect(cagr(0, 110, DAY)).toBeNull();
  });

  it('Sharpe and Sortino of daily returns annualised by sqrt(365), risk-free 0', () => {
    const r = [0.01, -0.02, 0.03, 0.0];
    const m = 0.005;
    const sd = Math.sqrt((0.005 ** 2 + 0.025 ** 2 + 0.025 ** 2 + 0.005 ** 2) / 3);
    expect(sharpe(r, 1)).toBeCloseTo((m / sd) * Math.sqrt(365), 10);
    const down = Math.sqrt(0.02 ** 2 / 4);
    expect(sortino(r, 1)).toBeCloseTo((m / down) * Math.sqrt(365), 10);
    expect(sharpe([0.01, 0.01], 1)).toBeNull();
  });

  it('intraday marks are resampled to UTC-day closes', () => {
    const hourly = Array.from({ length: 72 }, (_, i) => ({
      time: i * 3_600_000,
      equity: 100 + Math.floor(i / 24) * 10 + (i % 24),
    }));
    const { returns, periodDays } = periodReturns(hourly);
    expect(periodDays).toBe(1);
    // opening 100; day closes 123, 133, 143
    expect(returns.map((x) => Number(x.toFixed(6)))).toEqual([
      0.23,
      Number((133 / 123 - 1).toFixed(6)),
      Number((143 / 133 - 1).toFixed(6)),
    ]);
  });

  it('trade statistics: profit factor, win rate, expectancy', () => {
    const stats = tradeStats([trade(30), trade(-10), trade(-20), trade(40)]);
    expect(stats.profitFactor).toBeCloseTo(70 / 30, 12);
    expect(stats.winRate).toBe(0.5);
    expect(stats.expectancy).toBe(10);
    expect(stats.expectancyPct).toBeCloseTo(0.1, 12);
    expect(tradeStats([]).profitFactor).toBeNull();
  });

  it('the whole set, with its conventions stated', () => {
    const m = performanceMetrics(curveOf([100, 110, 99, 121]), [trade(21)], 1.5);
    expect(m.totalReturn).toBeCloseTo(0.21, 12);
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(m.calmar).toBeCloseTo(m.cagr! / 0.1, 9);
    expect(m.exposure).toBe(0.5);
    expect(m.trades).toBe(1);
    expect(m.feesPaid).toBe(1.5);
    expect(m.conventions).toContain('sqrt(365)');
    expect(m.conventions).toContain('risk-free rate 0');
  });
});
