import { describe, expect, it } from 'vitest';
import { loadBars, loadBarsFromTape } from '../../src/backtest/bars.js';
import { openBacktestMarket } from '../../src/backtest/index.js';
import { comparable, runScenario, SCENARIOS } from './fast-path-scenarios.js';
import { HOUR, T0, wavyBars, writeCsv } from './support.js';

const MINUTE = 60_000;

describe('the fast path gives the reference path’s results exactly', () => {
  for (const sc of SCENARIOS) {
    it(
      sc.name,
      async () => {
        const fast = await runScenario(sc, 'fast');
        const reference = await runScenario(sc, 'reference');
        // Same trades (times, prices, quantities, fees, reasons), same orders, same equity curve, same metrics: bit for bit.
        expect(comparable(fast)).toEqual(comparable(reference));
        expect(fast.trades.length + fast.riskDenials.count).toBeGreaterThan(0);
      },
      60_000,
    );
  }

  it('the scenarios reach stops, trailing stops, take-profits, limit entries, grids and risk denials', async () => {
    const reasons = new Set<string>();
    let denials = 0;
    for (const sc of SCENARIOS) {
      const r = await runScenario(sc, 'fast');
      for (const t of r.trades) reasons.add(t.exitReason.replace(/ \(.*$/, '').replace(/ \d+$/, ''));
      denials += r.riskDenials.count;
    }
    for (const reason of ['stop-loss', 'trailing stop', 'take-profit', 'exit signal', 'grid level'])
      expect([...reasons]).toContain(reason);
    expect(denials).toBeGreaterThan(0);
  }, 120_000);
});

describe('bars read from the tape equal bars read as candles', () => {
  const cases: [string, string, '1m' | '5m' | '1h', number | undefined, number | undefined][] = [
    ['replay, recorded interval', `replay:${writeCsv(wavyBars(300))}`, '1h', T0 + 7 * HOUR, T0 + 250 * HOUR],
    ['replay, aggregated', `replay:${writeCsv(wavyBars(900), T0 + 3 * MINUTE, MINUTE)}`, '5m', undefined, undefined],
    ['synthetic', 'synthetic:5', '1m', Date.UTC(2025, 0, 6), Date.UTC(2025, 0, 6) + 1500 * MINUTE],
  ];
  for (const [name, spec, interval, from, to] of cases) {
    it(name, async () => {
      const market = openBacktestMarket(spec, ['BTCUSDT']);
      try {
        const a = from ?? market.range!.from;
        const b = to ?? market.range!.to;
        const candles = await loadBars(market, 'BTCUSDT', interval, a, b);
        const tape = loadBarsFromTape(market, 'BTCUSDT', interval, a, b);
        expect(tape.length).toBeGreaterThan(100);
        expect({ ...tape }).toEqual({ ...candles });
      } finally {
        await market.close();
      }
    });
  }
});
