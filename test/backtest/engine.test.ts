import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBacktestMarket, runBacktest } from '../../src/backtest/index.js';
import { instantiateTemplate } from '../../src/strategy/index.js';
import { backtestFile, HOUR, smaCross, T0, wavyBars, writeCsv, type FixtureBar } from './support.js';

const flat = (price: number, n: number): FixtureBar[] =>
  Array.from({ length: n }, () => ({ o: price, h: price * 1.001, l: price * 0.999, c: price, v: 100 }));

describe('backtest engine', () => {
  it('a stop-loss is sold at market on the print that crosses it, a gap below it fills below it', async () => {
    // flat, then a bar that gaps down 10% at its open: the 3% stop cannot be filled at the stop price
    const bars = [...flat(30_000, 30), { o: 27_000, h: 27_100, l: 26_900, c: 27_000, v: 100 }, ...flat(27_000, 10)];
    const r = await backtestFile(writeCsv(bars), {
      type: 'signal',
      name: 'stop',
      symbols: ['BTCUSDT'],
      interval: '1h',
      entry: { always: true },
      sizing: { kind: 'percent_equity', percent: 50 },
      protection: { stopLoss: { percent: 3 } },
    });
    const stopped = r.trades.find((t) => t.exitReason === 'stop-loss');
    expect(stopped).toBeDefined();
    expect(stopped!.exitTime).toBeGreaterThanOrEqual(T0 + 30 * HOUR);
    expect(stopped!.exitTime).toBeLessThan(T0 + 31 * HOUR);
    expect(stopped!.exitPrice).toBeLessThan(27_100);
    expect(stopped!.exitPrice).toBeGreaterThan(26_800);
  });

  it('a take-profit rests as a LIMIT sell and fills as maker at its price', async () => {
    const bars = [
      ...flat(30_000, 5),
      ...Array.from({ length: 20 }, (_, i) => ({
        o: 30_000 + i * 100,
        h: 30_000 + i * 100 + 150,
        l: 30_000 + i * 100 - 50,
        c: 30_000 + (i + 1) * 100,
        v: 100,
      })),
    ];
    const r = await backtestFile(writeCsv(bars), {
      type: 'signal',
      name: 'tp',
      symbols: ['BTCUSDT'],
      interval: '1h',
      entry: { always: true },
      sizing: { kind: 'fixed_quote', amount: 1000 },
      protection: { takeProfit: { percent: 2 } },
    });
    const tp = r.trades.find((t) => t.exitReason === 'take-profit');
    expect(tp).toBeDefined();
    expect(tp!.exitPrice / tp!.entryPrice).toBeCloseTo(1.02, 3);
  });

  it("the operator's risk limits deny orders in a backtest as in paper trading", async () => {
    const r = await backtestFile(writeCsv(wavyBars(300)), smaCross(), { riskLimits: { maxTradeSizeUsd: '50' } });
    expect(r.trades).toHaveLength(0);
    expect(r.riskDenials.count).toBeGreaterThan(0);
    expect(r.riskDenials.examples[0]!.code).toBe('MAX_TRADE_SIZE_EXCEEDED');
    expect(r.assumptions.join(' ')).toContain('maxTradeSizeUsd 50');
  });

  it('buy-and-hold through the engine: decided at the first close, bought at the second open, paying fee and spread', async () => {
    const bars = wavyBars(200);
    const r = await backtestFile(writeCsv(bars), instantiateTemplate('buy-and-hold').strategy);
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]!.entryTime).toBe(T0 + HOUR);
    expect(r.metrics.feesPaid).toBeCloseTo(10, 1); // 0.1% taker on 10,000
    const feeFree = bars[199]!.c / bars[1]!.o - 1;
    const gap = feeFree - r.metrics.totalReturn;
    expect(gap).toBeGreaterThan(0.0009);
    expect(gap).toBeLessThan(0.003);
    // the benchmark is the market over the whole range: from the first bar's open
    expect(r.buyAndHold.totalReturn).toBeCloseTo(bars[199]!.c / bars[0]!.o - 1, 3);
  });

  it('a grid rests limit orders that fill on the swings', async () => {
    const r = await backtestFile(
      writeCsv(wavyBars(400)),
      instantiateTemplate('grid', { levels: 8, lowerPercent: 15, upperPercent: 15, quotePerLevel: 500 }).strategy,
    );
    expect(r.orders.placed).toBeGreaterThan(8);
    expect(r.trades.filter((t) => t.exitReason.startsWith('grid level')).length).toBeGreaterThan(2);
    for (const t of r.trades.filter((x) => x.exitReason.startsWith('grid'))) expect(t.pnl).toBeGreaterThan(0);
  });

  it('is cancellable through an AbortSignal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(backtestFile(writeCsv(wavyBars(5000)), smaCross(), { signal: controller.signal })).rejects.toThrow(
      /canceled/,
    );
  });

  it('states its assumptions and the metric conventions in the result', async () => {
    const r = await backtestFile(writeCsv(wavyBars(300)), smaCross());
    const text = r.assumptions.join(' ');
    for (const phrase of ['closed bars only', "next bar's open", 'O-L-H-C', 'Fees', 'risk engine'])
      expect(text).toContain(phrase);
    expect(r.metrics.conventions).toContain('sqrt(365)');
    expect(r.equityCurve.length).toBeGreaterThan(100);
  });

  const shared = resolve(__dirname, '../../../shared/data/klines/BTCUSDT_1m_20230301_20230321.csv');
  it.skipIf(!existsSync(shared))(
    'runs a template on real Binance candles (skipped when ../shared/data/klines is absent)',
    async () => {
      const { strategy, hash } = instantiateTemplate('ema-cross', { interval: '1h' });
      const market = openBacktestMarket(`replay:${shared}`, strategy.symbols);
      try {
        const r = await runBacktest({ strategy, hash, market, from: market.range!.from, to: market.range!.to });
        expect(r.range.bars).toBeGreaterThan(400);
        expect(r.trades.length).toBeGreaterThan(3);
        expect(r.buyAndHold.totalReturn).toBeGreaterThan(0.1);
      } finally {
        await market.close();
      }
    },
  );
});

describe('ATR protection', () => {
  it('stop and target measured in different ATRs each use their own, and no entry happens before the ATR is warm', async () => {
    const r = await backtestFile(writeCsv(wavyBars(300)), {
      type: 'signal',
      name: 'atr',
      symbols: ['BTCUSDT'],
      interval: '1h',
      indicators: { short: { kind: 'atr', period: 5 }, long: { kind: 'atr', period: 50 } },
      entry: { always: true },
      sizing: { kind: 'risk_per_trade', percent: 1 },
      protection: { stopLoss: { atr: 'long', multiple: 2 }, takeProfit: { atr: 'short', multiple: 1 } },
    });
    expect(r.trades.length).toBeGreaterThan(0);
    // ATR(50) is warm from bar 50 on: the first entry is decided at that close and filled at the next open
    expect(r.trades[0]!.entryTime).toBeGreaterThanOrEqual(T0 + 50 * HOUR);
    expect(r.trades.some((t) => t.exitReason === 'take-profit')).toBe(true);
  });
});

describe('unsellable remainders', () => {
  it('a stopped lot worth less than MIN_NOTIONAL ends as dust valued at the price, without a storm of refused orders', async () => {
    // 1.5 USDT bought (MIN_NOTIONAL 1), then the price halves: the stop would sell 0.75 USDT
    const bars = [...flat(30_000, 5), { o: 30_000, h: 30_000, l: 15_000, c: 15_000, v: 100 }, ...flat(15_000, 20)];
    const r = await backtestFile(writeCsv(bars), {
      type: 'signal',
      name: 'dust',
      symbols: ['BTCUSDT'],
      interval: '1h',
      entry: { always: true },
      sizing: { kind: 'fixed_quote', amount: '1.5' },
      protection: { stopLoss: { percent: 10 } },
    });
    expect(r.orders.rejected).toBe(0);
    const dust = r.trades.find((t) => t.exitReason.includes('below MIN_NOTIONAL'));
    expect(dust).toBeDefined();
    // valued where the 10% stop was crossed (the end of that sub-step), not at the bar's low
    expect(dust!.exitPrice).toBeLessThanOrEqual(27_001.5);
    expect(dust!.exitPrice).toBeGreaterThan(24_000);
    expect(dust!.returnPct).toBeLessThan(-0.09);
    expect(dust!.returnPct).toBeGreaterThan(-0.12);
  });
});
